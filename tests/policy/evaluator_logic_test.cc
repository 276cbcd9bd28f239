// Every path of AWS's evaluation logic ("Policy evaluation logic", "Cross-account policy evaluation
// logic", "Permissions boundaries", "Session policies", "Service control policies", "Resource
// control policies"), asserting the decision and the statements that decided.
#include <gtest/gtest.h>

#include "policy/policy_test_util.h"

namespace bulwark::policy::testing {
namespace {

const std::string kAcct = "111111111111";
const std::string kOther = "222222222222";
const std::string kBob = "arn:aws:iam::111111111111:user/bob";
const std::string kEve = "arn:aws:iam::222222222222:user/eve";
const std::string kRoot = "arn:aws:iam::111111111111:root";
const std::string kSession = "arn:aws:sts::111111111111:assumed-role/app/s1";
const std::string kRoleArn = "arn:aws:iam::111111111111:role/app";
const std::string kObject = "arn:aws:s3:::data/report.csv";

using Levels = std::vector<std::vector<const CompiledPolicy*>>;
using List = std::vector<const CompiledPolicy*>;

std::shared_ptr<const CompiledPolicy> Allow(const std::string& action, const std::string& sid = "Allow",
                                            PolicyType type = PolicyType::kIdentity, const std::string& resource = "*") {
  return Compile(Policy(Statement("Allow", action, resource, "", sid)), type, sid);
}
std::shared_ptr<const CompiledPolicy> Deny(const std::string& action, const std::string& sid = "Deny",
                                           PolicyType type = PolicyType::kIdentity, const std::string& resource = "*") {
  return Compile(Policy(Statement("Deny", action, resource, "", sid)), type, sid);
}
// A bucket policy on arn:aws:s3:::data/* with one statement.
std::shared_ptr<const CompiledPolicy> Bucket(const std::string& effect, const std::string& principal_json,
                                             const std::string& sid = "Bucket", const std::string& element = "Principal") {
  return Compile(Policy(PrincipalStatement(effect, principal_json, "s3:GetObject", "arn:aws:s3:::data/*", sid, element)),
                 PolicyType::kResource, "bucket-policy");
}
std::string Aws(const std::string& arn) { return R"({"AWS":")" + arn + R"("})"; }

Decision Decide(const PolicySet& set, const std::string& principal, const std::string& resource_account = "",
                const std::string& action = "s3:GetObject", const std::string& resource = kObject) {
  auto req = Request(principal, action, resource);
  req.resource_account = resource_account;
  return Evaluate(set, req);
}

// --- Identity-based policies and explicit deny ---

TEST(EvaluationLogic, NothingAllowsMeansImplicitDeny) {
  Decision d = Decide(PolicySet{}, kBob);
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
  EXPECT_EQ(d.matched[0].policy->SourceId(*d.matched[0].statement), "Allow");
  EXPECT_EQ(d.identity_policies, EvalDecision::kAllowed);
}

TEST(EvaluationLogic, ExplicitDenyBeatsAllowAndOnlyTheDenyIsReported) {
  auto allow = Allow("s3:*");
  auto deny = Deny("s3:GetObject", "Deny", PolicyType::kIdentity, "arn:aws:s3:::data/*");
  PolicySet set;
  set.identity = {allow.get(), deny.get()};
  Decision d = Decide(set, kBob);
  EXPECT_EQ(d.decision, EvalDecision::kExplicitDeny);
  EXPECT_EQ(Sids(d), std::vector<std::string>{"Deny"});
}

TEST(EvaluationLogic, AllAllowingStatementsAreReportedInDocumentOrder) {
  auto p = Compile(Policy(Statement("Allow", "s3:*", "*", "", "First") + "," +
                          Statement("Allow", "ec2:*", "*", "", "Other") + "," +
                          Statement("Allow", "s3:GetObject", "arn:aws:s3:::data/*", "", "Second") + "," +
                          Statement("Allow", "*", "*", "", "Third")));
  PolicySet set;
  set.identity = {p.get()};
  EXPECT_EQ(Sids(Decide(set, kBob)), (std::vector<std::string>{"First", "Second", "Third"}));
}

// --- Organizations: SCPs and RCPs ---

TEST(EvaluationLogic, EveryScpLevelMustAllow) {
  auto allow = Allow("s3:*");
  auto full = Allow("*", "FullAWSAccess", PolicyType::kServiceControl);
  auto only_ec2 = Allow("ec2:*", "OnlyEc2", PolicyType::kServiceControl);
  PolicySet set;
  set.identity = {allow.get()};
  set.scps = Levels{{full.get()}, {only_ec2.get()}};
  Decision d = Decide(set, kBob);
  EXPECT_EQ(d.decision, EvalDecision::kImplicitDeny);
  EXPECT_EQ(d.organizations, EvalDecision::kImplicitDeny);
  EXPECT_TRUE(d.matched.empty());
  set.scps = Levels{{full.get()}, {full.get()}};
  d = Decide(set, kBob);
  EXPECT_EQ(d.decision, EvalDecision::kAllowed);
  EXPECT_EQ(d.organizations, EvalDecision::kAllowed);
}

TEST(EvaluationLogic, ALevelWithoutPoliciesAllowsNothing) {
  auto allow = Allow("s3:*");
  auto full = Allow("*", "FullAWSAccess", PolicyType::kServiceControl);
  PolicySet set;
  set.identity = {allow.get()};
  set.scps = Levels{{full.get()}, {}};
  EXPECT_EQ(Decide(set, kBob).decision, EvalDecision::kImplicitDeny);
}

TEST(EvaluationLogic, ScpDenyAtAnOuLevelIsExplicit) {
  auto allow = Allow("s3:*");
  auto full = Allow("*", "FullAWSAccess", PolicyType::kServiceControl);
  auto deny = Deny("s3:GetObject", "NoReads", PolicyType::kServiceControl);
  PolicySet set;
  set.identity = {allow.get()};
  set.scps = Levels{{full.get()}, {full.get(), deny.get()}};
  Decision d = Decide(set, kBob);
  EXPECT_EQ(d.decision, EvalDecision::kExplicitDeny);
  EXPECT_EQ(d.organizations, EvalDecision::kExplicitDeny);
  EXPECT_EQ(Sids(d), std::vector<std::string>{"NoReads"});
}

TEST(EvaluationLogic, ScpsBindTheRootUserOfAMemberAccount) {
  auto full = Allow("*", "FullAWSAccess", PolicyType::kServiceControl);
  auto deny = Deny("s3:*", "NoS3", PolicyType::kServiceControl);
  PolicySet set;
  set.scps = Levels{{full.get(), deny.get()}};
  Decision d = Decide(set, kRoot);
  EXPECT_EQ(d.decision, EvalDecision::kExplicitDeny);
  EXPECT_EQ(Sids(d), std::vector<std::string>{"NoS3"});
  auto only_ec2 = Allow("ec2:*", "OnlyEc2", PolicyType::kServiceControl);
  set.scps = Levels{{only_ec2.get()}};
  EXPECT_EQ(Decide(set, kRoot).decision, EvalDecision::kImplicitDeny);
}

TEST(EvaluationLogic, ScpsNeverGrantOnTheirOwn) {
  auto full = Allow("*", "FullAWSAccess", PolicyType::kServiceControl);
  PolicySet set;
  set.scps = Levels{{full.get()}};
  EXPECT_EQ(Decide(set, kBob).decision, EvalDecision::kImplicitDeny);
}

TEST(EvaluationLogic, ScpsDoNotRestrictServiceLinkedRoles) {
  auto allow = Allow("s3:*");
  auto only_ec2 = Allow("ec2:*", "OnlyEc2", PolicyType::kServiceControl);
  PolicySet set;
  set.identity = {allow.get()};
  set.scps = Levels{{only_ec2.get()}};
  Decision d = Decide(set, "arn:aws:sts::111111111111:assumed-role/AWSServiceRoleForSupport/s");
  EXPECT_EQ(d.decision, EvalDecision::kAllowed);
  EXPECT_FALSE(d.organizations.has_value());
  EXPECT_EQ(Decide(set, kSession).decision, EvalDecision::kImplicitDeny);
}

TEST(EvaluationLogic, RcpsOnlyDenyAndApplyToEveryCaller) {
  // Customer RCPs hold only Deny statements; RCPFullAWSAccess, attached at every level and not
  // detachable, allows the rest, so an RCP level needs no Allow of its own.
  auto allow = Allow("s3:*");
  auto rcp = Compile(Policy(R"({"Sid":"NoExternal","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*",
      "Condition":{"StringNotEqualsIfExists":{"aws:PrincipalAccount":"111111111111"}}})"),
                     PolicyType::kResourceControl, "rcp");
  auto bucket = Bucket("Allow", Aws("arn:aws:iam::222222222222:root"));
  PolicySet set;
  set.identity = {allow.get()};
  set.resource = bucket.get();
  set.rcps = Levels{{rcp.get()}, {}};
  auto req = Request(kBob, "s3:GetObject", kObject, {{"aws:PrincipalAccount", kAcct}});
  Decision d = Evaluate(set, req);
  EXPECT_EQ(d.decision, EvalDecision::kAllowed);
  EXPECT_EQ(d.resource_controls, EvalDecision::kAllowed);
  req = Request(kEve, "s3:GetObject", kObject, {{"aws:PrincipalAccount", kOther}});
  req.resource_account = kAcct;
  d = Evaluate(set, req);
  EXPECT_EQ(d.decision, EvalDecision::kExplicitDeny);
  EXPECT_EQ(d.resource_controls, EvalDecision::kExplicitDeny);
  EXPECT_EQ(Sids(d), std::vector<std::string>{"NoExternal"});
}

// --- Resource-based policies within one account ---

TEST(EvaluationLogic, SameAccountResourcePolicyNamingTheUserGrantsAlone) {
  auto bucket = Bucket("Allow", Aws(kBob));
  PolicySet set;
  set.resource = bucket.get();
  Decision d = Decide(set, kBob, kAcct);
  EXPECT_EQ(d.decision, EvalDecision::kAllowed);
  EXPECT_EQ(Sids(d), std::vector<std::string>{"Bucket"});
  EXPECT_EQ(d.resource_policy, EvalDecision::kAllowed);
  EXPECT_EQ(Decide(set, kAlice, kAcct).decision, EvalDecision::kImplicitDeny);
}

TEST(EvaluationLogic, ResourcePolicyNamingTheAccountOnlyDelegates) {
  for (const std::string& account : {std::string("111111111111"), kRoot}) {
    auto bucket = Bucket("Allow", Aws(account));
    PolicySet set;
    set.resource = bucket.get();
    EXPECT_EQ(Decide(set, kBob, kAcct).decision, EvalDecision::kImplicitDeny) << account;
    auto allow = Allow("s3:GetObject");
    set.identity = {allow.get()};
    EXPECT_EQ(Decide(set, kBob, kAcct).decision, EvalDecision::kAllowed) << account;
  }
}

TEST(EvaluationLogic, ResourcePolicyWithPrincipalStarGrantsWithinTheAccount) {
  auto bucket = Bucket("Allow", R"("*")", "Public");
  PolicySet set;
  set.resource = bucket.get();
  EXPECT_EQ(Sids(Decide(set, kBob, kAcct)), std::vector<std::string>{"Public"});
}

TEST(EvaluationLogic, ResourcePolicyDenyWins) {
  auto allow = Allow("s3:*");
  auto bucket = Bucket("Deny", R"("*")", "DenyAll");
  PolicySet set;
  set.identity = {allow.get()};
  set.resource = bucket.get();
  Decision d = Decide(set, kBob, kAcct);
  EXPECT_EQ(d.decision, EvalDecision::kExplicitDeny);
  EXPECT_EQ(d.resource_policy, EvalDecision::kExplicitDeny);
  EXPECT_EQ(Sids(d), std::vector<std::string>{"DenyAll"});
}

TEST(EvaluationLogic, KeyPolicyMustAllowEvenWithinTheAccount) {
  // "Key policies in AWS KMS": identity policies work only where the key policy lets the account
  // delegate (the default "EnableIAMUserPermissions" statement naming the account's root).
  auto allow = Allow("kms:*");
  auto without_root = Compile(Policy(PrincipalStatement("Allow", Aws(kAlice), "kms:*", "*", "OnlyAlice")),
                              PolicyType::kResource, "key-policy");
  auto with_root = Compile(Policy(PrincipalStatement("Allow", Aws(kRoot), "kms:*", "*", "EnableIAMUserPermissions")),
                           PolicyType::kResource, "key-policy");
  PolicySet set;
  set.identity = {allow.get()};
  set.resource_policy_required = true;
  const std::string key = "arn:aws:kms:us-east-1:111111111111:key/1";
  set.resource = without_root.get();
  EXPECT_EQ(Decide(set, kBob, kAcct, "kms:Decrypt", key).decision, EvalDecision::kImplicitDeny);
  EXPECT_EQ(Decide(set, kAlice, kAcct, "kms:Decrypt", key).decision, EvalDecision::kAllowed);
  set.resource = with_root.get();
  EXPECT_EQ(Decide(set, kBob, kAcct, "kms:Decrypt", key).decision, EvalDecision::kAllowed);
  set.identity.clear();
  EXPECT_EQ(Decide(set, kBob, kAcct, "kms:Decrypt", key).decision, EvalDecision::kImplicitDeny);
}

// --- Across accounts ---

TEST(EvaluationLogic, CrossAccountNeedsBothSides) {
  auto allow = Allow("s3:GetObject");
  auto bucket = Bucket("Allow", Aws("arn:aws:iam::222222222222:root"));
  PolicySet set;
  set.identity = {allow.get()};
  EXPECT_EQ(Decide(set, kEve, kAcct).decision, EvalDecision::kImplicitDeny);  // No resource policy.
  set.resource = bucket.get();
  Decision d = Decide(set, kEve, kAcct);
  EXPECT_EQ(d.decision, EvalDecision::kAllowed);
  EXPECT_EQ(Sids(d), (std::vector<std::string>{"Bucket", "Allow"}));
  set.identity.clear();
  EXPECT_EQ(Decide(set, kEve, kAcct).decision, EvalDecision::kImplicitDeny);  // Resource side alone.
}

TEST(EvaluationLogic, CrossAccountGrantNamingTheUserStillNeedsItsIdentityPolicy) {
  auto bucket = Bucket("Allow", Aws(kEve));
  PolicySet set;
  set.resource = bucket.get();
  EXPECT_EQ(Decide(set, kEve, kAcct).decision, EvalDecision::kImplicitDeny);
}

TEST(EvaluationLogic, CrossAccountIdentitySideIsCappedByItsBoundary) {
  auto allow = Allow("s3:*");
  auto boundary = Allow("ec2:*", "Boundary", PolicyType::kPermissionsBoundary);
  auto bucket = Bucket("Allow", Aws(kEve));
  PolicySet set;
  set.identity = {allow.get()};
  set.resource = bucket.get();
  set.boundaries = List{boundary.get()};
  EXPECT_EQ(Decide(set, kEve, kAcct).decision, EvalDecision::kImplicitDeny);
}

TEST(EvaluationLogic, RootOfAnotherAccountNeedsTheResourcePolicy) {
  PolicySet set;
  EXPECT_EQ(Decide(set, "arn:aws:iam::222222222222:root", kAcct).decision, EvalDecision::kImplicitDeny);
  auto bucket = Bucket("Allow", Aws(kOther));
  set.resource = bucket.get();
  EXPECT_EQ(Decide(set, "arn:aws:iam::222222222222:root", kAcct).decision, EvalDecision::kAllowed);
}

// --- Permissions boundaries ---

TEST(EvaluationLogic, PermissionsBoundaryCapsIdentityPolicies) {
  // The IAM User Guide's ShirleyRodriguez example: the boundary allows S3, CloudWatch and EC2.
  auto create_user = Allow("iam:CreateUser");
  auto boundary = Compile(Policy(R"({"Effect":"Allow","Action":["s3:*","cloudwatch:*","ec2:*"],"Resource":"*"})"),
                          PolicyType::kPermissionsBoundary, "boundary");
  PolicySet set;
  set.identity = {create_user.get()};
  set.boundaries = List{boundary.get()};
  Decision d = Decide(set, kBob, "", "iam:CreateUser", "arn:aws:iam::111111111111:user/x");
  EXPECT_EQ(d.decision, EvalDecision::kImplicitDeny);
  EXPECT_EQ(d.permissions_boundary, EvalDecision::kImplicitDeny);
  EXPECT_EQ(d.identity_policies, EvalDecision::kAllowed);
  auto s3 = Allow("s3:*");
  set.identity = {s3.get()};
  EXPECT_EQ(Decide(set, kBob).decision, EvalDecision::kAllowed);
}

TEST(EvaluationLogic, BoundaryDenyIsExplicit) {
  auto allow = Allow("s3:*");
  auto boundary = Compile(Policy(Statement("Allow", "*", "*", "", "All") + "," +
                                 Statement("Deny", "s3:GetObject", "arn:aws:s3:::data/*", "", "DenyData")),
                          PolicyType::kPermissionsBoundary, "boundary");
  PolicySet set;
  set.identity = {allow.get()};
  set.boundaries = List{boundary.get()};
  Decision d = Decide(set, kBob);
  EXPECT_EQ(d.decision, EvalDecision::kExplicitDeny);
  EXPECT_EQ(Sids(d), std::vector<std::string>{"DenyData"});
}

TEST(EvaluationLogic, BoundaryDoesNotLimitResourcePolicyNamingTheUser) {
  auto boundary = Allow("ec2:*", "Boundary", PolicyType::kPermissionsBoundary);
  auto bucket = Bucket("Allow", Aws(kBob));
  PolicySet set;
  set.boundaries = List{boundary.get()};
  set.resource = bucket.get();
  EXPECT_EQ(Decide(set, kBob, kAcct).decision, EvalDecision::kAllowed);
}

TEST(EvaluationLogic, BoundaryLimitsResourcePolicyNamingTheRole) {
  auto boundary = Allow("ec2:*", "Boundary", PolicyType::kPermissionsBoundary);
  auto by_role = Bucket("Allow", Aws(kRoleArn), "ByRole");
  auto by_session = Bucket("Allow", Aws(kSession), "BySession");
  PolicySet set;
  set.boundaries = List{boundary.get()};
  set.resource = by_role.get();
  EXPECT_EQ(Decide(set, kSession, kAcct).decision, EvalDecision::kImplicitDeny);
  set.resource = by_session.get();
  EXPECT_EQ(Decide(set, kSession, kAcct).decision, EvalDecision::kAllowed);
}

// --- Session policies ---

TEST(EvaluationLogic, SessionPolicyCapsTheRole) {
  auto role_policy = Allow("s3:*");
  auto session = Allow("s3:ListBucket", "Session", PolicyType::kSession);
  PolicySet set;
  set.identity = {role_policy.get()};
  set.session = List{session.get()};
  Decision d = Decide(set, kSession);
  EXPECT_EQ(d.decision, EvalDecision::kImplicitDeny);
  EXPECT_EQ(d.session_policy, EvalDecision::kImplicitDeny);
  d = Decide(set, kSession, "", "s3:ListBucket", "arn:aws:s3:::data");
  EXPECT_EQ(d.decision, EvalDecision::kAllowed);
  EXPECT_EQ(Sids(d), (std::vector<std::string>{"Allow", "Session"}));
}

TEST(EvaluationLogic, SessionPolicyAloneGrantsNothing) {
  auto session = Allow("s3:*", "Session", PolicyType::kSession);
  PolicySet set;
  set.session = List{session.get()};
  EXPECT_EQ(Decide(set, kSession).decision, EvalDecision::kImplicitDeny);
}

TEST(EvaluationLogic, ResourcePolicyNamingTheRoleIsCappedBySessionPolicyButNamingTheSessionIsNot) {
  auto session = Allow("s3:ListBucket", "Session", PolicyType::kSession);
  auto by_role = Bucket("Allow", Aws(kRoleArn), "ByRole");
  auto by_session = Bucket("Allow", Aws(kSession), "BySession");
  PolicySet set;
  set.session = List{session.get()};
  set.resource = by_role.get();
  EXPECT_EQ(Decide(set, kSession, kAcct).decision, EvalDecision::kImplicitDeny);
  set.session.reset();
  EXPECT_EQ(Decide(set, kSession, kAcct).decision, EvalDecision::kAllowed);  // A role ARN covers its sessions.
  set.session = List{session.get()};
  set.resource = by_session.get();
  Decision d = Decide(set, kSession, kAcct);
  EXPECT_EQ(d.decision, EvalDecision::kAllowed);
  EXPECT_EQ(Sids(d), std::vector<std::string>{"BySession"});
  // A session ARN covers only that session.
  EXPECT_EQ(Decide(set, "arn:aws:sts::111111111111:assumed-role/app/s2", kAcct).decision, EvalDecision::kImplicitDeny);
}

TEST(EvaluationLogic, RoleArnWithAPathCoversSessionsOfThatRole) {
  auto bucket = Bucket("Allow", Aws("arn:aws:iam::111111111111:role/teams/app"));
  PolicySet set;
  set.resource = bucket.get();
  EXPECT_EQ(Decide(set, kSession, kAcct).decision, EvalDecision::kAllowed);
  EXPECT_EQ(Decide(set, "arn:aws:sts::111111111111:assumed-role/other/s1", kAcct).decision, EvalDecision::kImplicitDeny);
  EXPECT_EQ(Decide(set, "arn:aws:sts::222222222222:assumed-role/app/s1", kAcct).decision, EvalDecision::kImplicitDeny);
}

TEST(EvaluationLogic, SessionPolicyDenyIsExplicit) {
  auto allow = Allow("s3:*");
  auto session = Compile(Policy(Statement("Allow", "*", "*", "", "All") + "," + Statement("Deny", "s3:*", "*", "", "NoS3")),
                         PolicyType::kSession, "session");
  PolicySet set;
  set.identity = {allow.get()};
  set.session = List{session.get()};
  EXPECT_EQ(Sids(Decide(set, kSession)), std::vector<std::string>{"NoS3"});
}

// --- The root user ---

TEST(EvaluationLogic, RootUserNeedsNoIdentityPolicyInItsAccount) {
  Decision d = Decide(PolicySet{}, kRoot, kAcct);
  EXPECT_EQ(d.decision, EvalDecision::kAllowed);
  EXPECT_TRUE(d.matched.empty());
}

TEST(EvaluationLogic, RootUserIsStillDeniedExplicitly) {
  auto bucket = Bucket("Deny", R"("*")", "DenyAll");
  PolicySet set;
  set.resource = bucket.get();
  EXPECT_EQ(Decide(set, kRoot, kAcct).decision, EvalDecision::kExplicitDeny);
}

// --- NotPrincipal ---

TEST(EvaluationLogic, NotPrincipalExcludesOnlyWhenTheAccountIsListedToo) {
  // "AWS JSON policy elements: NotPrincipal": AWS checks the account, then the user; listing only
  // the user's ARN leaves the account denied.
  auto allow = Allow("s3:*");
  auto only_user = Bucket("Deny", Aws(kBob), "DenyOthers", "NotPrincipal");
  auto with_account = Compile(Policy(PrincipalStatement("Deny", R"({"AWS":[")" + kBob + R"(",")" + kRoot + R"("]})",
                                                        "s3:*", "arn:aws:s3:::data/*", "DenyOthers", "NotPrincipal")),
                              PolicyType::kResource, "bucket-policy");
  PolicySet set;
  set.identity = {allow.get()};
  set.resource = only_user.get();
  EXPECT_EQ(Decide(set, kBob, kAcct).decision, EvalDecision::kExplicitDeny);
  set.resource = with_account.get();
  EXPECT_EQ(Decide(set, kBob, kAcct).decision, EvalDecision::kAllowed);
  Decision d = Decide(set, kAlice, kAcct);
  EXPECT_EQ(d.decision, EvalDecision::kExplicitDeny);
  EXPECT_EQ(Sids(d), std::vector<std::string>{"DenyOthers"});
}

TEST(EvaluationLogic, NotPrincipalWithTheAccountAloneExcludesOnlyTheRootUser) {
  auto allow = Allow("s3:*");
  auto policy = Bucket("Deny", Aws(kRoot), "DenyOthers", "NotPrincipal");
  PolicySet set;
  set.identity = {allow.get()};
  set.resource = policy.get();
  EXPECT_EQ(Decide(set, kRoot, kAcct).decision, EvalDecision::kAllowed);
  EXPECT_EQ(Decide(set, kBob, kAcct).decision, EvalDecision::kExplicitDeny);
}

// "AWS JSON policy elements: NotPrincipal": a role's sessions are exempt only when the assumed-role
// session ARN is listed beside the role and the account (regression: the role's ARN alone exempted
// every session of the role).
TEST(EvaluationLogic, NotPrincipalExcludesARoleSessionOnlyWithItsSessionArnListed) {
  auto allow = Allow("s3:*");
  auto role_and_account = Compile(Policy(PrincipalStatement("Deny", R"({"AWS":[")" + kRoleArn + R"(",")" + kAcct + R"("]})",
                                                            "s3:*", "arn:aws:s3:::data/*", "DenyOthers", "NotPrincipal")),
                                  PolicyType::kResource, "bucket-policy");
  auto with_session = Compile(Policy(PrincipalStatement("Deny",
                                                        R"({"AWS":[")" + kSession + R"(",")" + kRoleArn + R"(",")" +
                                                            kAcct + R"("]})",
                                                        "s3:*", "arn:aws:s3:::data/*", "DenyOthers", "NotPrincipal")),
                              PolicyType::kResource, "bucket-policy");
  PolicySet set;
  set.identity = {allow.get()};
  set.resource = role_and_account.get();
  EXPECT_EQ(Decide(set, kSession, kAcct).decision, EvalDecision::kExplicitDeny);
  set.resource = with_session.get();
  EXPECT_EQ(Decide(set, kSession, kAcct).decision, EvalDecision::kAllowed);
  EXPECT_EQ(Decide(set, "arn:aws:sts::111111111111:assumed-role/other/s", kAcct).decision, EvalDecision::kExplicitDeny);
}

