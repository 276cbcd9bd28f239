// Each condition operator family, the IfExists suffix, the set qualifiers with missing and empty
// sets, negated operators on missing keys, checked through full evaluations so the deciding
// statement is asserted too ("IAM JSON policy elements: Condition operators", "Single-valued vs.
// multivalued context keys").
#include <gtest/gtest.h>

#include "policy/condition_value.h"
#include "policy/policy_test_util.h"

namespace bulwark::policy::testing {
namespace {

struct Case {
  const char* name;
  std::string condition;                                  // Condition block JSON
  std::map<std::string, std::string> context;             // single-valued keys
  std::map<std::string, std::vector<std::string>> lists;  // multivalued keys
  EvalDecision expected;
};

// The decision points into the policy: both are returned so the policy outlives the decision.
struct Outcome {
  std::shared_ptr<const CompiledPolicy> policy;
  Decision decision;
};

Outcome EvaluateCase(const Case& c) {
  auto p = Compile(Policy(Statement("Allow", "s3:GetObject", "*", c.condition, "Cond")));
  PolicySet set;
  set.identity.push_back(p.get());
  auto req = Request(kAlice, "s3:GetObject", "arn:aws:s3:::b/k", c.context);
  for (const auto& [k, v] : c.lists) req.context.SetList(k, v);
  return Outcome{p, Evaluate(set, req)};
}

class ConditionOperator : public ::testing::TestWithParam<Case> {};

TEST_P(ConditionOperator, DecidesAsAwsAndNamesTheStatement) {
  const Case& c = GetParam();
  const Outcome outcome = EvaluateCase(c);
  const Decision& d = outcome.decision;
  EXPECT_EQ(EvalDecisionName(d.decision), EvalDecisionName(c.expected)) << c.condition;
  if (c.expected == EvalDecision::kAllowed) {
    EXPECT_EQ(Sids(d), std::vector<std::string>{"Cond"});
  } else {
    EXPECT_TRUE(d.matched.empty());
  }
}

constexpr auto A = EvalDecision::kAllowed;
constexpr auto N = EvalDecision::kImplicitDeny;

const char* kDocArn = "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt";

INSTANTIATE_TEST_SUITE_P(
    String, ConditionOperator,
    ::testing::Values(
        Case{"StringEquals", R"({"StringEquals":{"aws:PrincipalTag/team":"payments"}})", {{"aws:PrincipalTag/team", "payments"}}, {}, A},
        Case{"StringEqualsIsCaseSensitive", R"({"StringEquals":{"aws:PrincipalTag/team":"Payments"}})", {{"aws:PrincipalTag/team", "payments"}}, {}, N},
        Case{"KeyNamesAreCaseInsensitive", R"({"StringEquals":{"AWS:principaltag/TEAM":"payments"}})", {{"aws:PrincipalTag/team", "payments"}}, {}, A},
        Case{"ValuesOfOneKeyAreOred", R"({"StringEquals":{"k:x":["a","b"]}})", {{"k:x", "b"}}, {}, A},
        Case{"StringNotEquals", R"({"StringNotEquals":{"k:x":["a","b"]}})", {{"k:x", "c"}}, {}, A},
        Case{"StringNotEqualsMatchingAnyValue", R"({"StringNotEquals":{"k:x":["a","b"]}})", {{"k:x", "a"}}, {}, N},
        Case{"StringEqualsIgnoreCase", R"({"StringEqualsIgnoreCase":{"k:x":"ABC"}})", {{"k:x", "abc"}}, {}, A},
        Case{"StringNotEqualsIgnoreCase", R"({"StringNotEqualsIgnoreCase":{"k:x":"ABC"}})", {{"k:x", "abc"}}, {}, N},
        Case{"StringLike", R"({"StringLike":{"k:x":"pay*-?"}})", {{"k:x", "payments-1"}}, {}, A},
        Case{"StringLikeQuestionMarkIsOneCharacter", R"({"StringLike":{"k:x":"pay*-?"}})", {{"k:x", "payments-10"}}, {}, N},
        Case{"StringLikeSeveralStars", R"({"StringLike":{"k:x":"a*b*c"}})", {{"k:x", "a-b-b-c"}}, {}, A},
        Case{"StringLikeIsCaseSensitive", R"({"StringLike":{"k:x":"Pay*"}})", {{"k:x", "payments"}}, {}, N},
        Case{"StringNotLike", R"({"StringNotLike":{"k:x":"pay*"}})", {{"k:x", "ops"}}, {}, A},
        Case{"StringLikeCrossesColonsUnlikeArnLike", R"({"StringLike":{"k:x":"arn:aws:someservice:*:111122223333:finance/*"}})", {{"k:x", kDocArn}}, {}, A}),
    [](const ::testing::TestParamInfo<Case>& param_info) { return std::string(param_info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    NumericDateBoolBinary, ConditionOperator,
    ::testing::Values(
        Case{"NumericLessThan", R"({"NumericLessThan":{"s3:max-keys":"10"}})", {{"s3:max-keys", "9"}}, {}, A},
        Case{"NumericLessThanBoundary", R"({"NumericLessThan":{"s3:max-keys":10}})", {{"s3:max-keys", "10"}}, {}, N},
        Case{"NumericLessThanEquals", R"({"NumericLessThanEquals":{"s3:max-keys":10}})", {{"s3:max-keys", "10"}}, {}, A},
        Case{"NumericGreaterThan", R"({"NumericGreaterThan":{"k:n":"1.5"}})", {{"k:n", "2"}}, {}, A},
        Case{"NumericGreaterThanEquals", R"({"NumericGreaterThanEquals":{"k:n":"2"}})", {{"k:n", "1"}}, {}, N},
        Case{"NumericEqualsAcrossNotations", R"({"NumericEquals":{"k:n":"2e3"}})", {{"k:n", "2000.0"}}, {}, A},
        Case{"NumericNotEquals", R"({"NumericNotEquals":{"k:n":"2"}})", {{"k:n", "3"}}, {}, A},
        Case{"NumericUnparsableContextNeverMatches", R"({"NumericEquals":{"k:n":"2"}})", {{"k:n", "two"}}, {}, N},
        Case{"NumericInfinityIsNoNumber", R"({"NumericGreaterThan":{"k:n":"1"}})", {{"k:n", "inf"}}, {}, N},
        Case{"DateLessThanIso", R"({"DateLessThan":{"aws:CurrentTime":"2027-01-01T00:00:00Z"}})", {{"aws:CurrentTime", "2026-11-28T23:45:00Z"}}, {}, A},
        Case{"DateGreaterThanDateOnly", R"({"DateGreaterThan":{"aws:CurrentTime":"2027-01-01"}})", {{"aws:CurrentTime", "2026-11-28T23:45:00Z"}}, {}, N},
        Case{"DateEpochContextAgainstIsoPolicy", R"({"DateLessThanEquals":{"aws:EpochTime":"2026-11-28T23:45:00Z"}})", {{"aws:EpochTime", "1795909500"}}, {}, A},
        Case{"DateEpochPolicyAgainstIsoContext", R"({"DateGreaterThan":{"aws:CurrentTime":"1700000000"}})", {{"aws:CurrentTime", "2026-11-28T23:45:00Z"}}, {}, A},
        Case{"DateWithOffset", R"({"DateEquals":{"k:d":"2026-11-29T01:45:00+02:00"}})", {{"k:d", "2026-11-28T23:45:00Z"}}, {}, A},
        Case{"DateWithoutSeconds", R"({"DateEquals":{"k:d":"2026-11-28T23:45Z"}})", {{"k:d", "2026-11-28T23:45:00Z"}}, {}, A},
        Case{"DateNotEquals", R"({"DateNotEquals":{"k:d":"2026-11-28T23:45:00Z"}})", {{"k:d", "2026-11-28T23:45:01Z"}}, {}, A},
        Case{"DateFractionsCount", R"({"DateGreaterThanEquals":{"k:d":"2026-11-28T23:45:00.500Z"}})", {{"k:d", "2026-11-28T23:45:00Z"}}, {}, N},
        Case{"DateImpossibleDayNeverMatches", R"({"DateLessThan":{"k:d":"2026-02-30"}})", {{"k:d", "2020-01-01"}}, {}, N},
        Case{"BoolTrue", R"({"Bool":{"aws:SecureTransport":"true"}})", {{"aws:SecureTransport", "true"}}, {}, A},
        Case{"BoolJsonLiteral", R"({"Bool":{"aws:SecureTransport":false}})", {{"aws:SecureTransport", "false"}}, {}, A},
        Case{"BoolIgnoresCase", R"({"Bool":{"aws:SecureTransport":"TRUE"}})", {{"aws:SecureTransport", "True"}}, {}, A},
        Case{"BoolMismatch", R"({"Bool":{"aws:SecureTransport":"true"}})", {{"aws:SecureTransport", "false"}}, {}, N},
        Case{"BoolNonBooleanContext", R"({"Bool":{"aws:SecureTransport":"true"}})", {{"aws:SecureTransport", "yes"}}, {}, N},
        Case{"BinaryEquals", R"({"BinaryEquals":{"k:b":"QmluYXJ5VmFsdWU="}})", {{"k:b", "QmluYXJ5VmFsdWU="}}, {}, A},
        Case{"BinaryEqualsComparesBytesNotPadding", R"({"BinaryEquals":{"k:b":"QmluYXJ5VmFsdWU="}})", {{"k:b", "QmluYXJ5VmFsdWU"}}, {}, A},
        Case{"BinaryEqualsMismatch", R"({"BinaryEquals":{"k:b":"QmluYXJ5VmFsdWU="}})", {{"k:b", "QmluYXJ5"}}, {}, N}),
    [](const ::testing::TestParamInfo<Case>& param_info) { return std::string(param_info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    IpAndArn, ConditionOperator,
    ::testing::Values(
        Case{"IpAddressV4", R"({"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}})", {{"aws:SourceIp", "10.1.2.3"}}, {}, A},
        Case{"IpAddressV4Outside", R"({"IpAddress":{"aws:SourceIp":["10.0.0.0/8","192.168.0.0/16"]}})", {{"aws:SourceIp", "172.16.0.1"}}, {}, N},
        Case{"IpAddressV6", R"({"IpAddress":{"aws:SourceIp":"2001:db8::/32"}})", {{"aws:SourceIp", "2001:db8:1234::1"}}, {}, A},
        Case{"IpAddressV6UpperCaseAsInTheGuide", R"({"IpAddress":{"aws:SourceIp":["203.0.113.0/24","2001:DB8:1234:5678::/64"]}})", {{"aws:SourceIp", "2001:db8:1234:5678:abcd::1"}}, {}, A},
        Case{"IpAddressV6Outside", R"({"IpAddress":{"aws:SourceIp":"2001:db8::/32"}})", {{"aws:SourceIp", "2001:db9::1"}}, {}, N},
        Case{"IpAddressFamilyMismatch", R"({"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}})", {{"aws:SourceIp", "::1"}}, {}, N},
        Case{"IpAddressWithoutPrefixIsOneHost", R"({"IpAddress":{"aws:SourceIp":"203.0.113.7"}})", {{"aws:SourceIp", "203.0.113.7"}}, {}, A},
        Case{"IpAddressOddPrefix", R"({"IpAddress":{"aws:SourceIp":"203.0.113.0/25"}})", {{"aws:SourceIp", "203.0.113.200"}}, {}, N},
        Case{"NotIpAddress", R"({"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}})", {{"aws:SourceIp", "8.8.8.8"}}, {}, A},
        Case{"NotIpAddressV6Inside", R"({"NotIpAddress":{"aws:SourceIp":"2001:db8::/32"}})", {{"aws:SourceIp", "2001:db8::5"}}, {}, N},
        Case{"ArnLike", R"({"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:111111111111:topic-*"}})", {{"aws:SourceArn", "arn:aws:sns:us-east-1:111111111111:topic-1"}}, {}, A},
        Case{"ArnLikeMatchesEachComponentAlone", R"({"ArnLike":{"k:a":"arn:aws:someservice:*:111122223333:finance/*"}})", {{"k:a", kDocArn}}, {}, N},
        Case{"ArnEqualsTakesWildcards", R"({"ArnEquals":{"aws:SourceArn":"arn:aws:sns:*:111111111111:t"}})", {{"aws:SourceArn", "arn:aws:sns:eu-west-1:111111111111:t"}}, {}, A},
        Case{"ArnLikeOnNonArnValue", R"({"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:*:*"}})", {{"aws:SourceArn", "not-an-arn"}}, {}, N},
        Case{"ArnNotLike", R"({"ArnNotLike":{"aws:SourceArn":"arn:aws:sns:*:*:*"}})", {{"aws:SourceArn", "arn:aws:sqs:us-east-1:1:q"}}, {}, A},
        Case{"ArnNotEqualsMatching", R"({"ArnNotEquals":{"aws:SourceArn":"arn:aws:sqs:us-east-1:1:q"}})", {{"aws:SourceArn", "arn:aws:sqs:us-east-1:1:q"}}, {}, N}),
    [](const ::testing::TestParamInfo<Case>& param_info) { return std::string(param_info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    MissingKeysNullAndIfExists, ConditionOperator,
    ::testing::Values(
        Case{"NullTrueWhenAbsent", R"({"Null":{"aws:TokenIssueTime":"true"}})", {}, {}, A},
        Case{"NullTrueWhenPresent", R"({"Null":{"aws:TokenIssueTime":"true"}})", {{"aws:TokenIssueTime", "2026-01-01T00:00:00Z"}}, {}, N},
        Case{"NullFalseWhenPresent", R"({"Null":{"aws:TokenIssueTime":"false"}})", {{"aws:TokenIssueTime", "2026-01-01T00:00:00Z"}}, {}, A},
        Case{"NullFalseWhenAbsent", R"({"Null":{"aws:TokenIssueTime":false}})", {}, {}, N},
        Case{"NullTrueWhenNoValues", R"({"Null":{"aws:TagKeys":"true"}})", {}, {{"aws:TagKeys", {}}}, A},
        Case{"MissingKeyPositiveOperator", R"({"StringEquals":{"aws:PrincipalTag/team":"x"}})", {}, {}, N},
        Case{"MissingKeyNegatedString", R"({"StringNotEquals":{"aws:PrincipalTag/team":"x"}})", {}, {}, A},
        Case{"MissingKeyNegatedLike", R"({"StringNotLike":{"k:x":"x*"}})", {}, {}, A},
        Case{"MissingKeyNegatedNumeric", R"({"NumericNotEquals":{"k:n":"1"}})", {}, {}, A},
        Case{"MissingKeyNegatedDate", R"({"DateNotEquals":{"k:d":"2026-01-01"}})", {}, {}, A},
        Case{"MissingKeyNotIpAddress", R"({"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}})", {}, {}, A},
        Case{"MissingKeyArnNotLike", R"({"ArnNotLike":{"aws:SourceArn":"arn:aws:sns:*:*:*"}})", {}, {}, A},
        Case{"MissingKeyBool", R"({"Bool":{"aws:SecureTransport":"false"}})", {}, {}, N},
        Case{"IfExistsMissingKey", R"({"StringEqualsIfExists":{"ec2:InstanceType":"t3.micro"}})", {}, {}, A},
        Case{"IfExistsPresentKeyMismatch", R"({"StringEqualsIfExists":{"ec2:InstanceType":"t3.micro"}})", {{"ec2:InstanceType", "m5.large"}}, {}, N},
        Case{"IfExistsNumeric", R"({"NumericLessThanIfExists":{"k:n":"5"}})", {{"k:n", "3"}}, {}, A},
        Case{"IfExistsNegatedMissingKey", R"({"StringNotEqualsIfExists":{"k:x":"a"}})", {}, {}, A},
        Case{"IfExistsNegatedPresentMatching", R"({"StringNotEqualsIfExists":{"k:x":"a"}})", {{"k:x", "a"}}, {}, N},
        Case{"IfExistsIpAddress", R"({"IpAddressIfExists":{"aws:SourceIp":"10.0.0.0/8"}})", {}, {}, A},
        Case{"IfExistsWinsOverForAnyValueOnMissingKey", R"({"ForAnyValue:StringEqualsIfExists":{"aws:TagKeys":"env"}})", {}, {}, A}),
    [](const ::testing::TestParamInfo<Case>& param_info) { return std::string(param_info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    SetQualifiers, ConditionOperator,
    ::testing::Values(
        Case{"ForAllValuesSubset", R"({"ForAllValues:StringEquals":{"aws:TagKeys":["env","team"]}})", {}, {{"aws:TagKeys", {"env"}}}, A},
        Case{"ForAllValuesNotSubset", R"({"ForAllValues:StringEquals":{"aws:TagKeys":["env","team"]}})", {}, {{"aws:TagKeys", {"env", "cost"}}}, N},
        Case{"ForAllValuesMissingKeyIsTrue", R"({"ForAllValues:StringEquals":{"aws:TagKeys":["env"]}})", {}, {}, A},
        Case{"ForAllValuesEmptySetIsTrue", R"({"ForAllValues:StringEquals":{"aws:TagKeys":["env"]}})", {}, {{"aws:TagKeys", {}}}, A},
        Case{"ForAllValuesEmptyStringIsAnEmptySet", R"({"ForAllValues:StringEquals":{"k:x":["env"]}})", {{"k:x", ""}}, {}, A},
        Case{"ForAllValuesNegated", R"({"ForAllValues:StringNotEquals":{"aws:TagKeys":["secret"]}})", {}, {{"aws:TagKeys", {"env", "team"}}}, A},
        Case{"ForAllValuesNegatedHit", R"({"ForAllValues:StringNotEquals":{"aws:TagKeys":["secret"]}})", {}, {{"aws:TagKeys", {"env", "secret"}}}, N},
        Case{"ForAllValuesNegatedMissingKey", R"({"ForAllValues:StringNotEquals":{"aws:TagKeys":["secret"]}})", {}, {}, A},
        Case{"ForAllValuesStringLike", R"({"ForAllValues:StringLike":{"aws:TagKeys":"Created*"}})", {}, {{"aws:TagKeys", {"CreatedBy", "CreatedAt"}}}, A},
        Case{"ForAnyValueOverlap", R"({"ForAnyValue:StringEquals":{"aws:TagKeys":["env","team"]}})", {}, {{"aws:TagKeys", {"cost", "team"}}}, A},
        Case{"ForAnyValueNoOverlap", R"({"ForAnyValue:StringEquals":{"aws:TagKeys":["env","team"]}})", {}, {{"aws:TagKeys", {"cost"}}}, N},
        Case{"ForAnyValueMissingKeyIsFalse", R"({"ForAnyValue:StringEquals":{"aws:TagKeys":["env"]}})", {}, {}, N},
        Case{"ForAnyValueEmptySetIsFalse", R"({"ForAnyValue:StringEquals":{"aws:TagKeys":["env"]}})", {}, {{"aws:TagKeys", {}}}, N},
        Case{"ForAnyValueEmptyStringIsAnEmptySet", R"({"ForAnyValue:StringEquals":{"k:x":[""]}})", {{"k:x", ""}}, {}, N},
        Case{"ForAnyValueNegatedSomeValueDiffers", R"({"ForAnyValue:StringNotEquals":{"aws:TagKeys":["env"]}})", {}, {{"aws:TagKeys", {"env", "team"}}}, A},
        Case{"ForAnyValueNegatedAllValuesEqual", R"({"ForAnyValue:StringNotEquals":{"aws:TagKeys":["env"]}})", {}, {{"aws:TagKeys", {"env"}}}, N},
        Case{"ForAnyValueNegatedMissingKey", R"({"ForAnyValue:StringNotEquals":{"aws:TagKeys":["env"]}})", {}, {}, N},
        Case{"ForAnyValueStringLike", R"({"ForAnyValue:StringLike":{"aws:TagKeys":["cost-*"]}})", {}, {{"aws:TagKeys", {"env", "cost-center"}}}, A},
        Case{"ForAnyValueNumeric", R"({"ForAnyValue:NumericGreaterThan":{"k:n":"10"}})", {}, {{"k:n", {"1", "20"}}}, A},
        Case{"SingleValuedOperatorOnMultivaluedKeyAnyMatch", R"({"StringEquals":{"aws:TagKeys":"env"}})", {}, {{"aws:TagKeys", {"team", "env"}}}, A},
        Case{"SingleValuedNegatedOnMultivaluedKeyOneMatch", R"({"StringNotEquals":{"aws:TagKeys":"env"}})", {}, {{"aws:TagKeys", {"team", "env"}}}, N},
        Case{"MultipleKeysAreAnded", R"({"StringEquals":{"k:a":"1","k:b":"2"}})", {{"k:a", "1"}, {"k:b", "3"}}, {}, N},
        Case{"MultipleOperatorsAreAnded", R"({"StringEquals":{"k:a":"1"},"Bool":{"k:b":"true"}})", {{"k:a", "1"}, {"k:b", "true"}}, {}, A},
        Case{"MultipleOperatorsOneFails", R"({"StringEquals":{"k:a":"1"},"Bool":{"k:b":"true"}})", {{"k:a", "1"}, {"k:b", "false"}}, {}, N}),
    [](const ::testing::TestParamInfo<Case>& param_info) { return std::string(param_info.param.name); });

TEST(ConditionExplanation, ReportsMissingKeysAsWrittenSortedAndUnique) {
  auto p = Compile(Policy(Statement("Allow", "s3:GetObject", "*",
                                    R"({"StringEquals":{"aws:PrincipalTag/Team":"x","s3:prefix":"a"},"Bool":{"aws:MultiFactorAuthPresent":"true"}})") +
                          "," + Statement("Allow", "s3:GetObject", "*", R"({"StringLike":{"aws:principaltag/team":"y"}})", "T")));
  PolicySet set;
  set.identity.push_back(p.get());
  Decision d = Evaluate(set, Request(kAlice, "s3:GetObject", "arn:aws:s3:::b/k"));
  EXPECT_EQ(d.decision, EvalDecision::kImplicitDeny);
  EXPECT_EQ(MissingKeys(d), (std::vector<std::string>{"aws:MultiFactorAuthPresent", "aws:PrincipalTag/Team", "s3:prefix"}));
}

TEST(ConditionExplanation, NullConditionsDoNotReportTheirKeyAsMissing) {
  auto p = Compile(Policy(Statement("Allow", "s3:GetObject", "*", R"({"Null":{"aws:TokenIssueTime":"true"}})")));
  PolicySet set;
  set.identity.push_back(p.get());
  Decision d = Evaluate(set, Request(kAlice, "s3:GetObject", "arn:aws:s3:::b/k"));
  EXPECT_EQ(d.decision, EvalDecision::kAllowed);
  EXPECT_TRUE(d.missing_context_keys.empty());
}

TEST(ConditionExplanation, KeysOfStatementsForOtherActionsAreNotReported) {
  auto p = Compile(Policy(Statement("Allow", "ec2:RunInstances", "*", R"({"StringEquals":{"ec2:InstanceType":"t3.micro"}})")));
  PolicySet set;
  set.identity.push_back(p.get());
  EXPECT_TRUE(Evaluate(set, Request(kAlice, "s3:GetObject", "*")).missing_context_keys.empty());
}

TEST(ConditionValues, ReadIso8601AndEpochDates) {
  EXPECT_EQ(ParseDate("1970-01-01T00:00:00Z"), 0.0);
  EXPECT_EQ(ParseDate("2026-11-28T23:45:00Z"), 1795909500.0);
  EXPECT_EQ(ParseDate("2026-11-28T23:45:00-01:00"), 1795909500.0 + 3600);
  EXPECT_EQ(ParseDate("2024-02-29"), 1709164800.0);
  EXPECT_EQ(ParseDate("1795909500"), 1795909500.0);
  EXPECT_FALSE(ParseDate("2023-02-29"));
  EXPECT_FALSE(ParseDate("2026-11-28T24:00:00Z"));
  EXPECT_FALSE(ParseDate("2026-11-28 23:45:00"));
  EXPECT_FALSE(ParseDate("yesterday"));
}

TEST(ConditionValues, ReadCidrBlocks) {
  EXPECT_TRUE(ParseIpBlock("10.0.0.0/8"));
  EXPECT_TRUE(ParseIpBlock("::/0"));
  EXPECT_FALSE(ParseIpBlock("10.0.0.0/33"));
  EXPECT_FALSE(ParseIpBlock("2001:db8::/129"));
  EXPECT_FALSE(ParseIpBlock("10.0.0.256"));
  EXPECT_FALSE(ParseIpBlock("10.0.0.0/"));
  EXPECT_EQ(ParseIpBlock("2001:db8::/32")->prefix, 32);
}

TEST(ConditionValues, DecodeBase64WithOrWithoutPadding) {
  EXPECT_EQ(DecodeBase64("QmluYXJ5VmFsdWU="), "BinaryValue");
  EXPECT_EQ(DecodeBase64("QmluYXJ5VmFsdWU"), "BinaryValue");
  EXPECT_FALSE(DecodeBase64("not base64!"));
  EXPECT_FALSE(DecodeBase64("Q"));
}

}  // namespace
}  // namespace bulwark::policy::testing
