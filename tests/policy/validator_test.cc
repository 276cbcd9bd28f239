// The policy validator: each check with a policy that triggers it (code, severity and position
// asserted) and one that must not.
#include "policy/validator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace bulwark::policy {
namespace {

struct Pos {
  uint32_t line = 0;
  uint32_t column = 0;
};

// Position (1-based line and column) of the `occurrence`-th appearance of `needle` in `text`.
Pos At(std::string_view text, std::string_view needle, int occurrence = 0) {
  std::size_t at = text.find(needle);
  for (int i = 0; i < occurrence && at != std::string_view::npos; ++i) at = text.find(needle, at + 1);
  EXPECT_NE(at, std::string_view::npos) << needle;
  Pos pos{1, 1};
  for (std::size_t i = 0; i < at && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++pos.line;
      pos.column = 1;
    } else {
      ++pos.column;
    }
  }
  return pos;
}

// A 2012-10-17 policy around the given statements (JSON objects separated by commas), after a
// first statement that raises no finding for that kind of policy. core::ParseJson locates the first
// element of an array or object at the bracket before it, so the tests keep the elements they
// locate away from that spot.
std::string Policy(std::string_view statements, PolicyKind kind = PolicyKind::kIdentity) {
  std::string lead =
      "{\"Effect\": \"Deny\", \"Action\": \"s3:DeleteBucket\", \"Resource\": \"arn:aws:s3:::locked\"}";
  if (kind == PolicyKind::kTrust) {
    lead =
        "{\"Effect\": \"Deny\", \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:user/mallory\"}, "
        "\"Action\": \"sts:AssumeRole\"}";
  } else if (kind == PolicyKind::kResourceControl || kind == PolicyKind::kResource) {
    lead =
        "{\"Effect\": \"Deny\", \"Principal\": \"*\", \"Action\": \"s3:DeleteBucket\", "
        "\"Resource\": \"arn:aws:s3:::locked\"}";
  }
  return "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    " + lead + ",\n" +
         std::string(statements) + "\n  ]\n}\n";
}

Findings Validate(std::string_view text, PolicyKind kind = PolicyKind::kIdentity) {
  ValidateOptions options;
  options.kind = kind;
  return ValidatePolicyText(text, options);
}

std::string Describe(const Findings& findings) {
  std::string out;
  for (const Finding& f : findings) {
    out += "\n  " + std::to_string(f.location.line) + ":" + std::to_string(f.location.column) + " " +
           SeverityName(f.severity) + " " + f.code + ": " + f.message;
  }
  return out.empty() ? " (none)" : out;
}

// Exactly one finding with `code`, of `severity`, at `pos`.
testing::AssertionResult Reports(const Findings& findings, std::string_view code, Severity severity,
                                 Pos pos) {
  const auto n =
      std::count_if(findings.begin(), findings.end(), [&](const Finding& f) { return f.code == code; });
  if (n != 1)
    return testing::AssertionFailure() << n << " findings " << code << "; got" << Describe(findings);
  const Finding& f =
      *std::find_if(findings.begin(), findings.end(), [&](const Finding& x) { return x.code == code; });
  if (f.severity != severity || f.location.line != pos.line || f.location.column != pos.column) {
    return testing::AssertionFailure() << code << " is " << SeverityName(f.severity) << " at "
                                       << f.location.line << ":" << f.location.column << ", want "
                                       << SeverityName(severity) << " at " << pos.line << ":" << pos.column;
  }
  return testing::AssertionSuccess();
}

testing::AssertionResult DoesNotReport(const Findings& findings, std::string_view code) {
  for (const Finding& f : findings) {
    if (f.code == code)
      return testing::AssertionFailure() << "unexpected " << code << ":" << Describe(findings);
  }
  return testing::AssertionSuccess();
}

const Finding* FindingWithCode(const Findings& findings, std::string_view code) {
  for (const Finding& f : findings) {
    if (f.code == code) return &f;
  }
  return nullptr;
}

// An Allow statement. A condition block is given a neutral first operator (see Policy()).
std::string Allow(std::string_view action, std::string_view resource, std::string_view condition = "") {
  std::string s = "    {\"Effect\": \"Allow\", \"Action\": " + std::string(action) +
                  ", \"Resource\": " + std::string(resource);
  if (!condition.empty()) {
    s += ",\n     \"Condition\": {\"StringNotEqualsIgnoreCase\": {\"aws:UserAgent\": \"blocked\"}, " +
         std::string(condition.substr(1));
  }
  return s + "}";
}

// --- Actions -------------------------------------------------------------------------------------

TEST(ValidatorActions, UnknownServiceIsAnErrorWithASuggestion) {
  const std::string p = Policy(Allow("\"s4:GetObject\"", "\"*\""));
  const Findings f = Validate(p);
  EXPECT_TRUE(Reports(f, "INVALID_SERVICE", Severity::kError, At(p, "\"s4:GetObject\"")));
  EXPECT_NE(FindingWithCode(f, "INVALID_SERVICE")->message.find("Did you mean s3?"), std::string::npos);
  EXPECT_EQ(FindingWithCode(f, "INVALID_SERVICE")->path, "Statement[1].Action[0]");
}

TEST(ValidatorActions, KnownServiceIsNotReported) {
  EXPECT_TRUE(DoesNotReport(Validate(Policy(Allow("\"s3:GetObject\"", "\"*\""))), "INVALID_SERVICE"));
}

TEST(ValidatorActions, UnknownActionIsAnErrorWithASuggestion) {
  const std::string p = Policy(Allow("[\"s3:PutObject\", \"s3:GetObjekt\"]", "\"*\""));
  const Findings f = Validate(p);
  EXPECT_TRUE(Reports(f, "INVALID_ACTION", Severity::kError, At(p, "\"s3:GetObjekt\"")));
  EXPECT_NE(FindingWithCode(f, "INVALID_ACTION")->message.find("Did you mean s3:GetObject?"),
            std::string::npos);
}

TEST(ValidatorActions, ActionNamesIgnoreCase) {
  EXPECT_TRUE(DoesNotReport(Validate(Policy(Allow("\"S3:getOBJECT\"", "\"*\""))), "INVALID_ACTION"));
}

TEST(ValidatorActions, WildcardMatchingNoActionIsAnError) {
  const std::string p = Policy(Allow("\"s3:Frobnicate*\"", "\"*\""));
  EXPECT_TRUE(Reports(Validate(p), "INVALID_ACTION", Severity::kError, At(p, "\"s3:Frobnicate*\"")));
}

TEST(ValidatorActions, WildcardMatchingActionsIsFine) {
  EXPECT_TRUE(DoesNotReport(Validate(Policy(Allow("\"s3:Get*\"", "\"*\""))), "INVALID_ACTION"));
}

TEST(ValidatorActions, WildcardInServicePrefixIsASuggestion) {
  const std::string p = Policy(Allow("\"s3*:ListBucket\"", "\"*\""));
  const Findings f = Validate(p);
  EXPECT_TRUE(Reports(f, "WILDCARD_IN_SERVICE_NAME", Severity::kSuggestion, At(p, "\"s3*:ListBucket\"")));
  EXPECT_TRUE(DoesNotReport(f, "INVALID_SERVICE"));
  EXPECT_TRUE(DoesNotReport(Validate(Policy(Allow("\"s3:List*\"", "\"*\""))), "WILDCARD_IN_SERVICE_NAME"));
}

TEST(ValidatorActions, ActionCoveredByAWildcardIsRedundant) {
  const std::string p = Policy(Allow("[\"s3:Get*\", \"s3:GetObject\"]", "\"*\""));
  EXPECT_TRUE(Reports(Validate(p), "REDUNDANT_ACTION", Severity::kSuggestion, At(p, "\"s3:GetObject\"")));
}

TEST(ValidatorActions, RepeatedActionIsRedundantAtItsSecondMention) {
  const std::string p = Policy(Allow("[\"s3:GetObject\", \"S3:getobject\"]", "\"*\""));
  EXPECT_TRUE(Reports(Validate(p), "REDUNDANT_ACTION", Severity::kSuggestion, At(p, "\"S3:getobject\"")));
}

TEST(ValidatorActions, EquivalentPatternsAreRedundantOnlyOnce) {
  const std::string p = Policy(Allow("[\"*\", \"s3:GetObject\", \"*:*\"]", "\"arn:aws:s3:::reports/*\""));
  const Findings f = Validate(p);
  EXPECT_EQ(std::count_if(f.begin(), f.end(), [](const Finding& x) { return x.code == "REDUNDANT_ACTION"; }),
            2)
      << Describe(f);
  EXPECT_NE(FindingWithCode(f, "REDUNDANT_ACTION"), nullptr);
  EXPECT_EQ(FindingWithCode(f, "REDUNDANT_ACTION")->location.column, At(p, "\"s3:GetObject\"").column);
}

TEST(ValidatorActions, DistinctActionsAreNotRedundant) {
  EXPECT_TRUE(DoesNotReport(Validate(Policy(Allow("[\"s3:GetObject\", \"s3:PutObject\"]", "\"*\""))),
                            "REDUNDANT_ACTION"));
}

TEST(ValidatorActions, VariableInActionIsAnError) {
  const std::string p = Policy(Allow("\"s3:Get${Object}\"", "\"*\""));
  EXPECT_TRUE(Reports(Validate(p), "VARIABLE_UNSUPPORTED_IN_ELEMENT", Severity::kError,
                      At(p, "\"s3:Get${Object}\"")));
}

// --- Resources -----------------------------------------------------------------------------------

TEST(ValidatorResources, ResourceNoActionSupportsIsAWarning) {
  const std::string p = Policy(Allow("\"s3:ListBucket\"", "\"arn:aws:s3:::reports/*\""));
  EXPECT_TRUE(Reports(Validate(p), "RESOURCE_NOT_SUPPORTED_BY_ACTIONS", Severity::kWarning,
                      At(p, "\"arn:aws:s3:::reports/*\"")));
}

TEST(ValidatorResources, ResourceOfTheActionsTypeIsFine) {
  const Findings f = Validate(Policy(Allow("\"s3:ListBucket\"", "\"arn:aws:s3:::reports\"")));
  EXPECT_TRUE(f.empty()) << Describe(f);
}

// "IAM JSON policy elements: Resource" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html):
// a trailing '*' expands beyond the colons, so this short pattern names every queue of the account.
TEST(ValidatorResources, ShortArnWithATrailingWildcardIsOfTheActionsType) {
  const Findings f = Validate(Policy(Allow("\"sqs:SendMessage\"", "\"arn:aws:sqs:us-east-1:111122223333*\"")));
  EXPECT_TRUE(f.empty()) << Describe(f);
  const std::string p = Policy(Allow("\"sqs:SendMessage\"", "\"arn:aws:sns:us-east-1:111122223333*\""));
  EXPECT_TRUE(Reports(Validate(p), "RESOURCE_NOT_SUPPORTED_BY_ACTIONS", Severity::kWarning,
                      At(p, "\"arn:aws:sns:us-east-1:111122223333*\"")));
}

TEST(ValidatorResources, ResourceOfAnotherServiceIsNotSupported) {
  const std::string p = Policy(Allow("\"kms:Decrypt\"", "\"arn:aws:s3:::reports\""));
  EXPECT_TRUE(Reports(Validate(p), "RESOURCE_NOT_SUPPORTED_BY_ACTIONS", Severity::kWarning,
                      At(p, "\"arn:aws:s3:::reports\"")));
}

