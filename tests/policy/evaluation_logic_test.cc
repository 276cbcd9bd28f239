// Every path of AWS's evaluation logic, asserting the decision and the statements that decided.
#include <gtest/gtest.h>

#include "policy/policy_test_util.h"

namespace bulwark::policy::testing {
namespace {

const std::string kAcct = "111111111111";
const std::string kOther = "222222222222";
const std::string kBob = "arn:aws:iam::111111111111:user/bob";
const std::string kRoot = "arn:aws:iam::111111111111:root";
const std::string kSession = "arn:aws:sts::111111111111:assumed-role/app/s1";
const std::string kRoleArn = "arn:aws:iam::111111111111:role/app";
const std::string kBucket = "arn:aws:s3:::data/report.csv";

std::shared_ptr<const CompiledPolicy> Allow(const std::string& action, const std::string& resource = "*",
                                            const std::string& sid = "Allow", PolicyType type = PolicyType::kIdentity) {
  return Compile(Policy(Statement("Allow", action, resource, "", sid)), type, sid);
}
std::shared_ptr<const CompiledPolicy> Deny(const std::string& action, const std::string& resource = "*",
                                           const std::string& sid = "Deny", PolicyType type = PolicyType::kIdentity) {
  return Compile(Policy(Statement("Deny", action, resource, "", sid)), type, sid);
}
std::shared_ptr<const CompiledPolicy> BucketPolicy(const std::string& effect, const std::string& principal_json,
                                                   const std::string& sid = "Bucket") {
  return Compile(R"({"Version":"2012-10-17","Statement":[{"Sid":")" + sid + R"(","Effect":")" + effect +
                     R"(","Principal":)" + principal_json + R"(,"Action":"s3:GetObject","Resource":"arn:aws:s3:::data/*"}]})",
                 PolicyType::kResource, "bucket-policy");
}

Decision Decide(const PolicySet& set, const std::string& principal, const std::string& resource_account = "",
             const std::string& action = "s3:GetObject", const std::string& resource = kBucket) {
  auto req = Request(principal, action, resource);
  req.resource_account = resource_account;
  return Evaluate(set, req);
}

TEST(EvaluationLogic, NothingAllowsMeansImplicitDeny) {
  PolicySet set;
  Decision d = Decide(set, kBob);
  EXPECT_EQ(d.decision, EvalDecision::kImplicitDeny);
  EXPECT_TRUE(d.matched.empty());
}

TEST(EvaluationLogic, IdentityAllowGrantsAndNamesTheStatement) {
  auto allow = Allow("s3:Get*");
  PolicySet set;
  set.identity = {allow.get()};
  Decision d = Decide(set, kBob);
  EXPECT_EQ(d.decision, EvalDecision::kAllowed);
  EXPECT_EQ(Sids(d), std::vector<std::string>{"Allow"});
  EXPECT_EQ(d.matched[0].policy->id(), "Allow");
}

TEST(EvaluationLogic, ActionNamesAreCaseInsensitive) {
  auto allow = Allow("S3:getobject");
  PolicySet set;
  set.identity = {allow.get()};
  EXPECT_EQ(Decide(set, kBob).decision, EvalDecision::kAllowed);
}

TEST(EvaluationLogic, ExplicitDenyBeatsAllowAndIsReported) {
  auto allow = Allow("s3:*");
  auto deny = Deny("s3:GetObject", "arn:aws:s3:::data/*");
  PolicySet set;
  set.identity = {allow.get(), deny.get()};
  Decision d = Decide(set, kBob);
  EXPECT_EQ(d.decision, EvalDecision::kExplicitDeny);
  EXPECT_EQ(Sids(d), std::vector<std::string>{"Deny"});
}

