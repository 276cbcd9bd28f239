// Each condition operator family, the IfExists suffix, the set qualifiers and missing keys, checked
// through full evaluations so the deciding statement is asserted too.
#include <gtest/gtest.h>

#include "policy/policy_test_util.h"

namespace bulwark::policy::testing {
namespace {

struct Case {
  const char* name;
  std::string condition;                         // Condition block JSON
  std::map<std::string, std::string> context;    // single-valued keys
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

TEST_P(ConditionOperator, DecidesAsAws) {
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

INSTANTIATE_TEST_SUITE_P(
    Families, ConditionOperator,
    ::testing::Values(
        Case{"StringEquals", R"({"StringEquals":{"aws:PrincipalTag/team":"payments"}})", {{"aws:PrincipalTag/team", "payments"}}, {}, A},
        Case{"StringEqualsIsCaseSensitive", R"({"StringEquals":{"aws:PrincipalTag/team":"Payments"}})", {{"aws:PrincipalTag/team", "payments"}}, {}, N},
        Case{"KeyNamesAreCaseInsensitive", R"({"StringEquals":{"AWS:principaltag/TEAM":"payments"}})", {{"aws:PrincipalTag/team", "payments"}}, {}, A},
        Case{"StringEqualsAnyValueOred", R"({"StringEquals":{"k:x":["a","b"]}})", {{"k:x", "b"}}, {}, A},
        Case{"StringNotEquals", R"({"StringNotEquals":{"k:x":["a","b"]}})", {{"k:x", "c"}}, {}, A},
        Case{"StringNotEqualsMatching", R"({"StringNotEquals":{"k:x":["a","b"]}})", {{"k:x", "a"}}, {}, N},
        Case{"StringEqualsIgnoreCase", R"({"StringEqualsIgnoreCase":{"k:x":"ABC"}})", {{"k:x", "abc"}}, {}, A},
        Case{"StringNotEqualsIgnoreCase", R"({"StringNotEqualsIgnoreCase":{"k:x":"ABC"}})", {{"k:x", "abc"}}, {}, N},
        Case{"StringLike", R"({"StringLike":{"k:x":"pay*-?"}})", {{"k:x", "payments-1"}}, {}, A},
        Case{"StringNotLike", R"({"StringNotLike":{"k:x":"pay*"}})", {{"k:x", "ops"}}, {}, A},
        Case{"NumericLessThan", R"({"NumericLessThan":{"s3:max-keys":"10"}})", {{"s3:max-keys", "9"}}, {}, A},
        Case{"NumericLessThanBoundary", R"({"NumericLessThan":{"s3:max-keys":10}})", {{"s3:max-keys", "10"}}, {}, N},
        Case{"NumericLessThanEquals", R"({"NumericLessThanEquals":{"s3:max-keys":10}})", {{"s3:max-keys", "10"}}, {}, A},
        Case{"NumericGreaterThan", R"({"NumericGreaterThan":{"k:n":"1.5"}})", {{"k:n", "2"}}, {}, A},
        Case{"NumericGreaterThanEquals", R"({"NumericGreaterThanEquals":{"k:n":"2"}})", {{"k:n", "1"}}, {}, N},
        Case{"NumericEquals", R"({"NumericEquals":{"k:n":"2"}})", {{"k:n", "2.0"}}, {}, A},
        Case{"NumericNotEquals", R"({"NumericNotEquals":{"k:n":"2"}})", {{"k:n", "3"}}, {}, A},
        Case{"NumericUnparsableNeverMatches", R"({"NumericEquals":{"k:n":"2"}})", {{"k:n", "two"}}, {}, N},
        Case{"DateLessThanIso", R"({"DateLessThan":{"aws:CurrentTime":"2027-01-01T00:00:00Z"}})", {{"aws:CurrentTime", "2026-11-28T23:45:00Z"}}, {}, A},
        Case{"DateGreaterThanIso", R"({"DateGreaterThan":{"aws:CurrentTime":"2027-01-01"}})", {{"aws:CurrentTime", "2026-11-28T23:45:00Z"}}, {}, N},
        Case{"DateEpochAgainstIso", R"({"DateLessThanEquals":{"aws:EpochTime":"2026-11-28T23:45:00Z"}})", {{"aws:EpochTime", "1795909500"}}, {}, A},
        Case{"DateWithOffset", R"({"DateEquals":{"k:d":"2026-11-29T01:45:00+02:00"}})", {{"k:d", "2026-11-28T23:45:00Z"}}, {}, A},
        Case{"DateNotEquals", R"({"DateNotEquals":{"k:d":"2026-11-28T23:45:00Z"}})", {{"k:d", "2026-11-28T23:45:01Z"}}, {}, A},
        Case{"DateGreaterThanEquals", R"({"DateGreaterThanEquals":{"k:d":"2026-11-28T23:45:00.500Z"}})", {{"k:d", "2026-11-28T23:45:00Z"}}, {}, N},
        Case{"BoolTrue", R"({"Bool":{"aws:SecureTransport":"true"}})", {{"aws:SecureTransport", "true"}}, {}, A},
        Case{"BoolJsonLiteral", R"({"Bool":{"aws:SecureTransport":false}})", {{"aws:SecureTransport", "false"}}, {}, A},
        Case{"BoolMismatch", R"({"Bool":{"aws:SecureTransport":"true"}})", {{"aws:SecureTransport", "false"}}, {}, N},
        Case{"BinaryEquals", R"({"BinaryEquals":{"k:b":"QmluYXJ5VmFsdWU="}})", {{"k:b", "QmluYXJ5VmFsdWU="}}, {}, A},
        Case{"IpAddressV4", R"({"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}})", {{"aws:SourceIp", "10.1.2.3"}}, {}, A},
        Case{"IpAddressV4Outside", R"({"IpAddress":{"aws:SourceIp":["10.0.0.0/8","192.168.0.0/16"]}})", {{"aws:SourceIp", "172.16.0.1"}}, {}, N},
        Case{"IpAddressV6", R"({"IpAddress":{"aws:SourceIp":"2001:db8::/32"}})", {{"aws:SourceIp", "2001:db8:1234::1"}}, {}, A},
        Case{"IpAddressV6Outside", R"({"IpAddress":{"aws:SourceIp":"2001:db8::/32"}})", {{"aws:SourceIp", "2001:db9::1"}}, {}, N},
        Case{"IpAddressFamilyMismatch", R"({"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}})", {{"aws:SourceIp", "::1"}}, {}, N},
        Case{"IpAddressSingleHost", R"({"IpAddress":{"aws:SourceIp":"203.0.113.7"}})", {{"aws:SourceIp", "203.0.113.7"}}, {}, A},
        Case{"NotIpAddress", R"({"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}})", {{"aws:SourceIp", "8.8.8.8"}}, {}, A},
        Case{"ArnLike", R"({"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:111111111111:topic-*"}})", {{"aws:SourceArn", "arn:aws:sns:us-east-1:111111111111:topic-1"}}, {}, A},
        Case{"ArnEqualsWithWildcard", R"({"ArnEquals":{"aws:SourceArn":"arn:aws:sns:*:111111111111:t"}})", {{"aws:SourceArn", "arn:aws:sns:eu-west-1:111111111111:t"}}, {}, A},
        Case{"ArnNotLike", R"({"ArnNotLike":{"aws:SourceArn":"arn:aws:sns:*:*:*"}})", {{"aws:SourceArn", "arn:aws:sqs:us-east-1:1:q"}}, {}, A},
        Case{"ArnNotEqualsMatching", R"({"ArnNotEquals":{"aws:SourceArn":"arn:aws:sqs:us-east-1:1:q"}})", {{"aws:SourceArn", "arn:aws:sqs:us-east-1:1:q"}}, {}, N},
        Case{"NullTrueWhenAbsent", R"({"Null":{"aws:TokenIssueTime":"true"}})", {}, {}, A},
        Case{"NullTrueWhenPresent", R"({"Null":{"aws:TokenIssueTime":"true"}})", {{"aws:TokenIssueTime", "2026-01-01T00:00:00Z"}}, {}, N},
        Case{"NullFalseWhenPresent", R"({"Null":{"aws:TokenIssueTime":"false"}})", {{"aws:TokenIssueTime", "2026-01-01T00:00:00Z"}}, {}, A},
        Case{"MissingKeyPositiveOperator", R"({"StringEquals":{"aws:PrincipalTag/team":"x"}})", {}, {}, N},
        Case{"MissingKeyNegatedOperator", R"({"StringNotEquals":{"aws:PrincipalTag/team":"x"}})", {}, {}, A},
        Case{"MissingKeyNotIpAddress", R"({"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}})", {}, {}, A},
        Case{"IfExistsMissingKey", R"({"StringEqualsIfExists":{"ec2:InstanceType":"t3.micro"}})", {}, {}, A},
        Case{"IfExistsPresentKeyMismatch", R"({"StringEqualsIfExists":{"ec2:InstanceType":"t3.micro"}})", {{"ec2:InstanceType", "m5.large"}}, {}, N},
        Case{"IfExistsNumeric", R"({"NumericLessThanIfExists":{"k:n":"5"}})", {{"k:n", "3"}}, {}, A},
        Case{"ForAllValuesSubset", R"({"ForAllValues:StringEquals":{"aws:TagKeys":["env","team"]}})", {}, {{"aws:TagKeys", {"env"}}}, A},
        Case{"ForAllValuesNotSubset", R"({"ForAllValues:StringEquals":{"aws:TagKeys":["env","team"]}})", {}, {{"aws:TagKeys", {"env", "cost"}}}, N},
        Case{"ForAllValuesMissingKeyIsTrue", R"({"ForAllValues:StringEquals":{"aws:TagKeys":["env"]}})", {}, {}, A},
        Case{"ForAllValuesEmptySetIsTrue", R"({"ForAllValues:StringEquals":{"aws:TagKeys":["env"]}})", {}, {{"aws:TagKeys", {}}}, A},
        Case{"ForAnyValueOverlap", R"({"ForAnyValue:StringEquals":{"aws:TagKeys":["env","team"]}})", {}, {{"aws:TagKeys", {"cost", "team"}}}, A},
        Case{"ForAnyValueMissingKeyIsFalse", R"({"ForAnyValue:StringEquals":{"aws:TagKeys":["env"]}})", {}, {}, N},
        Case{"ForAnyValueEmptySetIsFalse", R"({"ForAnyValue:StringEquals":{"aws:TagKeys":["env"]}})", {}, {{"aws:TagKeys", {}}}, N},
        Case{"ForAllValuesNegated", R"({"ForAllValues:StringNotEquals":{"aws:TagKeys":["secret"]}})", {}, {{"aws:TagKeys", {"env", "team"}}}, A},
        Case{"ForAllValuesNegatedHit", R"({"ForAllValues:StringNotEquals":{"aws:TagKeys":["secret"]}})", {}, {{"aws:TagKeys", {"env", "secret"}}}, N},
        Case{"ForAnyValueStringLike", R"({"ForAnyValue:StringLike":{"aws:TagKeys":["cost-*"]}})", {}, {{"aws:TagKeys", {"env", "cost-center"}}}, A},
        Case{"SingleValuedOperatorOnMultivaluedKeyAnyMatch", R"({"StringEquals":{"aws:TagKeys":"env"}})", {}, {{"aws:TagKeys", {"team", "env"}}}, A},
        Case{"MultipleKeysAreAnded", R"({"StringEquals":{"k:a":"1","k:b":"2"}})", {{"k:a", "1"}, {"k:b", "3"}}, {}, N},
        Case{"MultipleOperatorsAreAnded", R"({"StringEquals":{"k:a":"1"},"Bool":{"k:b":"true"}})", {{"k:a", "1"}, {"k:b", "true"}}, {}, A}),
    [](const ::testing::TestParamInfo<Case>& param_info) { return std::string(param_info.param.name); });

TEST(ConditionExplanation, ReportsMissingKeysAsWrittenSortedAndUnique) {
  auto p = Compile(Policy(Statement("Allow", "s3:GetObject", "*",
                                    R"({"StringEquals":{"aws:PrincipalTag/Team":"x","s3:prefix":"a"},"Bool":{"aws:MultiFactorAuthPresent":"true"}})")));
  PolicySet set;
  set.identity.push_back(p.get());
  Decision d = Evaluate(set, Request(kAlice, "s3:GetObject", "arn:aws:s3:::b/k"));
  EXPECT_EQ(d.decision, EvalDecision::kImplicitDeny);
  std::vector<std::string> keys(d.missing_context_keys.begin(), d.missing_context_keys.end());
  EXPECT_EQ(keys, (std::vector<std::string>{"aws:MultiFactorAuthPresent", "aws:PrincipalTag/Team", "s3:prefix"}));
}

}  // namespace
}  // namespace bulwark::policy::testing