TEST(ValidatorResources, ActionNoResourceFitsIsAWarning) {
  const std::string p = Policy(Allow("[\"s3:GetObject\", \"s3:ListBucket\"]", "\"arn:aws:s3:::reports/*\""));
  const Findings f = Validate(p);
  EXPECT_TRUE(
      Reports(f, "ACTION_NOT_SUPPORTED_BY_RESOURCES", Severity::kWarning, At(p, "\"s3:ListBucket\"")));
  EXPECT_TRUE(DoesNotReport(f, "RESOURCE_NOT_SUPPORTED_BY_ACTIONS"));
}

TEST(ValidatorResources, ActionsWithTheirResourcesAreFine) {
  const Findings f = Validate(Policy(Allow("[\"s3:ListBucket\", \"s3:GetObject\"]",
                                           "[\"arn:aws:s3:::reports\", \"arn:aws:s3:::reports/*\"]")));
  EXPECT_TRUE(f.empty()) << Describe(f);
}

TEST(ValidatorResources, ActionWithoutResourceTypesNeedsStar) {
  const std::string p =
      Policy(Allow("[\"s3:GetObject\", \"s3:ListAllMyBuckets\"]", "\"arn:aws:s3:::reports/*\""));
  EXPECT_TRUE(Reports(Validate(p), "ACTION_NOT_SUPPORTED_BY_RESOURCES", Severity::kWarning,
                      At(p, "\"s3:ListAllMyBuckets\"")));
  EXPECT_TRUE(Validate(Policy(Allow("\"s3:ListAllMyBuckets\"", "\"*\""))).empty());
}

TEST(ValidatorResources, LogGroupNamesWithSlashesMatchTheirType) {
  const Findings f =
      Validate(Policy(Allow("[\"logs:CreateLogStream\", \"logs:PutLogEvents\"]",
                            "\"arn:aws:logs:eu-west-1:111122223333:log-group:/aws/lambda/fn:*\"")));
  EXPECT_TRUE(f.empty()) << Describe(f);
}

TEST(ValidatorResources, ArnMatchingNoResourceTypeOfItsServiceIsAnError) {
  const std::string p = Policy(Allow("\"kms:Decrypt\"", "\"arn:aws:kms:eu-west-1:111122223333:bucket/x\""));
  EXPECT_TRUE(Reports(Validate(p), "INVALID_ARN_RESOURCE", Severity::kError,
                      At(p, "\"arn:aws:kms:eu-west-1:111122223333:bucket/x\"")));
  EXPECT_TRUE(DoesNotReport(
      Validate(Policy(Allow("\"kms:Decrypt\"", "\"arn:aws:kms:eu-west-1:111122223333:key/k1\""))),
      "INVALID_ARN_RESOURCE"));
}

TEST(ValidatorResources, RegionInAnIamArnIsAnError) {
  const std::string p = Policy(Allow("\"iam:GetRole\"", "\"arn:aws:iam:us-east-1:111122223333:role/app\""));
  EXPECT_TRUE(Reports(Validate(p), "ARN_REGION_NOT_ALLOWED", Severity::kError,
                      At(p, "\"arn:aws:iam:us-east-1:111122223333:role/app\"")));
  EXPECT_TRUE(
      DoesNotReport(Validate(Policy(Allow("\"iam:GetRole\"", "\"arn:aws:iam::111122223333:role/app\""))),
                    "ARN_REGION_NOT_ALLOWED"));
}

TEST(ValidatorResources, AccountInARoute53ArnIsAnError) {
  const std::string p =
      Policy(Allow("\"route53:GetHostedZone\"", "\"arn:aws:route53::111122223333:hostedzone/Z1\""));
  EXPECT_TRUE(Reports(Validate(p), "ARN_ACCOUNT_NOT_ALLOWED", Severity::kError,
                      At(p, "\"arn:aws:route53::111122223333:hostedzone/Z1\"")));
  EXPECT_TRUE(DoesNotReport(
      Validate(Policy(Allow("\"route53:GetHostedZone\"", "\"arn:aws:route53:::hostedzone/Z1\""))),
      "ARN_ACCOUNT_NOT_ALLOWED"));
}

TEST(ValidatorResources, UpperCaseServiceInArnIsAnError) {
  const std::string p = Policy(Allow("\"s3:ListBucket\"", "\"arn:aws:S3:::reports\""));
  EXPECT_TRUE(
      Reports(Validate(p), "INVALID_ARN_SERVICE_CASE", Severity::kError, At(p, "\"arn:aws:S3:::reports\"")));
}

TEST(ValidatorResources, ResourceCoveredByAnotherIsRedundant) {
  const std::string p =
      Policy(Allow("\"s3:GetObject\"", "[\"arn:aws:s3:::reports/*\", \"arn:aws:s3:::reports/2026/*\"]"));
  EXPECT_TRUE(Reports(Validate(p), "REDUNDANT_RESOURCE", Severity::kSuggestion,
                      At(p, "\"arn:aws:s3:::reports/2026/*\"")));
}

TEST(ValidatorResources, BucketAndItsObjectsAreNotRedundant) {
  EXPECT_TRUE(DoesNotReport(
      Validate(Policy(Allow("\"s3:ListBucket\"", "[\"arn:aws:s3:::reports\", \"arn:aws:s3:::reports/*\"]"))),
      "REDUNDANT_RESOURCE"));
}

// --- Variables and version -----------------------------------------------------------------------

TEST(ValidatorVersion, MissingVersionIsAWarning) {
  const std::string p =
      "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:ListAllMyBuckets\", \"Resource\": \"*\"}]}";
  EXPECT_TRUE(Reports(Validate(p), "MISSING_VERSION", Severity::kWarning, Pos{1, 1}));
  EXPECT_TRUE(DoesNotReport(Validate(Policy(Allow("\"s3:ListAllMyBuckets\"", "\"*\""))), "MISSING_VERSION"));
}

// The reference has no finding for "Version": "2008-10-17" (a valid version); issue 18.
TEST(ValidatorVersion, Version2008IsClean) {
  const std::string p =
      "{\"Version\": \"2008-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": "
      "\"s3:ListAllMyBuckets\", \"Resource\": \"*\"}]}";
  const Findings f = Validate(p);
  EXPECT_TRUE(f.empty()) << Describe(f);
}

TEST(ValidatorVersion, VariableIn2008PolicyIsAnError) {
  const std::string p =
      "{\"Version\": \"2008-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": "
      "\"s3:GetObject\", \"Resource\": \"arn:aws:s3:::home/${aws:username}/*\"}]}";
  EXPECT_TRUE(Reports(Validate(p), "VARIABLE_UNSUPPORTED_IN_VERSION", Severity::kError,
                      At(p, "\"arn:aws:s3:::home/${aws:username}/*\"")));
}

TEST(ValidatorVersion, VariableIn2012PolicyIsFine) {
  const Findings f = Validate(Policy(Allow("\"s3:GetObject\"", "\"arn:aws:s3:::home/${aws:username}/*\"")));
  EXPECT_TRUE(f.empty()) << Describe(f);
}

TEST(ValidatorVariables, EmptyVariableIsAnError) {
  const std::string p = Policy(Allow("\"s3:GetObject\"", "\"arn:aws:s3:::home/${}/*\""));
  EXPECT_TRUE(Reports(Validate(p), "EMPTY_VARIABLE", Severity::kError, At(p, "\"arn:aws:s3:::home/${}/*\"")));
}

TEST(ValidatorVariables, UnclosedVariableIsAnError) {
  const std::string p = Policy(Allow("\"s3:GetObject\"", "\"arn:aws:s3:::home/${aws:username/*\""));
  EXPECT_TRUE(Reports(Validate(p), "MISSING_BRACE_IN_VARIABLE", Severity::kError,
                      At(p, "\"arn:aws:s3:::home/${aws:username/*\"")));
}

TEST(ValidatorVariables, SpaceInVariableKeyIsAnError) {
  const std::string p = Policy(Allow("\"s3:GetObject\"", "\"arn:aws:s3:::home/${aws: username}/*\""));
  EXPECT_TRUE(Reports(Validate(p), "UNSUPPORTED_SPACE_IN_VARIABLE", Severity::kError,
                      At(p, "\"arn:aws:s3:::home/${aws: username}/*\"")));
}

TEST(ValidatorVariables, UnknownVariableKeyIsAnError) {
  const std::string p = Policy(Allow("\"s3:GetObject\"", "\"arn:aws:s3:::home/${aws:usrname}/*\""));
  const Findings f = Validate(p);
  EXPECT_TRUE(Reports(f, "INVALID_GLOBAL_CONDITION_KEY", Severity::kError,
                      At(p, "\"arn:aws:s3:::home/${aws:usrname}/*\"")));
  EXPECT_NE(FindingWithCode(f, "INVALID_GLOBAL_CONDITION_KEY")->message.find("aws:username"),
            std::string::npos);
}

TEST(ValidatorVariables, DefaultValuesAndEscapesAreFine) {
  const Findings f =
      Validate(Policy(Allow("\"s3:GetObject\"", "\"arn:aws:s3:::home/${aws:username, 'nobody'}/${*}/*\"")));
  EXPECT_TRUE(f.empty()) << Describe(f);
}

// --- Condition keys ------------------------------------------------------------------------------

TEST(ValidatorConditionKeys, UnknownGlobalKeyIsAnErrorWithTheClosestKey) {
  const std::string p = Policy(
      Allow("\"s3:ListAllMyBuckets\"", "\"*\"",
            "{\"IpAddress\": {\"aws:VpcSourceIp\": \"10.0.0.0/8\", \"aws:SourceIpp\": \"203.0.113.0/24\"}}"));
  const Findings f = Validate(p);
  EXPECT_TRUE(Reports(f, "INVALID_GLOBAL_CONDITION_KEY", Severity::kError, At(p, "\"aws:SourceIpp\"")));
  EXPECT_NE(FindingWithCode(f, "INVALID_GLOBAL_CONDITION_KEY")->message.find("Did you mean aws:SourceIp?"),
            std::string::npos);
}

TEST(ValidatorConditionKeys, GlobalKeysIgnoreCase) {
  const Findings f = Validate(Policy(
      Allow("\"s3:ListAllMyBuckets\"", "\"*\"", "{\"IpAddress\": {\"AWS:sourceip\": \"203.0.113.0/24\"}}")));
  EXPECT_TRUE(f.empty()) << Describe(f);
}

TEST(ValidatorConditionKeys, UnknownServiceKeyIsAnError) {
  const std::string p =
      Policy(Allow("\"s3:ListBucket\"", "\"arn:aws:s3:::reports\"",
                   "{\"StringLike\": {\"aws:PrincipalTag/x\": \"y*\", \"s3:prefx\": \"home/\"}}"));
  const Findings f = Validate(p);
  EXPECT_TRUE(Reports(f, "INVALID_SERVICE_CONDITION_KEY", Severity::kError, At(p, "\"s3:prefx\"")));
  EXPECT_NE(FindingWithCode(f, "INVALID_SERVICE_CONDITION_KEY")->message.find("s3:prefix"),
            std::string::npos);
}