TEST(EvaluationLogic, NotActionAndNotResourceInvertTheMatch) {
  auto p = Compile(Policy(R"({"Sid":"NA","Effect":"Deny","NotAction":"s3:GetObject","Resource":"*"},
                             {"Sid":"NR","Effect":"Allow","Action":"s3:*","NotResource":"arn:aws:s3:::secret/*"})"));
  PolicySet set;
  set.identity = {p.get()};
  EXPECT_EQ(Decide(set, kBob).decision, EvalDecision::kAllowed);
  EXPECT_EQ(Decide(set, kBob, "", "s3:PutObject").decision, EvalDecision::kExplicitDeny);
  EXPECT_EQ(Decide(set, kBob, "", "s3:GetObject", "arn:aws:s3:::secret/x").decision, EvalDecision::kImplicitDeny);
}

TEST(EvaluationLogic, EveryScpLevelMustAllow) {
  auto allow = Allow("s3:*");
  auto root_level = Allow("*", "*", "FullAWSAccess", PolicyType::kServiceControl);
  auto ou_level = Allow("ec2:*", "*", "OnlyEc2", PolicyType::kServiceControl);
  PolicySet set;
  set.identity = {allow.get()};
  set.scps = std::vector<std::vector<const CompiledPolicy*>>{{root_level.get()}, {ou_level.get()}};
  Decision d = Decide(set, kBob);
  EXPECT_EQ(d.decision, EvalDecision::kImplicitDeny);
  EXPECT_EQ(d.organizations, EvalDecision::kImplicitDeny);
  set.scps = std::vector<std::vector<const CompiledPolicy*>>{{root_level.get()}, {root_level.get()}};
  d = Decide(set, kBob);
  EXPECT_EQ(d.decision, EvalDecision::kAllowed);
  EXPECT_EQ(d.organizations, EvalDecision::kAllowed);
}

TEST(EvaluationLogic, ScpDenyIsExplicitEvenForRoot) {
  auto full = Allow("*", "*", "FullAWSAccess", PolicyType::kServiceControl);
  auto deny = Deny("s3:*", "*", "NoS3", PolicyType::kServiceControl);
  PolicySet set;
  set.scps = std::vector<std::vector<const CompiledPolicy*>>{{full.get(), deny.get()}};
  Decision d = Decide(set, kRoot);
  EXPECT_EQ(d.decision, EvalDecision::kExplicitDeny);
  EXPECT_EQ(Sids(d), std::vector<std::string>{"NoS3"});
}

TEST(EvaluationLogic, ScpsNeverGrantOnTheirOwn) {
  auto full = Allow("*", "*", "FullAWSAccess", PolicyType::kServiceControl);
  PolicySet set;
  set.scps = std::vector<std::vector<const CompiledPolicy*>>{{full.get()}};
  EXPECT_EQ(Decide(set, kBob).decision, EvalDecision::kImplicitDeny);
}

TEST(EvaluationLogic, RcpsOnlyDeny) {
  // Customer RCPs hold only Deny statements; AWS's RCPFullAWSAccess, attached at every level and not
  // detachable, allows the rest, so an RCP level never needs an Allow of its own.
  auto allow = Allow("s3:*");
  auto rcp_deny = Compile(R"({"Version":"2012-10-17","Statement":[{"Sid":"NoExternal","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*",
                              "Condition":{"StringNotEquals":{"aws:PrincipalAccount":"111111111111"}}}]})",
                          PolicyType::kResourceControl, "rcp");
  PolicySet set;
  set.identity = {allow.get()};
  set.rcps = std::vector<std::vector<const CompiledPolicy*>>{{rcp_deny.get()}, {}};
  auto req = Request(kBob, "s3:GetObject", kBucket, {{"aws:PrincipalAccount", kAcct}});
  Decision d = Evaluate(set, req);
  EXPECT_EQ(d.decision, EvalDecision::kAllowed);
  EXPECT_EQ(d.resource_controls, EvalDecision::kAllowed);
  req = Request("arn:aws:iam::222222222222:user/eve", "s3:GetObject", kBucket, {{"aws:PrincipalAccount", kOther}});
  d = Evaluate(set, req);
  EXPECT_EQ(d.decision, EvalDecision::kExplicitDeny);
  EXPECT_EQ(Sids(d), std::vector<std::string>{"NoExternal"});
}

TEST(EvaluationLogic, SameAccountResourcePolicyNamingTheUserGrantsAlone) {
  auto bucket = BucketPolicy("Allow", R"({"AWS":")" + kBob + R"("})");
  PolicySet set;
  set.resource = bucket.get();
  Decision d = Decide(set, kBob, kAcct);
  EXPECT_EQ(d.decision, EvalDecision::kAllowed);
  EXPECT_EQ(Sids(d), std::vector<std::string>{"Bucket"});
  EXPECT_EQ(Decide(set, kAlice, kAcct).decision, EvalDecision::kImplicitDeny);
}