TEST(EvaluationLogic, NotPrincipalDenyAlwaysAppliesToPrincipalsWithABoundary) {
  // "Permissions boundaries for IAM entities": NotPrincipal with Deny always denies IAM principals
  // that have a permissions boundary, whatever it lists.
  auto allow = Allow("s3:*");
  auto boundary = Allow("*", "Boundary", PolicyType::kPermissionsBoundary);
  auto policy = Compile(Policy(PrincipalStatement("Deny", R"({"AWS":[")" + kBob + R"(",")" + kRoot + R"("]})", "s3:*",
                                                  "arn:aws:s3:::data/*", "DenyOthers", "NotPrincipal")),
                        PolicyType::kResource, "bucket-policy");
  PolicySet set;
  set.identity = {allow.get()};
  set.resource = policy.get();
  set.boundaries = List{boundary.get()};
  EXPECT_EQ(Decide(set, kBob, kAcct).decision, EvalDecision::kExplicitDeny);
}

// --- Principals other than IAM identities ---

TEST(EvaluationLogic, ServicePrincipalIsGrantedOnlyByResourcePolicy) {
  auto allow = Allow("sqs:*");
  auto queue = Compile(Policy(PrincipalStatement("Allow", R"({"Service":"sns.amazonaws.com"})", "sqs:SendMessage",
                                                 "arn:aws:sqs:us-east-1:111111111111:q", "FromSns")),
                       PolicyType::kResource, "queue-policy");
  PolicySet set;
  set.identity = {allow.get()};
  const std::string q = "arn:aws:sqs:us-east-1:111111111111:q";
  EXPECT_EQ(Decide(set, "sns.amazonaws.com", kAcct, "sqs:SendMessage", q).decision, EvalDecision::kImplicitDeny);
  set.resource = queue.get();
  Decision d = Decide(set, "sns.amazonaws.com", kAcct, "sqs:SendMessage", q);
  EXPECT_EQ(d.decision, EvalDecision::kAllowed);
  EXPECT_EQ(Sids(d), std::vector<std::string>{"FromSns"});
  EXPECT_FALSE(d.identity_policies.has_value());
  EXPECT_EQ(Decide(set, "s3.amazonaws.com", kAcct, "sqs:SendMessage", q).decision, EvalDecision::kImplicitDeny);
}

