#include "policy/parser.h"

#include <gtest/gtest.h>

namespace bulwark::policy {
namespace {

// The first finding's code, or "" when the policy parsed.
std::string FirstError(std::string_view text, PolicyKind kind = PolicyKind::kIdentity) {
  ParseOptions options;
  options.kind = kind;
  auto outcome = ParsePolicyText(text, options);
  if (outcome.document) return "";
  return outcome.findings.front().code;
}

TEST(PolicyParser, AcceptsStatementObjectAndArray) {
  auto one = ParsePolicy(R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}})");
  ASSERT_TRUE(one.ok()) << one.error().message;
  EXPECT_EQ(one->statements.size(), 1u);
  EXPECT_EQ(one->version, PolicyVersion::k2012_10_17);
  auto two = ParsePolicy(R"({"Statement":[{"Sid":"A1","Effect":"Deny","NotAction":["iam:*"],"NotResource":"arn:aws:s3:::b/*"},
                                           {"Effect":"Allow","Action":"*","Resource":"*"}]})");
  ASSERT_TRUE(two.ok()) << two.error().message;
  EXPECT_EQ(two->version, PolicyVersion::k2008_10_17);
  EXPECT_FALSE(two->version_present);
  EXPECT_TRUE(two->statements[0].not_action);
  EXPECT_TRUE(two->statements[0].not_resource);
  EXPECT_EQ(two->statements[0].effect, Effect::kDeny);
  EXPECT_EQ(two->statements[1].index, 1u);
}

TEST(PolicyParser, RecordsLocations) {
  auto doc = ParsePolicy("{\n \"Statement\": [{\n  \"Effect\": \"Allow\",\n  \"Action\": \"s3:Get*\",\n  \"Resource\": \"*\"}]}");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->statements[0].actions[0].location.line, 4u);
  EXPECT_EQ(doc->statements[0].actions[0].location.column, 13u);
}

TEST(PolicyParser, RejectsMissingOrInvalidRequiredElements) {
  EXPECT_EQ(FirstError(R"({"Statement":{"Action":"s3:*","Resource":"*"}})"), "MISSING_EFFECT");
  EXPECT_EQ(FirstError(R"({"Statement":{"Effect":"allow","Action":"s3:*","Resource":"*"}})"), "INVALID_EFFECT");
  EXPECT_EQ(FirstError(R"({"Statement":{"Effect":"Allow","Resource":"*"}})"), "MISSING_ACTION");
  EXPECT_EQ(FirstError(R"({"Statement":{"Effect":"Allow","Action":"s3:*"}})"), "MISSING_RESOURCE");
  EXPECT_EQ(FirstError(R"({"Statement":{"Effect":"Allow","Action":"GetObject","Resource":"*"}})"), "INVALID_ACTION");
  EXPECT_EQ(FirstError(R"({"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"bucket"}})"), "INVALID_ARN_PREFIX");
  EXPECT_EQ(FirstError(R"({"Version":"2012-10-18","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}})"), "INVALID_VERSION");
  EXPECT_EQ(FirstError(R"({"Version":"2012-10-17"})"), "MISSING_STATEMENT");
  EXPECT_EQ(FirstError(R"({"Statement":{"Effect":"Allow","Action":"s3:*","NotAction":"s3:x","Resource":"*"}})"), "UNSUPPORTED_ELEMENT_COMBINATION");
  EXPECT_EQ(FirstError(R"({"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Foo":1}})"), "INVALID_POLICY_ELEMENT");
  EXPECT_EQ(FirstError(R"({"Statement":{"Effect":"Allow","Action":[],"Resource":"*"}})"), "MISSING_ACTION");
  EXPECT_EQ(FirstError(R"({"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Effect":"Deny"}})"), "DUPLICATE_KEY");
}

TEST(PolicyParser, PrincipalRulesDependOnPolicyKind) {
  const char* with_principal = R"({"Statement":{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"s3:*","Resource":"*"}})";
  EXPECT_EQ(FirstError(with_principal, PolicyKind::kIdentity), "UNSUPPORTED_PRINCIPAL");
  EXPECT_EQ(FirstError(with_principal, PolicyKind::kResource), "");
  EXPECT_EQ(FirstError(R"({"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}})", PolicyKind::kResource),
            "MISSING_PRINCIPAL");
  EXPECT_EQ(FirstError(R"({"Statement":{"Effect":"Allow","Principal":{"AWS":"bob"},"Action":"s3:*","Resource":"*"}})",
                       PolicyKind::kResource),
            "INVALID_PRINCIPAL");
  EXPECT_EQ(FirstError(R"({"Statement":{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}})",
                       PolicyKind::kTrust),
            "");
  EXPECT_EQ(FirstError(R"({"Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Resource":"*"}})",
                       PolicyKind::kTrust),
            "ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE");
}

TEST(PolicyParser, AcceptsEveryAwsPrincipalForm) {
  const char* policy = R"({"Statement":{"Effect":"Allow","Principal":{"AWS":[
      "*", "111122223333", "arn:aws:iam::111122223333:root", "arn:aws:iam::111122223333:user/a/b",
      "arn:aws:iam::111122223333:role/r", "arn:aws:sts::111122223333:assumed-role/r/s",
      "AIDAJQABLZS4A3QDU576Q"], "CanonicalUser": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be",
      "Federated": "cognito-identity.amazonaws.com"},"Action":"s3:*","Resource":"*"}})";
  auto doc = ParsePolicy(policy, ParseOptions{PolicyKind::kResource, 0});
  ASSERT_TRUE(doc.ok()) << doc.error().message;
  EXPECT_EQ(doc->statements[0].principal.aws.size(), 7u);
}

TEST(PolicyParser, ParsesConditionOperatorsWithQualifiers) {
  auto doc = ParsePolicy(R"({"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{
      "ForAnyValue:StringLikeIfExists":{"aws:TagKeys":["a*","b"]},
      "Bool":{"aws:SecureTransport":false}, "NumericLessThan":{"s3:max-keys":10}}}})");
  ASSERT_TRUE(doc.ok()) << doc.error().message;
  const auto& conditions = doc->statements[0].conditions;
  ASSERT_EQ(conditions.size(), 3u);
  EXPECT_EQ(conditions[0].op.qualifier, SetQualifier::kForAnyValue);
  EXPECT_EQ(conditions[0].op.test, ConditionTest::kStringLike);
  EXPECT_TRUE(conditions[0].op.if_exists);
  EXPECT_EQ(conditions[0].values.size(), 2u);
  EXPECT_EQ(conditions[1].values[0].value, "false");
  EXPECT_EQ(conditions[2].values[0].value, "10");
  EXPECT_EQ(FirstError(R"({"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEqualz":{"a:b":"c"}}}})"),
            "INVALID_CONDITION_OPERATOR");
  EXPECT_EQ(FirstError(R"({"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"NullIfExists":{"a:b":"true"}}}})"),
            "NULL_WITH_IF_EXISTS");
}

TEST(PolicyParser, SidRulesDependOnPolicyKind) {
  const char* dashed = R"({"Statement":[{"Sid":"my-sid","Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]})";
  EXPECT_EQ(FirstError(dashed, PolicyKind::kResource), "");
  EXPECT_EQ(FirstError(R"({"Statement":[{"Sid":"my-sid","Effect":"Allow","Action":"s3:*","Resource":"*"}]})"), "UNSUPPORTED_SID");
  EXPECT_EQ(FirstError(R"({"Statement":[{"Sid":"A","Effect":"Allow","Action":"s3:*","Resource":"*"},
                                        {"Sid":"A","Effect":"Deny","Action":"s3:*","Resource":"*"}]})"),
            "UNIQUE_SIDS_REQUIRED");
}

TEST(PolicyParser, EnforcesSizeQuotaIgnoringWhitespace) {
  std::string big = R"({"Statement":{"Effect":"Allow","Action":[)";
  for (int i = 0; i < 700; ++i) big += "\"s3:GetObject\",     ";
  big += R"("s3:PutObject"],"Resource":"*"}})";
  auto result = ParsePolicy(big, ParseOptions{PolicyKind::kIdentity, PolicyQuotas::kManagedPolicy});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, "LimitExceeded");
  auto counted = ParsePolicy(R"({ "Statement" : { "Effect" : "Allow", "Action" : "s3:*", "Resource" : "*" } })");
  ASSERT_TRUE(counted.ok());
  EXPECT_EQ(counted->size_chars, std::string(R"({"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}})").size());
}

TEST(PolicyParser, RejectsExcessiveNesting) {
  std::string deep = R"({"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"a:b":)";
  for (int i = 0; i < 40; ++i) deep += "[";
  for (int i = 0; i < 40; ++i) deep += "]";
  deep += "}}}}";
  EXPECT_EQ(FirstError(deep), "JSON_SYNTAX_ERROR");
}

}  // namespace
}  // namespace bulwark::policy