TEST(EvaluationLogic, ResourcePolicyNamingTheAccountOnlyDelegates) {
  auto bucket = BucketPolicy("Allow", R"({"AWS":"111111111111"})");
  PolicySet set;
  set.resource = bucket.get();
  EXPECT_EQ(Decide(set, kBob, kAcct).decision, EvalDecision::kImplicitDeny);
  auto allow = Allow("s3:GetObject");
  set.identity = {allow.get()};
  EXPECT_EQ(Decide(set, kBob, kAcct).decision, EvalDecision::kAllowed);
}

TEST(EvaluationLogic, CrossAccountNeedsBothSides) {
  const std::string eve = "arn:aws:iam::222222222222:user/eve";
  auto allow = Allow("s3:GetObject");
  auto bucket = BucketPolicy("Allow", R"({"AWS":"arn:aws:iam::222222222222:root"})");
  PolicySet set;
  set.identity = {allow.get()};
  EXPECT_EQ(Decide(set, eve, kAcct).decision, EvalDecision::kImplicitDeny);  // No resource policy.
  set.resource = bucket.get();
  EXPECT_EQ(Decide(set, eve, kAcct).decision, EvalDecision::kAllowed);
  set.identity.clear();
  EXPECT_EQ(Decide(set, eve, kAcct).decision, EvalDecision::kImplicitDeny);  // Resource side alone.
}

TEST(EvaluationLogic, ResourcePolicyDenyWins) {
  auto allow = Allow("s3:*");
  auto bucket = BucketPolicy("Deny", R"("*")", "DenyAll");
  PolicySet set;
  set.identity = {allow.get()};
  set.resource = bucket.get();
  Decision d = Decide(set, kBob, kAcct);
  EXPECT_EQ(d.decision, EvalDecision::kExplicitDeny);
  EXPECT_EQ(Sids(d), std::vector<std::string>{"DenyAll"});
}

TEST(EvaluationLogic, PermissionsBoundaryCapsIdentityPolicies) {
  auto admin = Allow("*");
  auto boundary = Allow("s3:GetObject", "*", "Boundary", PolicyType::kPermissionsBoundary);
  PolicySet set;
  set.identity = {admin.get()};
  set.boundaries = std::vector<const CompiledPolicy*>{boundary.get()};
  EXPECT_EQ(Decide(set, kBob).decision, EvalDecision::kAllowed);
  Decision d = Decide(set, kBob, "", "iam:CreateUser", "arn:aws:iam::111111111111:user/x");
  EXPECT_EQ(d.decision, EvalDecision::kImplicitDeny);
  EXPECT_EQ(d.permissions_boundary, EvalDecision::kImplicitDeny);
}

TEST(EvaluationLogic, BoundaryDoesNotLimitResourcePolicyNamingTheUser) {
  auto boundary = Allow("ec2:*", "*", "Boundary", PolicyType::kPermissionsBoundary);
  auto bucket = BucketPolicy("Allow", R"({"AWS":")" + kBob + R"("})");
  PolicySet set;
  set.boundaries = std::vector<const CompiledPolicy*>{boundary.get()};
  set.resource = bucket.get();
  EXPECT_EQ(Decide(set, kBob, kAcct).decision, EvalDecision::kAllowed);
}

TEST(EvaluationLogic, SessionPolicyCapsTheRole) {
  auto role_policy = Allow("s3:*");
  auto session = Allow("s3:ListBucket", "*", "Session", PolicyType::kSession);
  PolicySet set;
  set.identity = {role_policy.get()};
  set.session = std::vector<const CompiledPolicy*>{session.get()};
  Decision d = Decide(set, kSession);
  EXPECT_EQ(d.decision, EvalDecision::kImplicitDeny);
  EXPECT_EQ(d.session_policy, EvalDecision::kImplicitDeny);
  EXPECT_EQ(Decide(set, kSession, "", "s3:ListBucket", "arn:aws:s3:::data").decision, EvalDecision::kAllowed);
}