TEST(EvaluationLogic, AnonymousCallerIsGrantedByPrincipalStar) {
  auto bucket = Bucket("Allow", R"("*")", "Public");
  PolicySet set;
  set.resource = bucket.get();
  EXPECT_EQ(Decide(set, "", kAcct).decision, EvalDecision::kAllowed);
  auto named = Bucket("Allow", Aws(kBob));
  set.resource = named.get();
  EXPECT_EQ(Decide(set, "", kAcct).decision, EvalDecision::kImplicitDeny);
}

TEST(EvaluationLogic, FederatedUserSessionIsNamedByItsOwnArn) {
  const std::string fed = "arn:aws:sts::111111111111:federated-user/carol";
  auto bucket = Bucket("Allow", Aws(fed));
  auto session = Allow("ec2:*", "Session", PolicyType::kSession);
  PolicySet set;
  set.resource = bucket.get();
  set.session = List{session.get()};
  EXPECT_EQ(Decide(set, fed, kAcct).decision, EvalDecision::kAllowed);
}

// --- Documentation examples ---

TEST(DocumentationExamples, DenyAccessOutsideRequestedRegionsExceptGlobalServices) {
  auto p = Compile(R"({"Version":"2012-10-17","Statement":[
      {"Sid":"AllowAll","Effect":"Allow","Action":"*","Resource":"*"},
      {"Sid":"DenyAllOutsideRequestedRegions","Effect":"Deny","NotAction":["cloudfront:*","iam:*","route53:*","support:*"],
       "Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-central-1"]}}}]})");
  PolicySet set;
  set.identity = {p.get()};
  Decision d = Evaluate(set, Request(kBob, "ec2:RunInstances", "*", {{"aws:RequestedRegion", "us-east-1"}}));
  EXPECT_EQ(d.decision, EvalDecision::kExplicitDeny);
  EXPECT_EQ(Sids(d), std::vector<std::string>{"DenyAllOutsideRequestedRegions"});
  d = Evaluate(set, Request(kBob, "iam:ListUsers", "*", {{"aws:RequestedRegion", "us-east-1"}}));
  EXPECT_EQ(d.decision, EvalDecision::kAllowed);
  EXPECT_EQ(Sids(d), std::vector<std::string>{"AllowAll"});
  EXPECT_EQ(Evaluate(set, Request(kBob, "ec2:RunInstances", "*", {{"aws:RequestedRegion", "eu-central-1"}})).decision,
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
  EXPECT_EQ(Sids(Evaluate(set, Request(kBob, "ec2:StopInstances", "*"))), std::vector<std::string>{"DenyStopWithoutMfa"});
  EXPECT_EQ(Evaluate(set, Request(kBob, "ec2:StopInstances", "*", {{"aws:MultiFactorAuthPresent", "true"}})).decision,
            EvalDecision::kAllowed);
}

