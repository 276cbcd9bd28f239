// The model-driven decoder against the embedded botocore models: what an operation receives and what
// its record shows are the model's members only, validated with IAM's and the JSON protocols' errors.
#include "protocol/input_decoder.h"
#include "protocol/model_pattern.h"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

namespace bulwark::protocol {
namespace {

const OperationModel& Op(std::string_view service, std::string_view name) {
  const ServiceModel* model = FindServiceModel(service);
  EXPECT_NE(model, nullptr) << service;
  const OperationModel* op = model->Find(name);
  EXPECT_NE(op, nullptr) << name;
  return *op;
}

FormParams Form(std::string_view text) {
  auto f = FormParams::Parse(text);
  EXPECT_TRUE(f.ok()) << text;
  return std::move(f.value());
}

TEST(ServiceModels, EmbeddedFromBotocore) {
  EXPECT_TRUE(ServiceModelSource().starts_with("botocore ")) << ServiceModelSource();
  EXPECT_EQ(FindServiceModel("iam")->protocol, "query");
  EXPECT_EQ(FindServiceModel("sts")->api_version, "2011-06-15");
  EXPECT_EQ(FindServiceModel("cloudtrail")->protocol, "json");
  EXPECT_EQ(FindServiceModel("nope"), nullptr);
}

// Issue 17, finding 1: "PolicyArn" attaches, and "policyArn" must neither run nor be recorded.
TEST(QueryInput, OnlyTheModelsSpellingIsConsumedAndRecorded) {
  auto in = DecodeQueryInput(Op("iam", "AttachUserPolicy"),
                             Form("UserName=alice&PolicyArn=arn:aws:iam::aws:policy/ReadOnlyAccess"
                                  "&policyArn=arn:aws:iam::aws:policy/AdministratorAccess&Unknown=1"));
  ASSERT_TRUE(in.ok()) << in.error().message;
  EXPECT_EQ(in->form.all().size(), 2u);
  EXPECT_EQ(*in->form.Get("PolicyArn"), "arn:aws:iam::aws:policy/ReadOnlyAccess");
  EXPECT_FALSE(in->form.Has("policyArn"));
  auto recorded = RecordedParameters(Op("iam", "AttachUserPolicy"), *in);
  EXPECT_EQ(boost::json::serialize(recorded),
            R"({"userName":"alice","policyArn":"arn:aws:iam::aws:policy/ReadOnlyAccess"})");
}

TEST(QueryInput, ListsOfStructuresAndNumbersDecodeAsCloudTrailRecordsThem) {
  const auto& op = Op("iam", "CreateUser");
  auto in = DecodeQueryInput(op, Form("UserName=bob&Tags.member.1.Key=team&Tags.member.1.Value=red"
                                      "&Tags.member.2.Key=env&Tags.member.2.Value=prod"));
  ASSERT_TRUE(in.ok()) << in.error().message;
  EXPECT_EQ(boost::json::serialize(RecordedParameters(op, *in)),
            R"({"userName":"bob","tags":[{"key":"team","value":"red"},{"key":"env","value":"prod"}]})");
  auto sts = DecodeQueryInput(Op("sts", "GetSessionToken"), Form("DurationSeconds=3600"));
  ASSERT_TRUE(sts.ok());
  EXPECT_EQ(boost::json::serialize(RecordedParameters(Op("sts", "GetSessionToken"), *sts)), R"({"durationSeconds":3600})");
}

TEST(QueryInput, ValidationErrorsInIamsWords) {
  auto missing = DecodeQueryInput(Op("iam", "AttachUserPolicy"), Form("UserName=alice"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "ValidationError");
  EXPECT_EQ(missing.error().message,
            "1 validation error detected: Value null at 'policyArn' failed to satisfy constraint: Member must not be null");
  auto both = DecodeQueryInput(Op("iam", "AttachUserPolicy"), Form("PolicyArn=short"));
  ASSERT_FALSE(both.ok());
  EXPECT_EQ(both.error().message,
            "2 validation errors detected: Value null at 'userName' failed to satisfy constraint: Member must not be "
            "null; Value 'short' at 'policyArn' failed to satisfy constraint: Member must have length greater than "
            "or equal to 20");
  // Issue 17, finding 4: ARNs are at most 2,048 characters in IAM's model.
  auto long_arn = DecodeQueryInput(Op("iam", "SimulateCustomPolicy"),
                                   Form("PolicyInputList.member.1=%7B%7D&ActionNames.member.1=s3:GetObject"
                                        "&ResourceArns.member.1=arn:aws:s3:::" + std::string(120000, 'a')));
  ASSERT_FALSE(long_arn.ok());
  EXPECT_NE(long_arn.error().message.find("at 'resourceArns.1.member' failed to satisfy constraint: Member must "
                                          "have length less than or equal to 2048"),
            std::string::npos)
      << long_arn.error().message;
  EXPECT_LT(long_arn.error().message.size(), 600u) << "echoed values are bounded";
  auto range = DecodeQueryInput(Op("iam", "ListUsers"), Form("MaxItems=0"));
  ASSERT_FALSE(range.ok());
  EXPECT_EQ(range.error().message,
            "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value "
            "greater than or equal to 1");
}

TEST(QueryInput, SensitiveValuesAreNeverEchoedNorRecorded) {
  const auto& op = Op("iam", "CreateLoginProfile");
  auto in = DecodeQueryInput(op, Form("UserName=alice&Password=hunter2hunter2"));
  ASSERT_TRUE(in.ok());
  const std::string recorded = boost::json::serialize(RecordedParameters(op, *in));
  EXPECT_EQ(recorded.find("hunter2"), std::string::npos) << recorded;
  auto too_long = DecodeQueryInput(op, Form("UserName=alice&Password=" + std::string(200, 'p')));
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.error().message.find("ppp"), std::string::npos) << too_long.error().message;
}

TEST(JsonInput, UnknownMembersDroppedTypesChecked) {
  const auto& op = Op("cloudtrail", "LookupEvents");
  boost::json::object body{{"MaxResults", 5}, {"Forged", "x"}};
  auto in = DecodeJsonInput(op, body, DecodeOptions{false});
  ASSERT_TRUE(in.ok());
  EXPECT_EQ(boost::json::serialize(in->json), R"({"MaxResults":5})");
  boost::json::object wrong{{"MaxResults", "five"}};
  auto bad = DecodeJsonInput(op, wrong, DecodeOptions{false});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "SerializationException");
}

}  // namespace
}  // namespace bulwark::protocol

