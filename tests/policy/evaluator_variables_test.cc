// Policy variables ("IAM policy elements: Variables and tags"): substitution in the resource part of
// Resource ARNs and in String/ARN/Bool condition values, defaults, the ${*} ${?} ${$} escapes, the
// 2008-10-17 version taking them literally, and unresolvable variables making the statement not
// apply.
#include <gtest/gtest.h>

#include "policy/policy_test_util.h"

namespace bulwark::policy::testing {
namespace {

const std::string kBob = "arn:aws:iam::111111111111:user/bob";

struct Evaluated {
  std::shared_ptr<const CompiledPolicy> policy;
  Decision decision;
};

Evaluated EvaluateWith(const std::string& policy_json, const EvalRequest& request) {
  auto p = Compile(policy_json);
  PolicySet set;
  set.identity = {p.get()};
  return Evaluated{p, Evaluate(set, request)};
}

EvalDecision Decide(const std::string& policy_json, const EvalRequest& request) {
  return EvaluateWith(policy_json, request).decision.decision;
}

TEST(PolicyVariables, SubstituteContextValuesInResources) {
  // The IAM User Guide's home-folder example.
  const std::string p = Policy(Statement("Allow", "s3:*", "arn:aws:s3:::home/${aws:username}/*", "", "Home"));
  Evaluated e = EvaluateWith(p, Request(kBob, "s3:GetObject", "arn:aws:s3:::home/bob/notes.txt", {{"aws:username", "bob"}}));
  EXPECT_EQ(e.decision.decision, EvalDecision::kAllowed);
  EXPECT_EQ(Sids(e.decision), std::vector<std::string>{"Home"});
  EXPECT_EQ(Decide(p, Request(kBob, "s3:GetObject", "arn:aws:s3:::home/alice/notes.txt", {{"aws:username", "bob"}})),
            EvalDecision::kImplicitDeny);
}

TEST(PolicyVariables, KeyNamesInVariablesIgnoreCase) {
  const std::string p = Policy(Statement("Allow", "s3:*", "arn:aws:s3:::home/${AWS:UserName}/*"));
  EXPECT_EQ(Decide(p, Request(kBob, "s3:GetObject", "arn:aws:s3:::home/bob/x", {{"aws:username", "bob"}})),
            EvalDecision::kAllowed);
}

TEST(PolicyVariables, TagValuesSubstitute) {
  const std::string p = Policy(Statement("Allow", "s3:*", "arn:aws:s3:::bucket/${aws:PrincipalTag/department}"));
  EXPECT_EQ(Decide(p, Request(kBob, "s3:GetObject", "arn:aws:s3:::bucket/finance", {{"aws:PrincipalTag/Department", "finance"}})),
            EvalDecision::kAllowed);
}

TEST(PolicyVariables, MissingKeyMakesTheStatementNotApplyAndIsReported) {
  const std::string p = Policy(Statement("Allow", "s3:*", "arn:aws:s3:::home/${aws:username}/*"));
  Evaluated e = EvaluateWith(p, Request(kBob, "s3:GetObject", "arn:aws:s3:::home/bob/x"));
  EXPECT_EQ(e.decision.decision, EvalDecision::kImplicitDeny);
  EXPECT_EQ(MissingKeys(e.decision), std::vector<std::string>{"aws:username"});
}

TEST(PolicyVariables, UnresolvableVariableMakesAWholeDenyStatementNotApply) {
  // "If AWS cannot resolve a variable, this might cause the entire statement to be invalid": a
  // negated operator does not turn the unresolved value into a match.
  const std::string p = Policy(Statement("Allow", "s3:*", "*", "", "All") + "," +
                               Statement("Deny", "s3:*", "*", R"({"StringNotEquals":{"s3:prefix":"${aws:username}/"}})", "Own"));
  Evaluated e = EvaluateWith(p, Request("arn:aws:sts::111111111111:assumed-role/r/s", "s3:ListBucket", "arn:aws:s3:::b",
                               {{"s3:prefix", "other/"}}));
  EXPECT_EQ(e.decision.decision, EvalDecision::kAllowed);
  EXPECT_EQ(Sids(e.decision), std::vector<std::string>{"All"});
  EXPECT_EQ(MissingKeys(e.decision), std::vector<std::string>{"aws:username"});
}

TEST(PolicyVariables, AnotherResourceOfTheStatementCanStillMatch) {
  const std::string p = Policy(R"({"Sid":"S","Effect":"Allow","Action":"s3:*","Resource":["arn:aws:s3:::public/*","arn:aws:s3:::home/${aws:username}/*"]})");
  EXPECT_EQ(Decide(p, Request(kBob, "s3:GetObject", "arn:aws:s3:::public/x")), EvalDecision::kAllowed);
}

TEST(PolicyVariables, DefaultValueStandsInForAMissingKey) {
  const std::string p = Policy(Statement("Allow", "s3:*", "arn:aws:s3:::team/${aws:PrincipalTag/team, 'shared'}/*"));
  EXPECT_EQ(Decide(p, Request(kBob, "s3:GetObject", "arn:aws:s3:::team/shared/x")), EvalDecision::kAllowed);
  EXPECT_EQ(Decide(p, Request(kBob, "s3:GetObject", "arn:aws:s3:::team/ops/x", {{"aws:PrincipalTag/team", "ops"}})),
            EvalDecision::kAllowed);
  EXPECT_EQ(Decide(p, Request(kBob, "s3:GetObject", "arn:aws:s3:::team/shared/x", {{"aws:PrincipalTag/team", "ops"}})),
            EvalDecision::kImplicitDeny);
}

TEST(PolicyVariables, EscapesAreLiteralCharacters) {
  const std::string p = Policy(Statement("Allow", "s3:*", "arn:aws:s3:::b/${*}${?}${$}"));
  EXPECT_EQ(Decide(p, Request(kBob, "s3:GetObject", "arn:aws:s3:::b/*?$")), EvalDecision::kAllowed);
  EXPECT_EQ(Decide(p, Request(kBob, "s3:GetObject", "arn:aws:s3:::b/xy$")), EvalDecision::kImplicitDeny);
}

TEST(PolicyVariables, EscapesWorkInStringLikeValues) {
  const std::string p = Policy(Statement("Allow", "s3:*", "*", R"({"StringLike":{"k:x":"a${*}b*"}})"));
  EXPECT_EQ(Decide(p, Request(kBob, "s3:GetObject", "*", {{"k:x", "a*bcd"}})), EvalDecision::kAllowed);
  EXPECT_EQ(Decide(p, Request(kBob, "s3:GetObject", "*", {{"k:x", "axbcd"}})), EvalDecision::kImplicitDeny);
}

TEST(PolicyVariables, SubstitutedValuesNeverActAsWildcards) {
  const std::string p = Policy(Statement("Allow", "s3:*", "arn:aws:s3:::home/${aws:PrincipalTag/dir}/x"));
  EXPECT_EQ(Decide(p, Request(kBob, "s3:GetObject", "arn:aws:s3:::home/anything/x", {{"aws:PrincipalTag/dir", "*"}})),
            EvalDecision::kImplicitDeny);
  EXPECT_EQ(Decide(p, Request(kBob, "s3:GetObject", "arn:aws:s3:::home/*/x", {{"aws:PrincipalTag/dir", "*"}})),
            EvalDecision::kAllowed);
}

TEST(PolicyVariables, MultivaluedKeysAreNotVariables) {
  const std::string p = Policy(Statement("Allow", "s3:*", "arn:aws:s3:::b/${aws:TagKeys}"));
  EvalRequest r = Request(kBob, "s3:GetObject", "arn:aws:s3:::b/env");
  r.context.SetList("aws:TagKeys", {"env"});
  EXPECT_EQ(Decide(p, r), EvalDecision::kImplicitDeny);
}

TEST(PolicyVariables, OnlyTheResourcePartOfAnArnIsInterpreted) {
  // "You can't use a variable to replace parts of the ARN before the fifth colon."
  const std::string p = Policy(Statement("Allow", "sqs:*", "arn:aws:sqs:us-east-2:${aws:PrincipalAccount}:q"));
  EXPECT_EQ(Decide(p, Request(kBob, "sqs:SendMessage", "arn:aws:sqs:us-east-2:111111111111:q",
                              {{"aws:PrincipalAccount", "111111111111"}})),
            EvalDecision::kImplicitDeny);
}

TEST(PolicyVariables, VersionOf2008TakesThemLiterally) {
  const std::string p = Policy(Statement("Allow", "s3:*", "arn:aws:s3:::home/${aws:username}/*"), "2008-10-17");
  EXPECT_EQ(Decide(p, Request(kBob, "s3:GetObject", "arn:aws:s3:::home/bob/x", {{"aws:username", "bob"}})),
            EvalDecision::kImplicitDeny);
  EXPECT_EQ(Decide(p, Request(kBob, "s3:GetObject", "arn:aws:s3:::home/${aws:username}/x")), EvalDecision::kAllowed);
  const std::string c = Policy(Statement("Allow", "s3:*", "*", R"({"StringEquals":{"k:x":"${aws:username}"}})"), "2008-10-17");
  EXPECT_EQ(Decide(c, Request(kBob, "s3:GetObject", "*", {{"k:x", "${aws:username}"}, {"aws:username", "bob"}})),
            EvalDecision::kAllowed);
}

TEST(PolicyVariables, MissingVersionTakesThemLiterally) {
  const std::string p = R"({"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::home/${aws:username}/*"}]})";
  EXPECT_EQ(Decide(p, Request(kBob, "s3:GetObject", "arn:aws:s3:::home/bob/x", {{"aws:username", "bob"}})),
            EvalDecision::kImplicitDeny);
}

TEST(PolicyVariables, WorkInStringConditionValues) {
  const std::string p = Policy(Statement("Allow", "s3:ListBucket", "*", R"({"StringLike":{"s3:prefix":["","home/","home/${aws:username}/"]}})"));
  EXPECT_EQ(Decide(p, Request(kBob, "s3:ListBucket", "arn:aws:s3:::b", {{"aws:username", "bob"}, {"s3:prefix", "home/bob/"}})),
            EvalDecision::kAllowed);
  EXPECT_EQ(Decide(p, Request(kBob, "s3:ListBucket", "arn:aws:s3:::b", {{"aws:username", "bob"}, {"s3:prefix", "home/eve/"}})),
            EvalDecision::kImplicitDeny);
}

TEST(PolicyVariables, WorkInArnConditionValues) {
  const std::string p = Policy(Statement("Allow", "iam:PassRole", "*", R"({"ArnLike":{"k:role":"arn:aws:iam::*:role/${aws:username}-*"}})"));
  EXPECT_EQ(Decide(p, Request(kBob, "iam:PassRole", "*", {{"aws:username", "bob"}, {"k:role", "arn:aws:iam::1:role/bob-app"}})),
            EvalDecision::kAllowed);
}

TEST(PolicyVariables, AreLiteralInNumericConditions) {
  const std::string p = Policy(Statement("Allow", "s3:*", "*", R"({"NumericEquals":{"k:n":"${k:m}"}})"));
  EXPECT_EQ(Decide(p, Request(kBob, "s3:GetObject", "*", {{"k:n", "3"}, {"k:m", "3"}})), EvalDecision::kImplicitDeny);
}

TEST(PolicyVariables, WorkInBoolConditions) {
  const std::string p = Policy(Statement("Allow", "s3:*", "*", R"({"Bool":{"k:b":"${k:expected}"}})"));
  EXPECT_EQ(Decide(p, Request(kBob, "s3:GetObject", "*", {{"k:b", "true"}, {"k:expected", "true"}})), EvalDecision::kAllowed);
}

}  // namespace
}  // namespace bulwark::policy::testing