TEST(EvaluationLogic, ResourcePolicyNamingTheRoleIsCappedBySessionPolicyButNamingTheSessionIsNot) {
  auto session = Allow("s3:ListBucket", "*", "Session", PolicyType::kSession);
  auto by_role = BucketPolicy("Allow", R"({"AWS":")" + kRoleArn + R"("})", "ByRole");
  auto by_session = BucketPolicy("Allow", R"({"AWS":")" + kSession + R"("})", "BySession");
  PolicySet set;
  set.session = std::vector<const CompiledPolicy*>{session.get()};
  set.resource = by_role.get();
  EXPECT_EQ(Decide(set, kSession, kAcct).decision, EvalDecision::kImplicitDeny);
  set.session.reset();
  EXPECT_EQ(Decide(set, kSession, kAcct).decision, EvalDecision::kAllowed);  // Role ARN covers its sessions.
  set.session = std::vector<const CompiledPolicy*>{session.get()};
  set.resource = by_session.get();
  Decision d = Decide(set, kSession, kAcct);
  EXPECT_EQ(d.decision, EvalDecision::kAllowed);
  EXPECT_EQ(Sids(d), std::vector<std::string>{"BySession"});
  // A session ARN covers only that session.
  EXPECT_EQ(Decide(set, "arn:aws:sts::111111111111:assumed-role/app/s2", kAcct).decision, EvalDecision::kImplicitDeny);
}

TEST(EvaluationLogic, RootUserNeedsNoIdentityPolicyInItsAccount) {
  PolicySet set;
  EXPECT_EQ(Decide(set, kRoot, kAcct).decision, EvalDecision::kAllowed);
  // But another account's resources need that account's resource policy.
  EXPECT_EQ(Decide(set, "arn:aws:iam::222222222222:root", kAcct).decision, EvalDecision::kImplicitDeny);
}

TEST(EvaluationLogic, NotPrincipalAppliesToEveryoneElse) {
  auto bucket = Compile(R"({"Version":"2012-10-17","Statement":[{"Sid":"DenyOthers","Effect":"Deny",
      "NotPrincipal":{"AWS":")" + kBob + R"("},"Action":"s3:*","Resource":"arn:aws:s3:::data/*"}]})",
                        PolicyType::kResource);
  auto allow = Allow("s3:*");
  PolicySet set;
  set.identity = {allow.get()};
  set.resource = bucket.get();
  EXPECT_EQ(Decide(set, kBob, kAcct).decision, EvalDecision::kAllowed);
  EXPECT_EQ(Decide(set, kAlice, "111111111111").decision, EvalDecision::kExplicitDeny);
}

TEST(PolicyVariables, SubstituteContextValuesInResources) {
  // The IAM User Guide's home-folder example.
  auto p = Compile(Policy(Statement("Allow", "s3:*", "arn:aws:s3:::home/${aws:username}/*")));
  PolicySet set;
  set.identity = {p.get()};
  auto req = Request(kBob, "s3:GetObject", "arn:aws:s3:::home/bob/notes.txt", {{"aws:username", "bob"}});
  EXPECT_EQ(Evaluate(set, req).decision, EvalDecision::kAllowed);
  req = Request(kBob, "s3:GetObject", "arn:aws:s3:::home/alice/notes.txt", {{"aws:username", "bob"}});
  EXPECT_EQ(Evaluate(set, req).decision, EvalDecision::kImplicitDeny);
}

TEST(PolicyVariables, MissingKeyMeansNoMatchAndIsReported) {
  auto p = Compile(Policy(Statement("Allow", "s3:*", "arn:aws:s3:::home/${aws:username}/*")));
  PolicySet set;
  set.identity = {p.get()};
  Decision d = Evaluate(set, Request(kBob, "s3:GetObject", "arn:aws:s3:::home/bob/x"));
  EXPECT_EQ(d.decision, EvalDecision::kImplicitDeny);
  ASSERT_EQ(d.missing_context_keys.size(), 1u);
  EXPECT_EQ(d.missing_context_keys[0], "aws:username");
}

TEST(PolicyVariables, DefaultValueStandsInForAMissingKey) {
  auto p = Compile(Policy(Statement("Allow", "s3:*", "arn:aws:s3:::team/${aws:PrincipalTag/team, 'shared'}/*")));
  PolicySet set;
  set.identity = {p.get()};
  EXPECT_EQ(Evaluate(set, Request(kBob, "s3:GetObject", "arn:aws:s3:::team/shared/x")).decision, EvalDecision::kAllowed);
  EXPECT_EQ(Evaluate(set, Request(kBob, "s3:GetObject", "arn:aws:s3:::team/ops/x", {{"aws:PrincipalTag/team", "ops"}})).decision,
            EvalDecision::kAllowed);
}