namespace bulwark::protocol {
namespace {

TEST(ModelPattern, JavaSpellingsTranslateForRe2) {
  EXPECT_EQ(ModelPattern::Translate(R"([\u0009\u000A\u0020-\u00FF]+)"), R"([\x{9}\x{A}\x{20}-\x{FF}]+)");
  // A surrogate pair is one code point; a lone surrogate matches nothing in UTF-8 and is dropped.
  EXPECT_EQ(ModelPattern::Translate(R"([\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\t]*)"),
            R"([\x{E000}-\x{FFFD}\x{10000}-\x{10FFFF}\t]*)");
  EXPECT_EQ(ModelPattern::Translate(R"(a\\u0041)"), R"(a\\u0041)") << "an escaped backslash is not an escape";
}

TEST(ModelPattern, WholeValueMustMatch) {
  auto name = ModelPattern::Compile(R"([\w+=,.@-]+)");
  ASSERT_NE(name, nullptr);
  EXPECT_TRUE(name->Matches("alice.smith@example"));
  EXPECT_FALSE(name->Matches("bad name!"));
  EXPECT_FALSE(name->Matches(""));
  auto path = ModelPattern::Compile(R"((\u002F)|(\u002F[\u0021-\u007E]+\u002F))");
  ASSERT_NE(path, nullptr);
  EXPECT_TRUE(path->Matches("/"));
  EXPECT_TRUE(path->Matches("/eng/"));
  EXPECT_FALSE(path->Matches("/eng"));
  EXPECT_EQ(ModelPattern::Compile("^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$"), nullptr) << "lookahead is not RE2's";
}

TEST(QueryInput, PatternsAreCheckedWithIamsMessage) {
  auto bad = DecodeQueryInput(Op("iam", "CreateUser"), Form("UserName=bad%20name!"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message,
            "1 validation error detected: Value 'bad name!' at 'userName' failed to satisfy constraint: Member must "
            "satisfy regular expression pattern: [\\w+=,.@-]+");
}

}  // namespace
}  // namespace bulwark::protocol

namespace bulwark::protocol {
namespace {

// MFA codes are secrets though botocore's models do not mark them sensitive (tools/models/generate.py).
TEST(QueryInput, MfaCodesAreNeverEchoedNorRecorded) {
  const auto& op = Op("iam", "EnableMFADevice");
  auto bad = DecodeQueryInput(op, Form("UserName=alice&SerialNumber=arn:aws:iam::999999999999:mfa/alice"
                                       "&AuthenticationCode1=12345x&AuthenticationCode2=654321"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message.find("12345x"), std::string::npos) << bad.error().message;
  auto good = DecodeQueryInput(op, Form("UserName=alice&SerialNumber=arn:aws:iam::999999999999:mfa/alice"
                                        "&AuthenticationCode1=123456&AuthenticationCode2=654321"));
  ASSERT_TRUE(good.ok()) << good.error().message;
  const std::string recorded = boost::json::serialize(RecordedParameters(op, *good));
  EXPECT_EQ(recorded.find("123456"), std::string::npos) << recorded;
  const auto& sts = Op("sts", "GetSessionToken");
  auto token = DecodeQueryInput(sts, Form("SerialNumber=arn:aws:iam::999999999999:mfa/alice&TokenCode=12345"));
  ASSERT_FALSE(token.ok());
  EXPECT_EQ(token.error().message.find("'12345'"), std::string::npos) << token.error().message;
}

}  // namespace
}  // namespace bulwark::protocol