TEST(ValidatorConditionKeys, KeyWithUnknownPrefixIsAnError) {
  const std::string p =
      Policy(Allow("\"s3:ListAllMyBuckets\"", "\"*\"",
                   "{\"StringEquals\": {\"aws:PrincipalTag/x\": \"y\", \"nosuch:key\": \"x\"}}"));
  EXPECT_TRUE(
      Reports(Validate(p), "INVALID_SERVICE_CONDITION_KEY", Severity::kError, At(p, "\"nosuch:key\"")));
}

TEST(ValidatorConditionKeys, KeyWithoutPrefixIsAnError) {
  const std::string p =
      Policy(Allow("\"s3:ListAllMyBuckets\"", "\"*\"",
                   "{\"StringEquals\": {\"aws:PrincipalTag/x\": \"y\", \"SourceVpc\": \"vpc-1\"}}"));
  EXPECT_TRUE(Reports(Validate(p), "INVALID_CONDITION_KEY_FORMAT", Severity::kError, At(p, "\"SourceVpc\"")));
}

TEST(ValidatorConditionKeys, TagKeyMustFollowTheSlash) {
  const std::string p =
      Policy(Allow("\"s3:ListAllMyBuckets\"", "\"*\"",
                   "{\"StringEquals\": {\"aws:PrincipalTag/x\": \"y\", \"aws:PrincipalTag/\": \"x\"}}"));
  EXPECT_TRUE(
      Reports(Validate(p), "MISSING_TAG_KEY_IN_CONDITION", Severity::kError, At(p, "\"aws:PrincipalTag/\"")));
  EXPECT_TRUE(Validate(Policy(Allow("\"s3:ListAllMyBuckets\"", "\"*\"",
                                    "{\"StringEquals\": {\"aws:PrincipalTag/team\": \"x\"}}")))
                  .empty());
}

TEST(ValidatorConditionKeys, ServiceKeyTheActionsNeverSupplyIsAWarning) {
  const std::string p =
      Policy(Allow("\"s3:GetObject\"", "\"arn:aws:s3:::reports/*\"",
                   "{\"StringLike\": {\"aws:PrincipalTag/x\": \"y*\", \"s3:prefix\": \"home/\"}}"));
  EXPECT_TRUE(Reports(Validate(p), "CONDITION_KEY_NOT_SUPPORTED_BY_ACTIONS", Severity::kWarning,
                      At(p, "\"s3:prefix\"")));
}

TEST(ValidatorConditionKeys, ServiceKeyTheActionSuppliesIsFine) {
  const Findings f = Validate(Policy(Allow("\"s3:ListBucket\"", "\"arn:aws:s3:::reports\"",
                                           "{\"StringLike\": {\"s3:prefix\": \"home/\"}}")));
  EXPECT_TRUE(f.empty()) << Describe(f);
}

TEST(ValidatorConditionKeys, IdentityProviderKeysAreAccepted) {
  const std::string p = Policy(
      "    {\"Effect\": \"Allow\", \"Principal\": {\"Federated\": "
      "\"arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC\"},\n"
      "     \"Action\": \"sts:AssumeRoleWithWebIdentity\",\n"
      "     \"Condition\": {\"StringEquals\": {\"oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub\": "
      "\"system:serviceaccount:ns:sa\"}}}",
      PolicyKind::kTrust);
  const Findings f = Validate(p, PolicyKind::kTrust);
  EXPECT_TRUE(f.empty()) << Describe(f);
}

TEST(ValidatorConditionKeys, KeysDifferingOnlyInCaseAreAnError) {
  const std::string p =
      Policy(Allow("\"s3:ListAllMyBuckets\"", "\"*\"",
                   "{\"StringEquals\": {\"aws:SourceVpc\": \"vpc-1\", \"aws:sourcevpc\": \"vpc-2\"}}"));
  EXPECT_TRUE(Reports(Validate(p), "DUPLICATE_KEYS_WITH_DIFFERENT_CASE", Severity::kError,
                      At(p, "\"aws:sourcevpc\"")));
}

// --- Condition types and values ------------------------------------------------------------------

std::string WithCondition(std::string_view condition) {
  return Policy(Allow("\"s3:ListAllMyBuckets\"", "\"*\"", condition));
}

TEST(ValidatorConditionTypes, StringOperatorOnDateKeyIsATypeMismatch) {
  const std::string p = WithCondition("{\"StringLike\": {\"aws:CurrentTime\": \"2026-*\"}}");
  EXPECT_TRUE(Reports(Validate(p), "TYPE_MISMATCH", Severity::kWarning, At(p, "\"StringLike\"")));
}

TEST(ValidatorConditionTypes, ArnOperatorOnStringKeyIsATypeMismatch) {
  const std::string p = WithCondition("{\"ArnLike\": {\"aws:SourceVpc\": \"vpc-*\"}}");
  EXPECT_TRUE(Reports(Validate(p), "TYPE_MISMATCH", Severity::kWarning, At(p, "\"ArnLike\"")));
}

TEST(ValidatorConditionTypes, MatchingOperatorsAreFine) {
  for (const char* condition : {
           "{\"DateGreaterThan\": {\"aws:CurrentTime\": \"2026-01-31T00:00:00Z\"}}",
           "{\"ArnLike\": {\"aws:PrincipalArn\": \"arn:aws:iam::*:role/admin-*\"}}",
           "{\"StringLike\": {\"aws:PrincipalArn\": \"arn:aws:iam::*:role/admin-*\"}}",
           "{\"NumericLessThan\": {\"aws:EpochTime\": \"1767225600\"}}",
           "{\"Null\": {\"aws:TokenIssueTime\": \"true\"}}",
       }) {
    const Findings f = Validate(WithCondition(condition));
    EXPECT_TRUE(f.empty()) << condition << Describe(f);
  }
}

TEST(ValidatorConditionValues, NonNumberWithNumericOperatorIsATypeMismatch) {
  const std::string p = WithCondition("{\"NumericLessThan\": {\"aws:MultiFactorAuthAge\": \"ten\"}}");
  EXPECT_TRUE(Reports(Validate(p), "TYPE_MISMATCH_NUMBER", Severity::kWarning, At(p, "\"ten\"")));
  EXPECT_TRUE(
      Validate(WithCondition("{\"NumericLessThan\": {\"aws:MultiFactorAuthAge\": \"3600\"}}")).empty());
}

TEST(ValidatorConditionValues, NonDateWithDateOperatorIsATypeMismatch) {
  const std::string p = WithCondition("{\"DateLessThan\": {\"aws:CurrentTime\": \"next tuesday\"}}");
  EXPECT_TRUE(Reports(Validate(p), "TYPE_MISMATCH_DATE", Severity::kWarning, At(p, "\"next tuesday\"")));
  EXPECT_TRUE(
      Validate(WithCondition("{\"DateLessThan\": {\"aws:CurrentTime\": [\"2026-12-31\", \"2027-01-01T00:00:00Z\"]}}"))
          .empty());
}

TEST(ValidatorConditionValues, NonBooleanWithBoolOrNullIsATypeMismatch) {
  const std::string p = WithCondition(
      "{\"Bool\": {\"aws:SecureTransport\": \"yes\"}, \"Null\": {\"aws:SourceVpc\": \"maybe\"}}");
  const Findings f = Validate(p);
  EXPECT_EQ(
      std::count_if(f.begin(), f.end(), [](const Finding& x) { return x.code == "TYPE_MISMATCH_BOOLEAN"; }),
      2)
      << Describe(f);
  EXPECT_EQ(FindingWithCode(f, "TYPE_MISMATCH_BOOLEAN")->location.column, At(p, "\"yes\"").column);
  EXPECT_TRUE(Validate(WithCondition("{\"Bool\": {\"aws:SecureTransport\": \"false\"}}")).empty());
}

TEST(ValidatorConditionValues, BothBooleanValuesAreAnError) {
  const std::string p = WithCondition(
      "{\"Bool\": {\"aws:ViaAWSService\": \"false\", \"aws:SecureTransport\": [\"true\", \"false\"]}}");
  EXPECT_TRUE(Reports(Validate(p), "INVALID_CONDITION_MULTIPLE_BOOLEAN", Severity::kError,
                      At(p, "\"aws:SecureTransport\"")));
}

// "General Warning – Type mismatch IP range".
TEST(ValidatorConditionValues, BadCidrIsAWarning) {
  const std::string p =
      WithCondition("{\"IpAddress\": {\"aws:SourceIp\": [\"203.0.113.0/24\", \"10.0.0.0/33\"]}}");
  EXPECT_TRUE(Reports(Validate(p), "TYPE_MISMATCH_IP_RANGE", Severity::kWarning, At(p, "\"10.0.0.0/33\"")));
  EXPECT_TRUE(
      Validate(WithCondition("{\"NotIpAddress\": {\"aws:SourceIp\": [\"203.0.113.7\", \"2001:db8::/32\"]}}"))
          .empty());
}

TEST(ValidatorConditionValues, WildcardWithEqualsOperatorIsAWarning) {
  const std::string p = WithCondition("{\"StringEquals\": {\"aws:PrincipalTag/team\": \"dev-*\"}}");
  EXPECT_TRUE(Reports(Validate(p), "WILDCARD_WITHOUT_LIKE_OPERATOR", Severity::kWarning, At(p, "\"dev-*\"")));
  EXPECT_TRUE(Validate(WithCondition("{\"StringLike\": {\"aws:PrincipalTag/team\": \"dev-*\"}}")).empty());
  EXPECT_TRUE(Validate(WithCondition("{\"StringEquals\": {\"aws:PrincipalTag/team\": \"${aws:username}\"}}"))
                  .empty());
}

TEST(ValidatorConditionValues, ForAllValuesWithSingleValuedKeyInAllowIsASecurityWarning) {
  const std::string p = WithCondition("{\"ForAllValues:StringEquals\": {\"aws:SourceVpc\": [\"vpc-1\"]}}");
  EXPECT_TRUE(Reports(Validate(p), "FORALLVALUES_WITH_SINGLE_VALUED_KEY", Severity::kSecurityWarning,
                      At(p, "\"ForAllValues:StringEquals\"")));
}

TEST(ValidatorConditionValues, ForAllValuesWithMultiValuedKeyIsFine) {
  EXPECT_TRUE(
      Validate(WithCondition("{\"ForAllValues:StringEquals\": {\"aws:TagKeys\": [\"team\"]}}")).empty());
}

// --- Over-broad grants ---------------------------------------------------------------------------

TEST(ValidatorGrants, AllowWithNotActionIsASecurityWarning) {
  const std::string p =
      Policy("    {\"Effect\": \"Allow\", \"NotAction\": \"iam:*\", \"Resource\": \"arn:aws:s3:::b\"}");
  EXPECT_TRUE(Reports(Validate(p), "ALLOW_WITH_NOT_ACTION", Severity::kSecurityWarning, At(p, "\"iam:*\"")));
}

TEST(ValidatorGrants, DenyWithNotActionIsFine) {
  const std::string p = Policy("    {\"Effect\": \"Deny\", \"NotAction\": \"iam:*\", \"Resource\": \"*\"}");
  EXPECT_TRUE(DoesNotReport(Validate(p), "ALLOW_WITH_NOT_ACTION"));
}