TEST(DocumentationExamples, IfExistsLetsRunInstancesTouchResourcesWithoutTheKey) {
  auto p = Compile(R"({"Version":"2012-10-17","Statement":[{"Sid":"RunInstance","Effect":"Allow","Action":"ec2:RunInstances",
      "Resource":"*","Condition":{"StringLikeIfExists":{"ec2:InstanceType":["t1.*","t2.*","m3.*"]}}}]})");
  PolicySet set;
  set.identity = {p.get()};
  EXPECT_EQ(Evaluate(set, Request(kBob, "ec2:RunInstances", "arn:aws:ec2:us-east-1::image/ami-1")).decision,
            EvalDecision::kAllowed);
  EXPECT_EQ(Evaluate(set, Request(kBob, "ec2:RunInstances", "*", {{"ec2:InstanceType", "t2.micro"}})).decision,
            EvalDecision::kAllowed);
  EXPECT_EQ(Evaluate(set, Request(kBob, "ec2:RunInstances", "*", {{"ec2:InstanceType", "p4d.24xlarge"}})).decision,
            EvalDecision::kImplicitDeny);
}

TEST(DocumentationExamples, CarlosSavesToHisLogsBucketThroughEitherPolicy) {
  // "Policy evaluation for requests within a single account": identity or resource policy suffices.
  const std::string carlos = "arn:aws:iam::123456789012:user/carlossalazar";
  auto identity = Compile(Policy(R"({"Sid":"AllowS3ListRead","Effect":"Allow","Action":["s3:GetBucketLocation","s3:GetObject","s3:ListBucket"],"Resource":"arn:aws:s3:::amzn-s3-demo-bucket-carlossalazar-logs/*"})"));
  auto bucket = Compile(Policy(PrincipalStatement("Allow", Aws(carlos), "s3:PutObject",
                                                  "arn:aws:s3:::amzn-s3-demo-bucket-carlossalazar-logs/*", "AllowCarlos")),
                        PolicyType::kResource, "bucket");
  PolicySet set;
  set.identity = {identity.get()};
  set.resource = bucket.get();
  Decision d = Decide(set, carlos, "123456789012", "s3:PutObject", "arn:aws:s3:::amzn-s3-demo-bucket-carlossalazar-logs/today.log");
  EXPECT_EQ(d.decision, EvalDecision::kAllowed);
  EXPECT_EQ(Sids(d), std::vector<std::string>{"AllowCarlos"});
}

}  // namespace
}  // namespace bulwark::policy::testing