TEST(PolicyVariables, EscapesAreLiteralCharacters) {
  auto p = Compile(Policy(Statement("Allow", "s3:*", "arn:aws:s3:::b/${*}${?}${$}")));
  PolicySet set;
  set.identity = {p.get()};
  EXPECT_EQ(Evaluate(set, Request(kBob, "s3:GetObject", "arn:aws:s3:::b/*?$")).decision, EvalDecision::kAllowed);
  EXPECT_EQ(Evaluate(set, Request(kBob, "s3:GetObject", "arn:aws:s3:::b/xy$")).decision, EvalDecision::kImplicitDeny);
}

TEST(PolicyVariables, SubstitutedValuesNeverActAsWildcards) {
  auto p = Compile(Policy(Statement("Allow", "s3:*", "arn:aws:s3:::home/${aws:PrincipalTag/dir}/x")));
  PolicySet set;
  set.identity = {p.get()};
  auto req = Request(kBob, "s3:GetObject", "arn:aws:s3:::home/anything/x", {{"aws:PrincipalTag/dir", "*"}});
  EXPECT_EQ(Evaluate(set, req).decision, EvalDecision::kImplicitDeny);
}

TEST(PolicyVariables, VersionOf2008TakesThemLiterally) {
  auto p = Compile(Policy(Statement("Allow", "s3:*", "arn:aws:s3:::home/${aws:username}/*"), "2008-10-17"));
  PolicySet set;
  set.identity = {p.get()};
  EXPECT_EQ(Evaluate(set, Request(kBob, "s3:GetObject", "arn:aws:s3:::home/bob/x", {{"aws:username", "bob"}})).decision,
            EvalDecision::kImplicitDeny);
  EXPECT_EQ(Evaluate(set, Request(kBob, "s3:GetObject", "arn:aws:s3:::home/${aws:username}/x")).decision,
            EvalDecision::kAllowed);
}

TEST(PolicyVariables, WorkInConditionValues) {
  auto p = Compile(Policy(Statement("Allow", "s3:ListBucket", "*", R"({"StringLike":{"s3:prefix":["${aws:username}/*"]}})")));
  PolicySet set;
  set.identity = {p.get()};
  auto req = Request(kBob, "s3:ListBucket", "arn:aws:s3:::b", {{"aws:username", "bob"}, {"s3:prefix", "bob/docs"}});
  EXPECT_EQ(Evaluate(set, req).decision, EvalDecision::kAllowed);
}

TEST(DocumentationExamples, DenyAccessOutsideRequestedRegionsExceptGlobalServices) {
  // IAM User Guide example: deny outside eu-central-1 except global services.
  auto p = Compile(R"({"Version":"2012-10-17","Statement":[
      {"Sid":"AllowAll","Effect":"Allow","Action":"*","Resource":"*"},
      {"Sid":"DenyAllOutsideRequestedRegions","Effect":"Deny","NotAction":["cloudfront:*","iam:*","route53:*","support:*"],
       "Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-central-1"]}}}]})");
  PolicySet set;
  set.identity = {p.get()};
  auto req = Request(kBob, "ec2:RunInstances", "*", {{"aws:RequestedRegion", "us-east-1"}});
  Decision d = Evaluate(set, req);
  EXPECT_EQ(d.decision, EvalDecision::kExplicitDeny);
  EXPECT_EQ(Sids(d), std::vector<std::string>{"DenyAllOutsideRequestedRegions"});
  EXPECT_EQ(Evaluate(set, Request(kBob, "iam:ListUsers", "*", {{"aws:RequestedRegion", "us-east-1"}})).decision,
            EvalDecision::kAllowed);
}

TEST(DocumentationExamples, RequireMfaForSensitiveActions) {
  auto p = Compile(R"({"Version":"2012-10-17","Statement":[
      {"Sid":"Allow","Effect":"Allow","Action":"ec2:*","Resource":"*"},
      {"Sid":"DenyStopWithoutMfa","Effect":"Deny","Action":["ec2:StopInstances","ec2:TerminateInstances"],"Resource":"*",
       "Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}]})");
  PolicySet set;
  set.identity = {p.get()};
  // Long-term keys carry no MultiFactorAuthPresent: BoolIfExists treats the absence as a match.
  EXPECT_EQ(Evaluate(set, Request(kBob, "ec2:StopInstances", "*")).decision, EvalDecision::kExplicitDeny);
  EXPECT_EQ(Evaluate(set, Request(kBob, "ec2:StopInstances", "*", {{"aws:MultiFactorAuthPresent", "true"}})).decision,
            EvalDecision::kAllowed);
}

}  // namespace
}  // namespace bulwark::policy::testing