TEST(ValidatorGrants, AllowWithNotResourceIsASecurityWarning) {
  const std::string p = Policy(
      "    {\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"NotResource\": "
      "\"arn:aws:s3:::secret/*\"}");
  EXPECT_TRUE(Reports(Validate(p), "ALLOW_WITH_NOT_RESOURCE", Severity::kSecurityWarning,
                      At(p, "\"arn:aws:s3:::secret/*\"")));
  const std::string deny = Policy(
      "    {\"Effect\": \"Deny\", \"Action\": \"s3:GetObject\", \"NotResource\": \"arn:aws:s3:::public/*\"}");
  EXPECT_TRUE(DoesNotReport(Validate(deny), "ALLOW_WITH_NOT_RESOURCE"));
}

TEST(ValidatorGrants, PassRoleOnStarIsASecurityWarning) {
  const std::string p = Policy(Allow("\"iam:PassRole\"", "\"*\""));
  EXPECT_TRUE(
      Reports(Validate(p), "PASS_ROLE_WITH_STAR_IN_RESOURCE", Severity::kSecurityWarning, At(p, "\"*\"")));
}

TEST(ValidatorGrants, PassRoleOnAllRolesOfAnAccountIsASecurityWarning) {
  const std::string p = Policy(Allow("\"iam:PassRole\"", "\"arn:aws:iam::111122223333:role/*\""));
  EXPECT_TRUE(Reports(Validate(p), "PASS_ROLE_WITH_STAR_IN_RESOURCE", Severity::kSecurityWarning,
                      At(p, "\"arn:aws:iam::111122223333:role/*\"")));
}

TEST(ValidatorGrants, PassRoleOnNamedRoleOrToANamedServiceIsFine) {
  EXPECT_TRUE(Validate(Policy(Allow("\"iam:PassRole\"", "\"arn:aws:iam::111122223333:role/app\""))).empty());
  const Findings f = Validate(Policy(Allow(
      "\"iam:PassRole\"", "\"*\"", "{\"StringEquals\": {\"iam:PassedToService\": \"ec2.amazonaws.com\"}}")));
  EXPECT_TRUE(f.empty()) << Describe(f);
}

TEST(ValidatorGrants, PassRoleThroughWildcardActionHasItsOwnCode) {
  const std::string p = Policy(Allow("\"iam:Pass*\"", "\"*\""));
  EXPECT_TRUE(Reports(Validate(p), "PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE", Severity::kSecurityWarning,
                      At(p, "\"*\"")));
}

TEST(ValidatorGrants, PassRoleWithNotResourceHasItsOwnCode) {
  const std::string p = Policy(
      "    {\"Effect\": \"Allow\", \"Action\": \"iam:PassRole\", \"NotResource\": "
      "\"arn:aws:iam::111122223333:role/admin\"}");
  EXPECT_TRUE(Reports(Validate(p), "PASS_ROLE_WITH_NOT_RESOURCE", Severity::kSecurityWarning,
                      At(p, "\"arn:aws:iam::111122223333:role/admin\"")));
}

TEST(ValidatorGrants, AllActionsOnAllResourcesIsASecurityWarning) {
  const std::string p = Policy(Allow("\"*\"", "\"*\""));
  EXPECT_TRUE(Reports(Validate(p), "ALLOW_ALL_ACTIONS_ON_ALL_RESOURCES", Severity::kSecurityWarning,
                      At(p, "{\"Effect\": \"Allow\"")));
  EXPECT_TRUE(DoesNotReport(Validate(p), "PERMISSIONS_MANAGEMENT_ON_ALL_RESOURCES"));
}

TEST(ValidatorGrants, AllActionsDeniedOrInAnScpIsFine) {
  const std::string deny = Policy("    {\"Effect\": \"Deny\", \"Action\": \"*\", \"Resource\": \"*\"}");
  EXPECT_TRUE(Validate(deny).empty());
  EXPECT_TRUE(Validate(Policy(Allow("\"*\"", "\"*\"")), PolicyKind::kServiceControl).empty());
}

TEST(ValidatorGrants, PermissionsManagementOnAllResourcesIsASecurityWarning) {
  const std::string p = Policy(Allow("\"iam:AttachUserPolicy\"", "\"*\""));
  const Findings f = Validate(p);
  EXPECT_TRUE(Reports(f, "PERMISSIONS_MANAGEMENT_ON_ALL_RESOURCES", Severity::kSecurityWarning,
                      At(p, "{\"Effect\": \"Allow\"")));
  EXPECT_NE(
      FindingWithCode(f, "PERMISSIONS_MANAGEMENT_ON_ALL_RESOURCES")->message.find("iam:AttachUserPolicy"),
      std::string::npos);
}

TEST(ValidatorGrants, PermissionsManagementThroughNotActionIsASecurityWarning) {
  const std::string p = Policy("    {\"Effect\": \"Allow\", \"NotAction\": \"s3:*\", \"Resource\": \"*\"}");
  EXPECT_TRUE(Reports(Validate(p), "PERMISSIONS_MANAGEMENT_ON_ALL_RESOURCES", Severity::kSecurityWarning,
                      At(p, "{\"Effect\": \"Allow\"")));
}

TEST(ValidatorGrants, ReadOnlyIamOrNamedUserIsFine) {
  EXPECT_TRUE(Validate(Policy(Allow("\"iam:GetUser\"", "\"*\""))).empty());
  EXPECT_TRUE(Validate(Policy(Allow("\"iam:AttachUserPolicy\"", "\"arn:aws:iam::111122223333:user/alice\"")))
                  .empty());
}

// --- Policy kinds --------------------------------------------------------------------------------

std::string Trust(std::string_view principal, std::string_view action) {
  return Policy("    {\"Effect\": \"Allow\", \"Principal\": " + std::string(principal) +
                    ", \"Action\": " + std::string(action) + "}",
                PolicyKind::kTrust);
}

TEST(ValidatorTrustPolicy, NonStsActionIsAnError) {
  const std::string p =
      Trust("{\"AWS\": \"arn:aws:iam::111122223333:root\"}", "[\"sts:AssumeRole\", \"s3:GetObject\"]");
  EXPECT_TRUE(Reports(Validate(p, PolicyKind::kTrust), "UNSUPPORTED_ACTION_IN_POLICY", Severity::kError,
                      At(p, "\"s3:GetObject\"")));
}

TEST(ValidatorTrustPolicy, AssumeRoleAndSessionTagsAreFine) {
  const Findings f =
      Validate(Trust("{\"Service\": \"ec2.amazonaws.com\"}", "[\"sts:AssumeRole\", \"sts:TagSession\"]"),
               PolicyKind::kTrust);
  EXPECT_TRUE(f.empty()) << Describe(f);
}

TEST(ValidatorTrustPolicy, SamlPrincipalNeedsAssumeRoleWithSaml) {
  const std::string p =
      Trust("{\"Federated\": \"arn:aws:iam::111122223333:saml-provider/Okta\"}", "\"sts:AssumeRole\"");
  EXPECT_TRUE(Reports(Validate(p, PolicyKind::kTrust), "MISMATCHED_ACTION_FOR_PRINCIPAL", Severity::kError,
                      At(p, "\"arn:aws:iam::111122223333:saml-provider/Okta\"")));
  EXPECT_TRUE(Validate(Trust("{\"Federated\": \"arn:aws:iam::111122223333:saml-provider/Okta\"}",
                             "\"sts:AssumeRoleWithSAML\""),
                       PolicyKind::kTrust)
                  .empty());
}

TEST(ValidatorTrustPolicy, AwsPrincipalNeedsAssumeRole) {
  const std::string p =
      Trust("{\"AWS\": \"arn:aws:iam::111122223333:root\"}", "\"sts:AssumeRoleWithWebIdentity\"");
  EXPECT_TRUE(Reports(Validate(p, PolicyKind::kTrust), "MISMATCHED_ACTION_FOR_PRINCIPAL", Severity::kError,
                      At(p, "\"arn:aws:iam::111122223333:root\"")));
}

TEST(ValidatorScp, WildcardNotAtTheEndIsAnError) {
  const std::string p =
      Policy("    {\"Effect\": \"Deny\", \"Action\": [\"s3:Get*\", \"s3:*Object\"], \"Resource\": \"*\"}");
  EXPECT_TRUE(Reports(Validate(p, PolicyKind::kServiceControl), "SCP_SYNTAX_ERROR_ACTION_WILDCARD",
                      Severity::kError, At(p, "\"s3:*Object\"")));
  EXPECT_TRUE(DoesNotReport(Validate(p, PolicyKind::kIdentity), "SCP_SYNTAX_ERROR_ACTION_WILDCARD"));
}

TEST(ValidatorScp, OversizedScpIsAnError) {
  std::string actions = "[";
  for (int i = 0; i < 400; ++i) actions += std::string(i ? "," : "") + "\"s3:GetObject\"";
  actions += "]";
  const std::string p =
      Policy("    {\"Effect\": \"Deny\", \"Action\": " + actions + ", \"Resource\": \"*\"}");
  EXPECT_TRUE(Reports(Validate(p, PolicyKind::kServiceControl), "POLICY_SIZE_EXCEEDS_SCP_QUOTA",
                      Severity::kError, Pos{1, 1}));
  EXPECT_TRUE(DoesNotReport(Validate(p, PolicyKind::kIdentity), "POLICY_SIZE_EXCEEDS_SCP_QUOTA"));
}

TEST(ValidatorIdentityPolicy, OversizedManagedPolicyIsAWarning) {
  std::string resources = "[";
  for (int i = 0; i < 250; ++i)
    resources += std::string(i ? "," : "") + "\"arn:aws:s3:::bucket-" + std::to_string(i) + "\"";
  resources += "]";
  const std::string p = Policy(Allow("\"s3:ListBucket\"", resources));
  EXPECT_TRUE(
      Reports(Validate(p), "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA", Severity::kWarning, Pos{1, 1}));
}

TEST(ValidatorRcp, ActionOfAServiceWithoutRcpSupportIsAnError) {
  const std::string p = Policy(
      "    {\"Effect\": \"Deny\", \"Principal\": \"*\", \"Action\": [\"s3:GetObject\", "
      "\"ec2:RunInstances\"], "
      "\"Resource\": \"*\"}",
      PolicyKind::kResourceControl);
  const Findings f = Validate(p, PolicyKind::kResourceControl);
  EXPECT_TRUE(Reports(f, "RCP_SYNTAX_ERROR_ACTION", Severity::kError, At(p, "\"ec2:RunInstances\"")));
}

TEST(ValidatorRcp, NotActionIsAnError) {
  const std::string p = Policy(
      "    {\"Effect\": \"Deny\", \"Principal\": \"*\", \"NotAction\": \"s3:GetObject\", \"Resource\": "
      "\"*\"}",
      PolicyKind::kResourceControl);
  EXPECT_TRUE(Reports(Validate(p, PolicyKind::kResourceControl), "RCP_SYNTAX_ERROR_NOTACTION",
                      Severity::kError, At(p, "\"s3:GetObject\"")));
}

// --- Reference checks: each test names its section of the IAM User Guide's "IAM policy validation
// check reference" ----------------------------------------------------------------------------------

std::string Resource(std::string_view statements) { return Policy(statements, PolicyKind::kResource); }

std::string ResourceAllow(std::string_view principal, std::string_view extra = "") {
  return "    {\"Effect\": \"Allow\", \"Principal\": " + std::string(principal) +
         ", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::shared/*\"" + std::string(extra) + "}";
}

// "Error – Invalid partition".
TEST(ValidatorReferenceArn, UnknownPartitionIsAnError) {
  const std::string p = Policy(Allow("\"s3:GetObject\"", "\"arn:aws-mars:s3:::b/*\""));
  EXPECT_TRUE(Reports(Validate(p), "INVALID_PARTITION", Severity::kError, At(p, "\"arn:aws-mars:s3:::b/*\"")));
  EXPECT_TRUE(DoesNotReport(Validate(Policy(Allow("\"s3:GetObject\"", "\"arn:aws-cn:s3:::b/*\""))),
                            "INVALID_PARTITION"));
}

// "Error – Invalid ARN Region".
TEST(ValidatorReferenceArn, UnknownRegionIsAnError) {
  const std::string p =
      Policy(Allow("\"sqs:SendMessage\"", "\"arn:aws:sqs:us-north-7:111122223333:queue\""));
  EXPECT_TRUE(Reports(Validate(p), "INVALID_ARN_REGION", Severity::kError,
                      At(p, "\"arn:aws:sqs:us-north-7:111122223333:queue\"")));
  const Findings ok = Validate(Policy(Allow("\"sqs:SendMessage\"", "\"arn:aws:sqs:eu-west-3:111122223333:queue\"")));
  EXPECT_TRUE(ok.empty()) << Describe(ok);
}

// "Error – Missing ARN Region": every sqs resource type has a Region; s3 buckets have none.
TEST(ValidatorReferenceArn, MissingRegionWhereTheServiceNeedsOneIsAnError) {
  const std::string p = Policy(Allow("\"sqs:SendMessage\"", "\"arn:aws:sqs::111122223333:queue\""));
  EXPECT_TRUE(Reports(Validate(p), "MISSING_ARN_REGION", Severity::kError,
                      At(p, "\"arn:aws:sqs::111122223333:queue\"")));
  EXPECT_TRUE(DoesNotReport(Validate(Policy(Allow("\"s3:ListBucket\"", "\"arn:aws:s3:::b\""))), "MISSING_ARN_REGION"));
}

// "Error – Invalid ARN account".
TEST(ValidatorReferenceArn, AccountThatIsNotTwelveDigitsIsAnError) {
  const std::string p = Policy(Allow("\"sqs:SendMessage\"", "\"arn:aws:sqs:us-east-1:1234:queue\""));
  EXPECT_TRUE(Reports(Validate(p), "INVALID_ARN_ACCOUNT", Severity::kError,
                      At(p, "\"arn:aws:sqs:us-east-1:1234:queue\"")));
  EXPECT_TRUE(DoesNotReport(Validate(Policy(Allow("\"iam:GetPolicy\"", "\"arn:aws:iam::aws:policy/ReadOnlyAccess\""))),
                            "INVALID_ARN_ACCOUNT"));
}

// "Error – Invalid ARN prefix" and "Error – Missing ARN field".
TEST(ValidatorReferenceArn, ArnPrefixAndFieldsAreRequired) {
  const std::string p = Policy(Allow("\"s3:GetObject\"", "\"s3:::bucket/*\""));
  EXPECT_TRUE(Reports(Validate(p), "INVALID_ARN_PREFIX", Severity::kError, At(p, "\"s3:::bucket/*\"")));
  const std::string q = Policy(Allow("\"s3:GetObject\"", "\"arn:aws:s3:bucket\""));
  EXPECT_TRUE(Reports(Validate(q), "MISSING_ARN_FIELD", Severity::kError, At(q, "\"arn:aws:s3:bucket\"")));
}

// "Error – Invalid variable for operator".
TEST(ValidatorReferenceConditions, VariableWithNumericOperatorIsAnError) {
  const std::string p = WithCondition("{\"NumericLessThan\": {\"aws:MultiFactorAuthAge\": \"${aws:username}\"}}");
  EXPECT_TRUE(Reports(Validate(p), "INVALID_VARIABLE_FOR_OPERATOR", Severity::kError, At(p, "\"${aws:username}\"")));
  EXPECT_TRUE(DoesNotReport(
      Validate(WithCondition("{\"StringEquals\": {\"aws:PrincipalTag/team\": \"${aws:username}\"}}")),
      "INVALID_VARIABLE_FOR_OPERATOR"));
}

// "Error – Invalid vpc format" and "Error – Invalid vpce format".
TEST(ValidatorReferenceConditions, VpcAndVpceIdsNeedTheirFormat) {
  const std::string p = WithCondition("{\"StringEquals\": {\"aws:SourceVpc\": [\"vpc-1a2b3c4d\", \"vpc-12\"]}}");
  EXPECT_TRUE(Reports(Validate(p), "INVALID_VPC_FORMAT", Severity::kError, At(p, "\"vpc-12\"")));
  const std::string q = WithCondition("{\"StringEquals\": {\"aws:SourceVpce\": \"vpc-1a2b3c4d\"}}");
  EXPECT_TRUE(Reports(Validate(q), "INVALID_VPCE_FORMAT", Severity::kError, At(q, "\"vpc-1a2b3c4d\"")));
  EXPECT_TRUE(Validate(WithCondition("{\"StringEquals\": {\"aws:SourceVpce\": \"vpce-1a2b3c4d5e6f7a8b9\"}}")).empty());
}

// "Error – Invalid Region".
TEST(ValidatorReferenceConditions, UnknownRequestedRegionIsAnError) {
  const std::string p = WithCondition("{\"StringEquals\": {\"aws:RequestedRegion\": [\"eu-west-1\", \"eu-west-9\"]}}");
  EXPECT_TRUE(Reports(Validate(p), "INVALID_REGION", Severity::kError, At(p, "\"eu-west-9\"")));
  EXPECT_TRUE(Validate(WithCondition("{\"StringLike\": {\"aws:RequestedRegion\": \"eu-*\"}}")).empty());
}

// "Error – Private IP address" and "Suggestion – Private IP address subset".
TEST(ValidatorReferenceConditions, PrivateSourceIpIsAnErrorAloneAndASuggestionMixed) {
  const std::string p = WithCondition("{\"IpAddress\": {\"aws:SourceIp\": [\"10.1.0.0/16\", \"192.168.0.1\"]}}");
  EXPECT_TRUE(Reports(Validate(p), "PRIVATE_IP_ADDRESS", Severity::kError, At(p, "\"aws:SourceIp\"")));
  const std::string q = WithCondition("{\"IpAddress\": {\"aws:SourceIp\": [\"203.0.113.0/24\", \"10.0.0.0/8\"]}}");
  EXPECT_TRUE(Reports(Validate(q), "PRIVATE_IP_ADDRESS_SUBSET", Severity::kSuggestion, At(q, "\"aws:SourceIp\"")));
}

// "Error – Private NotIpAddress" and "Suggestion – Private NotIpAddress subset".
TEST(ValidatorReferenceConditions, PrivateSourceIpUnderNotIpAddressHasItsOwnCodes) {
  const std::string p = WithCondition("{\"NotIpAddress\": {\"aws:SourceIp\": \"172.16.0.0/12\"}}");
  EXPECT_TRUE(Reports(Validate(p), "PRIVATE_NOT_IP_ADDRESS", Severity::kError, At(p, "\"aws:SourceIp\"")));
  const std::string q = WithCondition("{\"NotIpAddress\": {\"aws:SourceIp\": [\"172.16.0.0/12\", \"198.51.100.0/24\"]}}");
  EXPECT_TRUE(Reports(Validate(q), "PRIVATE_NOT_IP_ADDRESS_SUBSET", Severity::kSuggestion, At(q, "\"aws:SourceIp\"")));
}

// "Suggestion – Improve IP range".
TEST(ValidatorReferenceConditions, HostBitsAfterTheMaskAreASuggestion) {
  const std::string p = WithCondition("{\"IpAddress\": {\"aws:SourceIp\": \"203.0.113.77/24\"}}");
  const Findings f = Validate(p);
  EXPECT_TRUE(Reports(f, "IMPROVE_IP_RANGE", Severity::kSuggestion, At(p, "\"203.0.113.77/24\"")));
  EXPECT_NE(FindingWithCode(f, "IMPROVE_IP_RANGE")->message.find("203.0.113.0/24"), std::string::npos);
  EXPECT_TRUE(Validate(WithCondition("{\"IpAddress\": {\"aws:SourceIp\": \"2001:db8::/32\"}}")).empty());
}

// "Error – Null with if exists".
TEST(ValidatorReferenceConditions, NullIfExistsIsAnError) {
  const std::string p = WithCondition("{\"NullIfExists\": {\"aws:TokenIssueTime\": \"true\"}}");
  EXPECT_TRUE(Reports(Validate(p), "NULL_WITH_IF_EXISTS", Severity::kError, At(p, "\"NullIfExists\"")));
}

// "Suggestion – Null with qualifier".
TEST(ValidatorReferenceConditions, NullWithASetQualifierIsASuggestion) {
  const std::string p = WithCondition("{\"ForAnyValue:Null\": {\"aws:TagKeys\": \"false\"}}");
  EXPECT_TRUE(Reports(Validate(p), "NULL_WITH_QUALIFIER", Severity::kSuggestion, At(p, "\"ForAnyValue:Null\"")));
}

// "Error – Missing qualifier": aws:TagKeys is multivalued.
TEST(ValidatorReferenceConditions, MultivaluedKeyWithoutQualifierIsAnError) {
  const std::string p = WithCondition("{\"StringEquals\": {\"aws:TagKeys\": \"team\"}}");
  EXPECT_TRUE(Reports(Validate(p), "MISSING_QUALIFIER", Severity::kError, At(p, "\"StringEquals\"")));
  EXPECT_TRUE(Validate(WithCondition("{\"ForAllValues:StringEquals\": {\"aws:TagKeys\": \"team\"}}")).empty());
}

// "Suggestion – Empty array condition" and its ForAllValues / ForAnyValue / IfExists variants.
TEST(ValidatorReferenceConditions, EmptyValueListsAreSuggestions) {
  struct Case {
    const char* op;
    const char* code;
  };
  for (const Case& c : {Case{"StringEquals", "EMPTY_ARRAY_CONDITION"},
                        Case{"ForAllValues:StringEquals", "EMPTY_ARRAY_CONDITION_FORALLVALUES"},
                        Case{"ForAnyValue:StringEquals", "EMPTY_ARRAY_CONDITION_FORANYVALUE"},
                        Case{"StringEqualsIfExists", "EMPTY_ARRAY_CONDITION_IFEXISTS"}}) {
    const std::string p = WithCondition("{\"" + std::string(c.op) + "\": {\"aws:PrincipalTag/team\": []}}");
    EXPECT_TRUE(Reports(Validate(p), c.code, Severity::kSuggestion, At(p, "\"aws:PrincipalTag/team\""))) << c.op;
  }
}

// "General Warning – Invalid date value".
TEST(ValidatorReferenceConditions, EpochDateIsAWarning) {
  const std::string p = WithCondition("{\"DateGreaterThan\": {\"aws:CurrentTime\": \"1767225600\"}}");
  EXPECT_TRUE(Reports(Validate(p), "INVALID_DATE_VALUE", Severity::kWarning, At(p, "\"1767225600\"")));
  EXPECT_TRUE(Validate(WithCondition("{\"DateGreaterThan\": {\"aws:CurrentTime\": \"2026-01-01T00:00:00Z\"}}")).empty());
}

// "General Warning – Deprecated global condition key".
TEST(ValidatorReferenceConditions, DeprecatedArnKeyIsAWarning) {
  const std::string p = Resource(ResourceAllow("{\"AWS\": \"111122223333\"}",
                                               ", \"Condition\": {\"ArnEquals\": {\"aws:ARN\": "
                                               "\"arn:aws:iam::111122223333:role/r\"}}"));
  const Findings f = Validate(p, PolicyKind::kResource);
  EXPECT_TRUE(Reports(f, "DEPRECATED_GLOBAL_CONDITION_KEY", Severity::kWarning, At(p, "\"aws:ARN\"")));
  EXPECT_TRUE(DoesNotReport(f, "INVALID_GLOBAL_CONDITION_KEY"));
}

// "Suggestion – Redundant condition value num".
TEST(ValidatorReferenceConditions, SeveralBoundsOfOneInequalityAreRedundant) {
  const std::string p = WithCondition("{\"NumericLessThan\": {\"aws:MultiFactorAuthAge\": [\"2700\", \"3600\"]}}");
  const Findings f = Validate(p);
  EXPECT_TRUE(Reports(f, "REDUNDANT_CONDITION_VALUE_NUM", Severity::kSuggestion, At(p, "\"aws:MultiFactorAuthAge\"")));
  EXPECT_NE(FindingWithCode(f, "REDUNDANT_CONDITION_VALUE_NUM")->message.find("3600"), std::string::npos);
}

// "Security Warning – Allow with NotPrincipal".
TEST(ValidatorReferencePrincipals, AllowWithNotPrincipalIsASecurityWarning) {
  const std::string p = Resource(
      "    {\"Effect\": \"Allow\", \"NotPrincipal\": {\"AWS\": \"111122223333\"}, \"Action\": \"s3:GetObject\", "
      "\"Resource\": \"arn:aws:s3:::shared/*\"}");
  EXPECT_TRUE(Reports(Validate(p, PolicyKind::kResource), "ALLOW_WITH_NOT_PRINCIPAL", Severity::kSecurityWarning,
                      At(p, "{\"AWS\": \"111122223333\"}")));
}

// "Error – Unsupported wildcard in principal".
TEST(ValidatorReferencePrincipals, WildcardInsideAPrincipalIsAnError) {
  const std::string p = Resource(ResourceAllow("{\"AWS\": [\"arn:aws:iam::111122223333:role/ci-*\"]}"));
  EXPECT_TRUE(Reports(Validate(p, PolicyKind::kResource), "UNSUPPORTED_WILDCARD_IN_PRINCIPAL", Severity::kError,
                      At(p, "\"arn:aws:iam::111122223333:role/ci-*\"")));
  EXPECT_TRUE(DoesNotReport(Validate(Resource(ResourceAllow("{\"AWS\": \"*\"}")), PolicyKind::kResource),
                            "UNSUPPORTED_WILDCARD_IN_PRINCIPAL"));
}

// "General Warning – Invalid role reference" and "General Warning – Invalid user reference".
TEST(ValidatorReferencePrincipals, UniqueIdsAsPrincipalsAreWarnings) {
  const std::string p = Resource(ResourceAllow("{\"AWS\": [\"AROAEXAMPLEID12345678\", \"AIDAEXAMPLEID12345678\"]}"));
  const Findings f = Validate(p, PolicyKind::kResource);
  EXPECT_TRUE(Reports(f, "INVALID_ROLE_REFERENCE", Severity::kWarning, At(p, "\"AROAEXAMPLEID12345678\"")));
  EXPECT_TRUE(Reports(f, "INVALID_USER_REFERENCE", Severity::kWarning, At(p, "\"AIDAEXAMPLEID12345678\"")));
}

// "Error – Invalid service principal format".
TEST(ValidatorReferencePrincipals, ServicePrincipalNeedsItsFormat) {
  const std::string p = Resource(ResourceAllow("{\"Service\": \"cloudtrail\"}"));
  EXPECT_TRUE(Reports(Validate(p, PolicyKind::kResource), "INVALID_SERVICE_PRINCIPAL_FORMAT", Severity::kError,
                      At(p, "\"cloudtrail\"")));
  const Findings ok = Validate(Resource(ResourceAllow("{\"Service\": [\"cloudtrail.amazonaws.com\", \"ec2.amazonaws.com.cn\"]}")),
                               PolicyKind::kResource);
  EXPECT_TRUE(DoesNotReport(ok, "INVALID_SERVICE_PRINCIPAL_FORMAT"));
}

// "Error – Role trust policy syntax error notprincipal".
TEST(ValidatorReferenceTrust, NotPrincipalIsAnError) {
  const std::string p = Policy(
      "    {\"Effect\": \"Deny\", \"NotPrincipal\": {\"AWS\": \"arn:aws:iam::111122223333:root\"}, "
      "\"Action\": \"sts:AssumeRole\"}",
      PolicyKind::kTrust);
  EXPECT_TRUE(Reports(Validate(p, PolicyKind::kTrust), "ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL",
                      Severity::kError, At(p, "{\"AWS\": \"arn:aws:iam::111122223333:root\"}")));
}

// "Error – Role trust policy unsupported wildcard in principal".
TEST(ValidatorReferenceTrust, StarPrincipalIsAnError) {
  const std::string p = Trust("\"*\"", "\"sts:AssumeRole\"");
  EXPECT_TRUE(Reports(Validate(p, PolicyKind::kTrust), "ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL",
                      Severity::kError, At(p, "\"*\"")));
}

// "Error – Role trust policy syntax error resource".
TEST(ValidatorReferenceTrust, ResourceIsAnError) {
  const std::string p = Policy(
      "    {\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:root\"}, "
      "\"Action\": \"sts:AssumeRole\", \"Resource\": \"*\"}",
      PolicyKind::kTrust);
  EXPECT_NE(FindingWithCode(Validate(p, PolicyKind::kTrust), "ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE"), nullptr);
}

// "Error – Invalid federated principal syntax in role trust policy".
TEST(ValidatorReferenceTrust, FederatedPrincipalMustBeADomainOrProviderArn) {
  const std::string p = Trust("{\"Federated\": \"arn:aws:iam::111122223333:role/idp\"}", "\"sts:AssumeRoleWithWebIdentity\"");
  EXPECT_TRUE(Reports(Validate(p, PolicyKind::kTrust), "INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY",
                      Severity::kError, At(p, "\"arn:aws:iam::111122223333:role/idp\"")));
  EXPECT_TRUE(DoesNotReport(Validate(Trust("{\"Federated\": \"cognito-identity.amazonaws.com\"}",
                                           "\"sts:AssumeRoleWithWebIdentity\""),
                                     PolicyKind::kTrust),
                            "INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY"));
}

// "Suggestion – Redundant principal in role trust policy".
TEST(ValidatorReferenceTrust, SessionOfAListedRoleIsRedundant) {
  const std::string p = Trust(
      "{\"AWS\": [\"arn:aws:iam::111122223333:role/builder\", "
      "\"arn:aws:sts::111122223333:assumed-role/builder/ci\"]}",
      "\"sts:AssumeRole\"");
  EXPECT_TRUE(Reports(Validate(p, PolicyKind::kTrust), "REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY",
                      Severity::kSuggestion, At(p, "\"arn:aws:sts::111122223333:assumed-role/builder/ci\"")));
}

// "General Warning – Unique Sids recommended" (resource policies) and "Error – Unique Sids
// required" (the other kinds).
TEST(ValidatorReferenceStatements, DuplicateSidsAreAWarningInResourcePolicies) {
  const std::string twice =
      "    {\"Sid\": \"Read\", \"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"111122223333\"}, \"Action\": "
      "\"s3:GetObject\", \"Resource\": \"arn:aws:s3:::a/*\"},\n"
      "    {\"Sid\": \"Read\", \"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"111122223333\"}, \"Action\": "
      "\"s3:GetObject\", \"Resource\": \"arn:aws:s3:::b/*\"}";
  const std::string p = Resource(twice);
  EXPECT_TRUE(Reports(Validate(p, PolicyKind::kResource), "UNIQUE_SIDS_RECOMMENDED", Severity::kWarning,
                      At(p, "\"Read\"", 1)));
  const std::string q = Policy(Allow("\"s3:GetObject\"", "\"*\"").insert(5, "\"Sid\": \"X\", ") + ",\n" +
                               Allow("\"s3:PutObject\"", "\"*\"").insert(5, "\"Sid\": \"X\", "));
  EXPECT_TRUE(Reports(Validate(q), "UNIQUE_SIDS_REQUIRED", Severity::kError, At(q, "\"X\"", 1)));
}

// "Error – Unsupported Sid".
TEST(ValidatorReferenceStatements, NonAlphanumericSidIsAnError) {
  const std::string p = Policy(Allow("\"s3:GetObject\"", "\"*\"").insert(5, "\"Sid\": \"read-all\", "));
  EXPECT_TRUE(Reports(Validate(p), "UNSUPPORTED_SID", Severity::kError, At(p, "\"read-all\"")));
}

// "Suggestion – Empty Sid value".
TEST(ValidatorReferenceStatements, EmptySidIsASuggestion) {
  const std::string p = Policy(Allow("\"s3:GetObject\"", "\"*\"").insert(5, "\"Sid\": \"\", "));
  EXPECT_TRUE(Reports(Validate(p), "EMPTY_SID_VALUE", Severity::kSuggestion, At(p, "\"\"")));
}

// "Suggestion – Redundant statement".
TEST(ValidatorReferenceStatements, IdenticalStatementsAreRedundant) {
  const std::string p = Policy(Allow("[\"s3:GetObject\", \"s3:PutObject\"]", "\"arn:aws:s3:::b/*\"") + ",\n" +
                               Allow("[\"s3:PutObject\", \"s3:GetObject\"]", "\"arn:aws:s3:::b/*\""));
  EXPECT_TRUE(Reports(Validate(p), "REDUNDANT_STATEMENT", Severity::kSuggestion, At(p, "{\"Effect\": \"Allow\"", 1)));
  EXPECT_TRUE(DoesNotReport(Validate(Policy(Allow("\"s3:GetObject\"", "\"arn:aws:s3:::b/*\"") + ",\n" +
                                            Allow("\"s3:GetObject\"", "\"arn:aws:s3:::c/*\""))),
                            "REDUNDANT_STATEMENT"));
}

// "Error – Invalid policy element", "Error – Unsupported principal", "Error – Invalid principal key",
// "Error – Json syntax error", "Error – Invalid principal format".
TEST(ValidatorReferenceGrammar, ParserErrorsUseTheReferenceCodes) {
  EXPECT_NE(FindingWithCode(Validate(Policy(Allow("\"s3:GetObject\"", "\"*\"").insert(5, "\"Foo\": 1, "))),
                            "INVALID_POLICY_ELEMENT"),
            nullptr);
  EXPECT_NE(FindingWithCode(Validate(Policy(ResourceAllow("{\"AWS\": \"111122223333\"}"))), "UNSUPPORTED_PRINCIPAL"),
            nullptr);
  EXPECT_NE(FindingWithCode(Validate(Resource(ResourceAllow("{\"Aws\": \"111122223333\"}")), PolicyKind::kResource),
                            "INVALID_PRINCIPAL_KEY"),
            nullptr);
  EXPECT_NE(FindingWithCode(Validate("{\"Version\": \"2012-10-17\", \"Statement\": ["), "JSON_SYNTAX_ERROR"), nullptr);
  // "Error – Invalid principal format".
  EXPECT_NE(FindingWithCode(Validate(Resource(ResourceAllow("\"111122223333\"")), PolicyKind::kResource),
                            "INVALID_PRINCIPAL_FORMAT"),
            nullptr);
}

// "General Warning – Create SLR with star in resource" and "... with NotResource" (the
// iam:CreateServiceLinkedRole twins of the Pass role checks).
TEST(ValidatorReferenceGrants, CreateServiceLinkedRoleOnAnyRoleIsAWarning) {
  const std::string p = Policy(Allow("\"iam:CreateServiceLinkedRole\"", "\"*\""));
  EXPECT_TRUE(Reports(Validate(p), "CREATE_SLR_WITH_STAR_IN_RESOURCE", Severity::kWarning, At(p, "\"*\"")));
  const std::string q = Policy(
      "    {\"Effect\": \"Allow\", \"Action\": \"iam:CreateServiceLinkedRole\", \"NotResource\": "
      "\"arn:aws:iam::111122223333:role/admin\"}");
  EXPECT_TRUE(Reports(Validate(q), "CREATE_SLR_WITH_NOT_RESOURCE", Severity::kWarning,
                      At(q, "\"arn:aws:iam::111122223333:role/admin\"")));
  EXPECT_TRUE(DoesNotReport(
      Validate(Policy(Allow("\"iam:CreateServiceLinkedRole\"", "\"*\"",
                            "{\"StringEquals\": {\"iam:AWSServiceName\": \"elasticbeanstalk.amazonaws.com\"}}"))),
      "CREATE_SLR_WITH_STAR_IN_RESOURCE"));
}

// "Security Warning – Missing github repo condition key".
TEST(ValidatorReferenceTrust, GitHubPrincipalWithoutSubIsASecurityWarning) {
  const std::string provider = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com";
  const std::string p = Policy(
      "    {\"Effect\": \"Allow\", \"Principal\": {\"Federated\": \"" + provider +
          "\"}, \"Action\": \"sts:AssumeRoleWithWebIdentity\", \"Condition\": {\"StringEquals\": "
          "{\"token.actions.githubusercontent.com:aud\": \"sts.amazonaws.com\"}}}",
      PolicyKind::kTrust);
  EXPECT_TRUE(Reports(Validate(p, PolicyKind::kTrust), "MISSING_GITHUB_REPO_CONDITION_KEY", Severity::kSecurityWarning,
                      At(p, "\"" + provider + "\"")));
}

// "General Warning – Specific github repo and branch recommended".
TEST(ValidatorReferenceTrust, WildcardInGitHubSubIsAWarning) {
  const std::string p = Policy(
      "    {\"Effect\": \"Allow\", \"Principal\": {\"Federated\": "
      "\"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com\"}, \"Action\": "
      "\"sts:AssumeRoleWithWebIdentity\", \"Condition\": {\"StringLike\": "
      "{\"token.actions.githubusercontent.com:sub\": \"repo:example-org/*\"}}}",
      PolicyKind::kTrust);
  EXPECT_TRUE(Reports(Validate(p, PolicyKind::kTrust), "SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED",
                      Severity::kWarning, At(p, "\"repo:example-org/*\"")));
}

// "Security Warning – Missing condition key for oidc principal".
TEST(ValidatorReferenceTrust, OidcPrincipalWithoutItsKeysIsASecurityWarning) {
  const std::string provider = "arn:aws:iam::111122223333:oidc-provider/oidc.example.com";
  const std::string p = Trust("{\"Federated\": \"" + provider + "\"}", "\"sts:AssumeRoleWithWebIdentity\"");
  EXPECT_TRUE(Reports(Validate(p, PolicyKind::kTrust), "MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL",
                      Severity::kSecurityWarning, At(p, "\"" + provider + "\"")));
}

// "Error – Missing action for roles anywhere trust policy".
TEST(ValidatorReferenceTrust, RolesAnywhereNeedsItsThreeActions) {
  const std::string p = Trust("{\"Service\": \"rolesanywhere.amazonaws.com\"}", "[\"sts:AssumeRole\", \"sts:TagSession\"]");
  const Findings f = Validate(p, PolicyKind::kTrust);
  EXPECT_TRUE(Reports(f, "MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY", Severity::kError,
                      At(p, "\"rolesanywhere.amazonaws.com\"")));
  EXPECT_NE(FindingWithCode(f, "MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY")->message.find("sts:SetSourceIdentity"),
            std::string::npos);
  EXPECT_TRUE(DoesNotReport(Validate(Trust("{\"Service\": \"rolesanywhere.amazonaws.com\"}",
                                           "[\"sts:AssumeRole\", \"sts:TagSession\", \"sts:SetSourceIdentity\"]"),
                                     PolicyKind::kTrust),
                            "MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY"));
}

// "Security Warning – Restrict access to service principal" and "Suggestion – Recommended
// condition key for service principal".
TEST(ValidatorReferencePrincipals, ServicePrincipalNeedsASourceCondition) {
  const std::string p = Resource(ResourceAllow("{\"Service\": \"cloudtrail.amazonaws.com\"}"));
  EXPECT_TRUE(Reports(Validate(p, PolicyKind::kResource), "RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL",
                      Severity::kSecurityWarning, At(p, "\"cloudtrail.amazonaws.com\"")));
  const std::string q = Resource(ResourceAllow("{\"Service\": \"cloudtrail.amazonaws.com\"}",
                                               ", \"Condition\": {\"StringEquals\": {\"aws:PrincipalOrgID\": \"o-abc123\"}}"));
  EXPECT_TRUE(Reports(Validate(q, PolicyKind::kResource), "RECOMMENDED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL",
                      Severity::kSuggestion, At(q, "\"aws:PrincipalOrgID\"")));
}

// "Suggestion – Allow with unsupported tag condition key for service" and "Security Warning – Deny
// with unsupported tag condition key for service", from the catalog's per-service keys.
TEST(ValidatorReferenceConditions, TagKeyAServiceDoesNotSupportIsReported) {
  ASSERT_NE(ActionCatalog::Embedded().FindService("cloudshell"), nullptr);
  const std::string tag = "{\"StringEquals\": {\"aws:ResourceTag/team\": \"blue\"}}";
  const std::string p = Policy(Allow("[\"ec2:StartInstances\", \"cloudshell:CreateSession\"]", "\"*\"", tag));
  const Findings f = Validate(p);
  EXPECT_TRUE(Reports(f, "ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE", Severity::kSuggestion,
                      At(p, "\"aws:ResourceTag/team\"")));
  EXPECT_NE(FindingWithCode(f, "ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE")->message.find("cloudshell"),
            std::string::npos);
  const std::string d = Policy(
      "    {\"Effect\": \"Deny\", \"Action\": \"cloudshell:CreateSession\", \"Resource\": \"*\", \"Condition\": "
      "{\"StringEquals\": {\"aws:ResourceTag/team\": \"blue\"}}}");
  EXPECT_TRUE(Reports(Validate(d), "DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE", Severity::kSecurityWarning,
                      At(d, "\"aws:ResourceTag/team\"")));
  EXPECT_TRUE(DoesNotReport(Validate(Policy(Allow("\"ec2:StartInstances\"", "\"*\"", tag))),
                            "ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE"));
}

// "Security Warning – Deny NotAction with unsupported tag condition key for service".
TEST(ValidatorReferenceConditions, TagKeyWithNotActionIsReported) {
  const std::string d = Policy(
      "    {\"Effect\": \"Deny\", \"NotAction\": \"iam:*\", \"Resource\": \"*\", \"Condition\": "
      "{\"StringNotEquals\": {\"aws:ResourceTag/team\": \"blue\"}}}");
  EXPECT_TRUE(Reports(Validate(d), "DENY_NOT_ACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
                      Severity::kSecurityWarning, At(d, "\"aws:ResourceTag/team\"")));
}

// "Error – SCP syntax error principal".
TEST(ValidatorReferenceScp, PrincipalIsAnScpSyntaxError) {
  const std::string p =
      "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Deny\", \"Principal\": \"*\", \"Action\": "
      "\"s3:*\", \"Resource\": \"*\"}]}";
  EXPECT_NE(FindingWithCode(Validate(p, PolicyKind::kServiceControl), "SCP_SYNTAX_ERROR_PRINCIPAL"), nullptr);
}

// "Suggestion – Empty array action", "... resource", "... principal", "Suggestion – Empty object
// principal", "Suggestion – Empty object condition": suggestions, not errors, and validation goes on.
TEST(ValidatorReferenceStatements, EmptyArraysAndObjectsAreSuggestions) {
  const std::string a = Policy(Allow("[]", "\"*\""));
  EXPECT_TRUE(Reports(Validate(a), "EMPTY_ARRAY_ACTION", Severity::kSuggestion, At(a, "[]")));
  const std::string r = Policy(Allow("\"s3:GetObject\"", "[]"));
  EXPECT_TRUE(Reports(Validate(r), "EMPTY_ARRAY_RESOURCE", Severity::kSuggestion, At(r, "[]")));
  const std::string p = Resource(ResourceAllow("{\"AWS\": []}"));
  EXPECT_TRUE(Reports(Validate(p, PolicyKind::kResource), "EMPTY_ARRAY_PRINCIPAL", Severity::kSuggestion, At(p, "[]")));
  const std::string o = Resource(ResourceAllow("{}"));
  EXPECT_TRUE(Reports(Validate(o, PolicyKind::kResource), "EMPTY_OBJECT_PRINCIPAL", Severity::kSuggestion, At(o, "{}")));
  const std::string c = Policy(
      "    {\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\", \"Condition\": {}}");
  EXPECT_TRUE(Reports(Validate(c), "EMPTY_OBJECT_CONDITION", Severity::kSuggestion, At(c, "{}")));
  // The rest of the policy is still validated.
  const std::string both = Policy(Allow("[]", "\"*\"") + ",\n" + Allow("\"s3:GetObjekt\"", "\"*\""));
  EXPECT_NE(FindingWithCode(Validate(both), "INVALID_ACTION"), nullptr);
  // IAM's own reading still rejects an empty Action.
  EXPECT_FALSE(ParsePolicy(a).ok());
}

// "Error – Missing quote in variable".
TEST(ValidatorReferenceVariables, UnquotedDefaultValueIsAnError) {
  const std::string p = Policy(Allow("\"s3:GetObject\"", "\"arn:aws:s3:::b-${aws:PrincipalTag/team, shared}/*\""));
  EXPECT_TRUE(Reports(Validate(p), "MISSING_QUOTE_IN_VARIABLE", Severity::kError,
                      At(p, "\"arn:aws:s3:::b-${aws:PrincipalTag/team, shared}/*\"")));
}

// "General Warning – Type mismatch string".
TEST(ValidatorReferenceConditions, NonBase64BinaryValueIsAWarning) {
  const std::string p = WithCondition("{\"BinaryEquals\": {\"aws:UserAgent\": \"not base64!\"}}");
  EXPECT_TRUE(Reports(Validate(p), "TYPE_MISMATCH_STRING", Severity::kWarning, At(p, "\"not base64!\"")));
}

// "Security Warning – Missing paired condition keys".
TEST(ValidatorReferenceConditions, VpcSourceIpWithoutSourceVpcIsASecurityWarning) {
  const std::string p = WithCondition("{\"IpAddress\": {\"aws:VpcSourceIp\": \"10.0.0.0/16\"}}");
  EXPECT_TRUE(Reports(Validate(p), "MISSING_PAIRED_CONDITION_KEYS", Severity::kSecurityWarning, At(p, "\"aws:VpcSourceIp\"")));
  EXPECT_TRUE(Validate(WithCondition("{\"IpAddress\": {\"aws:VpcSourceIp\": \"10.0.0.0/16\"}, \"StringEquals\": "
                                     "{\"aws:SourceVpc\": \"vpc-1a2b3c4d\"}}"))
                  .empty());
}

// "Suggestion – Confirm audience claim type".
TEST(ValidatorReferenceTrust, AudienceClaimWithAQualifierIsASuggestion) {
  const std::string p = Policy(
      "    {\"Effect\": \"Allow\", \"Principal\": {\"Federated\": \"accounts.google.com\"}, \"Action\": "
      "\"sts:AssumeRoleWithWebIdentity\", \"Condition\": {\"ForAnyValue:StringEquals\": "
      "{\"accounts.google.com:aud\": \"app-id\"}}}",
      PolicyKind::kTrust);
  EXPECT_TRUE(Reports(Validate(p, PolicyKind::kTrust), "CONFIRM_AUDIENCE_CLAIM_TYPE", Severity::kSuggestion,
                      At(p, "\"ForAnyValue:StringEquals\"")));
}

// "Error – Federated principal not supported".
TEST(ValidatorReferencePrincipals, FederatedPrincipalInAResourcePolicyIsAnError) {
  const std::string p = Resource(ResourceAllow("{\"Federated\": \"arn:aws:iam::111122223333:saml-provider/Okta\"}"));
  EXPECT_TRUE(Reports(Validate(p, PolicyKind::kResource), "FEDERATED_PRINCIPAL_NOT_SUPPORTED", Severity::kError,
                      At(p, "\"arn:aws:iam::111122223333:saml-provider/Okta\"")));
}

Findings ValidateAs(std::string_view text, std::string resource_type) {
  ValidateOptions options;
  options.kind = PolicyKind::kResource;
  options.resource_type = std::move(resource_type);
  return ValidatePolicyText(text, options);
}

// "Error – Unsupported resource ARN in policy" (validatePolicyResourceType).
TEST(ValidatorReferenceResourceType, ArnOfAnotherServiceIsAnError) {
  const std::string p = Resource(
      "    {\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"111122223333\"}, \"Action\": \"s3:GetObject\", "
      "\"Resource\": [\"arn:aws:s3:::shared/*\", \"arn:aws:kms:us-east-1:111122223333:key/k\"]}");
  EXPECT_TRUE(Reports(ValidateAs(p, "AWS::S3::Bucket"), "UNSUPPORTED_RESOURCE_ARN_IN_POLICY", Severity::kError,
                      At(p, "\"arn:aws:kms:us-east-1:111122223333:key/k\"")));
  EXPECT_TRUE(DoesNotReport(Validate(p, PolicyKind::kResource), "UNSUPPORTED_RESOURCE_ARN_IN_POLICY"));
}

// "General Warning – Policy size exceeds resource policy quota" (20 KB for a bucket policy).
TEST(ValidatorReferenceResourceType, OversizedBucketPolicyIsAWarning) {
  std::string resources;
  for (int i = 0; i < 900; ++i) resources += std::string(i ? ", " : "") + "\"arn:aws:s3:::bucket-" + std::to_string(i) + "/*\"";
  const std::string p = Resource("    {\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"111122223333\"}, \"Action\": "
                                 "\"s3:GetObject\", \"Resource\": [" + resources + "]}");
  EXPECT_TRUE(Reports(ValidateAs(p, "AWS::S3::Bucket"), "POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA", Severity::kWarning,
                      Pos{1, 1}));
  EXPECT_TRUE(DoesNotReport(ValidateAs(p, "AWS::KMS::Key"), "POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA"));
}

// "Suggestion – Irrelevant condition key in policy".
TEST(ValidatorReferenceResourceType, ResourceAccountKeyInABucketPolicyIsIrrelevant) {
  const std::string p = Resource(ResourceAllow("{\"AWS\": \"111122223333\"}",
                                               ", \"Condition\": {\"StringEquals\": {\"s3:ResourceAccount\": \"111122223333\"}}"));
  EXPECT_TRUE(Reports(ValidateAs(p, "AWS::S3::Bucket"), "IRRELEVANT_CONDITION_KEY_IN_POLICY", Severity::kSuggestion,
                      At(p, "\"s3:ResourceAccount\"")));
}

// "General Warning – Policy size exceeds role trust policy quota".
TEST(ValidatorReferenceSize, TrustPolicyQuotaIsAWarning) {
  std::string principals;
  for (int i = 0; i < 60; ++i) principals += std::string(i ? ", " : "") + "\"arn:aws:iam::111122223333:role/r" + std::to_string(i) + "\"";
  const std::string p = Trust("{\"AWS\": [" + principals + "]}", "\"sts:AssumeRole\"");
  EXPECT_TRUE(Reports(Validate(p, PolicyKind::kTrust), "POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA", Severity::kWarning,
                      Pos{1, 1}));
}

// "Error – Unsupported element combination".
TEST(ValidatorReferenceGrammar, ActionWithNotActionIsAnUnsupportedCombination) {
  const std::string p = Policy("    {\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"NotAction\": \"s3:PutObject\", \"Resource\": \"*\"}");
  EXPECT_NE(FindingWithCode(Validate(p), "UNSUPPORTED_ELEMENT_COMBINATION"), nullptr);
}

// "Error – Missing action for condition key": session tags in a trust policy need sts:TagSession.
TEST(ValidatorReferenceTrust, SessionTagKeyWithoutTagSessionIsAnError) {
  const std::string p = Policy(
      "    {\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:root\"}, \"Action\": "
      "\"sts:AssumeRole\", \"Condition\": {\"StringEquals\": {\"aws:RequestTag/team\": \"blue\"}}}",
      PolicyKind::kTrust);
  EXPECT_TRUE(Reports(Validate(p, PolicyKind::kTrust), "MISSING_ACTION_FOR_CONDITION_KEY", Severity::kError,
                      At(p, "\"aws:RequestTag/team\"")));
  EXPECT_TRUE(DoesNotReport(Validate(Trust("{\"AWS\": \"arn:aws:iam::111122223333:root\"}", "[\"sts:AssumeRole\", \"sts:TagSession\"]"), PolicyKind::kTrust),
                            "MISSING_ACTION_FOR_CONDITION_KEY"));
}

// Policies the reference calls clean raise nothing (issue 18: no check may fire on them).
TEST(ValidatorReference, CleanPoliciesStayClean) {
  const std::string policies[] = {
      "{\"Version\": \"2008-10-17\", \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:ListAllMyBuckets\", "
      "\"Resource\": \"*\"}}",
      Policy(Allow("\"sqs:SendMessage\"", "\"arn:aws:sqs:us-east-1:111122223333:orders\"",
                   "{\"IpAddress\": {\"aws:SourceIp\": [\"203.0.113.0/24\", \"2001:db8::/32\"]}, "
                   "\"StringEquals\": {\"aws:SourceVpce\": \"vpce-1a2b3c4d\", \"aws:RequestedRegion\": "
                   "[\"us-east-1\", \"eu-west-1\"]}, \"ForAnyValue:StringEquals\": {\"aws:TagKeys\": [\"team\"]}}")),
      Resource(ResourceAllow("{\"Service\": \"cloudtrail.amazonaws.com\"}",
                             ", \"Condition\": {\"StringEquals\": {\"aws:SourceAccount\": \"111122223333\"}}")),
      Resource(ResourceAllow("{\"AWS\": [\"arn:aws:iam::111122223333:role/reader\", \"444455556666\"]}")),
  };
  for (const std::string& p : policies) {
    const Findings f = Validate(p, p.find("Principal") != std::string::npos ? PolicyKind::kResource : PolicyKind::kIdentity);
    EXPECT_TRUE(f.empty()) << p << Describe(f);
  }
  const Findings trust = Validate(
      Trust("{\"Federated\": \"arn:aws:iam::111122223333:saml-provider/Okta\"}", "\"sts:AssumeRoleWithSAML\""),
      PolicyKind::kTrust);
  EXPECT_TRUE(trust.empty()) << Describe(trust);
}

// --- Entry points --------------------------------------------------------------------------------

TEST(ValidatePolicyText, SyntaxErrorsAreLocatedErrorsAndStopValidation) {
  const Findings f = Validate("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [ }\n");
  ASSERT_EQ(f.size(), 1u) << Describe(f);
  EXPECT_EQ(f[0].severity, Severity::kError);
  EXPECT_EQ(f[0].location.line, 3u);
}

TEST(ValidatePolicyText, FindingsComeInSourceOrder) {
  const std::string p =
      Policy(Allow("[\"s3:GetObjekt\", \"s4:Get\"]", "\"*\"") + ",\n" + Allow("\"iam:PassRole\"", "\"*\""));
  const Findings f = Validate(p);
  ASSERT_GE(f.size(), 3u) << Describe(f);
  EXPECT_TRUE(std::is_sorted(f.begin(), f.end(), [](const Finding& a, const Finding& b) {
    return a.location.line != b.location.line ? a.location.line < b.location.line
                                              : a.location.column < b.location.column;
  }));
}

TEST(ValidatePolicy, UsesTheCatalogItIsGiven) {
  auto catalog = ActionCatalog::FromJson(R"({"services": {"demo": {"actions": {"ReadThing": ["Read", [], []]},
      "resourceTypes": {}, "conditionKeys": {}}}})");
  ASSERT_TRUE(catalog.ok());
  ValidateOptions options;
  options.catalog = &*catalog;
  auto policy = [](std::string_view action) {
    return "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"" +
           std::string(action) + "\", \"Resource\": \"*\"}]}";
  };
  const Findings ok = ValidatePolicyText(policy("demo:ReadThing"), options);
  EXPECT_TRUE(ok.empty()) << Describe(ok);
  const Findings bad = ValidatePolicyText(policy("s3:GetObject"), options);
  EXPECT_NE(FindingWithCode(bad, "INVALID_SERVICE"), nullptr) << Describe(bad);
}

TEST(ValidatePolicy, WorstSeverityRanksErrorsFirst) {
  Severity worst = Severity::kSuggestion;
  EXPECT_FALSE(WorstSeverity({}, &worst));
  const Findings f = Validate(Policy(Allow("[\"s3:Get*\", \"s3:GetObject\", \"iam:PassRole\"]", "\"*\"")));
  ASSERT_TRUE(WorstSeverity(f, &worst));
  EXPECT_EQ(worst, Severity::kSecurityWarning);
}

// The example policies shipped in examples/policies validate cleanly as the kind they are.
TEST(ExamplePolicies, AreClean) {
  const std::filesystem::path dir = std::filesystem::path(BULWARK_SOURCE_DIR) / "examples" / "policies";
  int seen = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    PolicyKind kind = PolicyKind::kIdentity;
    if (name.rfind("trust-", 0) == 0) kind = PolicyKind::kTrust;
    if (name.rfind("scp-", 0) == 0) kind = PolicyKind::kServiceControl;
    if (name.rfind("bucket-", 0) == 0) kind = PolicyKind::kResource;
    std::ifstream in(entry.path());
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const Findings f = Validate(text, kind);
    EXPECT_TRUE(f.empty()) << name << Describe(f);
    ++seen;
  }
  EXPECT_GE(seen, 4);
}

}  // namespace
}  // namespace bulwark::policy
