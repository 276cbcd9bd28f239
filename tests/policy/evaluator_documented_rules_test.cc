// Rules the IAM User Guide documents, each test built from the page it cites (issue 9): which
// account owns a resource, role trust policies, trailing wildcards in Resource ARNs, and NotPrincipal
// with role sessions. Account ids and names follow the guide's examples.
#include <gtest/gtest.h>

#include "policy/policy_test_util.h"
#include "policy/statement_matcher.h"

namespace bulwark::policy::testing {
namespace {

const std::string kTrusted = "111122223333";   // The principal's account.
const std::string kTrusting = "444455556666";  // The resource's account.
const std::string kUser = "arn:aws:iam::111122223333:user/Alice";
const std::string kRoot = "arn:aws:iam::111122223333:root";
const std::string kRole = "arn:aws:iam::111122223333:role/Admin";
const std::string kSession = "arn:aws:sts::111122223333:assumed-role/Admin/alice-session";
const std::string kForeignQueue = "arn:aws:sqs:us-east-1:444455556666:queue1";
const std::string kOwnQueue = "arn:aws:sqs:us-east-1:111122223333:queue1";

std::string Aws(const std::string& arn) { return R"({"AWS":")" + arn + R"("})"; }

std::shared_ptr<const CompiledPolicy> Identity(const std::string& action, const std::string& resource,
                                               const std::string& sid = "Identity") {
  return Compile(Policy(Statement("Allow", action, resource, "", sid)), PolicyType::kIdentity, sid);
}
std::shared_ptr<const CompiledPolicy> QueuePolicy(const std::string& effect, const std::string& principal_json,
                                                  const std::string& condition = "",
                                                  const std::string& element = "Principal") {
  std::string st = R"({"Sid":"Queue","Effect":")" + effect + R"(",")" + element + R"(":)" + principal_json +
                   R"(,"Action":"sqs:SendMessage","Resource":")" + kForeignQueue + "\"";
  if (!condition.empty()) st += R"(,"Condition":)" + condition;
  return Compile(Policy(st + "}"), PolicyType::kResource, "queue-policy");
}

Decision Send(const PolicySet& set, const std::string& principal, const std::string& queue = kForeignQueue,
              const std::map<std::string, std::string>& context = {}) {
  return Evaluate(set, Request(principal, "sqs:SendMessage", queue, context));
}

// --- 1. Which account owns the resource ---
// "Cross-account policy evaluation logic"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html):
// the account where the resource exists is the trusting account, and across accounts both the
// principal's identity-based policy and the resource-based policy must allow. "Identify AWS resources
// with Amazon Resource Names (ARNs)" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html):
// the account-id field is the account that owns the resource, omitted for some (S3 buckets).

TEST(DocumentedResourceAccount, TheArnsAccountFieldNamesTheOwner) {
  const EvalRequest r = Request(kUser, "sqs:SendMessage", kForeignQueue);
  std::string lower;
  MatchInput in;
  PrepareMatchInput(r, &lower, &in);
  EXPECT_EQ(ResourceAccountOf(r, &in.resource_parts), kTrusting);
  EXPECT_FALSE(SameAccount(in));
}

TEST(DocumentedResourceAccount, ArnsWithoutAnAccountFallBackToThePrincipals) {
  for (const char* resource :
       {"arn:aws:s3:::amzn-s3-demo-bucket/key", "*", "arn:aws:iam::aws:policy/ReadOnlyAccess"}) {
    const EvalRequest r = Request(kUser, "s3:GetObject", resource);
    std::string lower;
    MatchInput in;
    PrepareMatchInput(r, &lower, &in);
    EXPECT_EQ(ResourceAccountOf(r, in.resource_is_arn ? &in.resource_parts : nullptr), kTrusted) << resource;
    EXPECT_TRUE(SameAccount(in)) << resource;
  }
}

TEST(DocumentedResourceAccount, AnExplicitResourceAccountWins) {
  EvalRequest r = Request(kUser, "s3:GetObject", "arn:aws:s3:::amzn-s3-demo-bucket/key");
  r.resource_account = kTrusting;
  std::string lower;
  MatchInput in;
  PrepareMatchInput(r, &lower, &in);
  EXPECT_EQ(ResourceAccountOf(r, &in.resource_parts), kTrusting);
  EXPECT_FALSE(SameAccount(in));
}

TEST(DocumentedResourceAccount, ForeignQueueNeedsTheResourcePolicyEvenWhenTheIdentityAllows) {
  auto identity = Identity("sqs:SendMessage", "*");
  PolicySet set;
  set.identity = {identity.get()};
  Decision d = Send(set, kUser);
  EXPECT_EQ(d.decision, EvalDecision::kImplicitDeny);
  EXPECT_TRUE(d.matched.empty());
  // The same policies on the principal's own queue allow.
  EXPECT_EQ(Send(set, kUser, kOwnQueue).decision, EvalDecision::kAllowed);
}

TEST(DocumentedResourceAccount, ForeignQueueNeedsTheIdentitySideEvenWhenTheQueuePolicyNamesTheUser) {
  auto queue = QueuePolicy("Allow", Aws(kUser));
  PolicySet set;
  set.resource = queue.get();
  EXPECT_EQ(Send(set, kUser).decision, EvalDecision::kImplicitDeny);
  auto identity = Identity("sqs:SendMessage", kForeignQueue);
  set.identity = {identity.get()};
  Decision d = Send(set, kUser);
  EXPECT_EQ(d.decision, EvalDecision::kAllowed);
  EXPECT_EQ(Sids(d), (std::vector<std::string>{"Queue", "Identity"}));
}

TEST(DocumentedResourceAccount, QueuePolicyNamingAnotherAccountGrantsNothing) {
  auto queue = QueuePolicy("Allow", Aws("arn:aws:iam::777788889999:root"));
  auto identity = Identity("sqs:SendMessage", "*");
  PolicySet set;
  set.resource = queue.get();
  set.identity = {identity.get()};
  EXPECT_EQ(Send(set, kUser).decision, EvalDecision::kImplicitDeny);
}

TEST(DocumentedResourceAccount, QueuePolicyNamingTheAccountDelegatesToItsIdentityPolicies) {
  auto queue = QueuePolicy("Allow", Aws(kTrusted));
  PolicySet set;
  set.resource = queue.get();
  EXPECT_EQ(Send(set, kUser).decision, EvalDecision::kImplicitDeny);
  auto identity = Identity("sqs:SendMessage", "*");
  set.identity = {identity.get()};
  EXPECT_EQ(Send(set, kUser).decision, EvalDecision::kAllowed);
}

// "AWS account root user" (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html): the
// root user has full access to its own account's resources; another account's resource still needs
// that account's resource policy ("Cross-account policy evaluation logic").
TEST(DocumentedResourceAccount, RootUserReachingIntoAnotherAccountNeedsItsResourcePolicy) {
  PolicySet set;
  EXPECT_EQ(Send(set, kRoot).decision, EvalDecision::kImplicitDeny);
  EXPECT_EQ(Send(set, kRoot, kOwnQueue).decision, EvalDecision::kAllowed);
  auto queue = QueuePolicy("Allow", Aws(kTrusted));
  set.resource = queue.get();
  EXPECT_EQ(Send(set, kRoot).decision, EvalDecision::kAllowed);
}

// "AWS global condition context keys", aws:PrincipalOrgID
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgid):
// with "Principal": "*" the condition limits the grant to the organization's accounts; the caller's
// account still has to allow on its side.
TEST(DocumentedResourceAccount, PrincipalOrgIdOnPrincipalStarStillNeedsTheCallersIdentityPolicy) {
  auto queue = QueuePolicy("Allow", R"("*")", R"({"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}})");
  PolicySet set;
  set.resource = queue.get();
  EXPECT_EQ(Send(set, kUser, kForeignQueue, {{"aws:PrincipalOrgID", "o-a1b2c3d4e5"}}).decision,
            EvalDecision::kImplicitDeny);
  auto identity = Identity("sqs:SendMessage", "*");
  set.identity = {identity.get()};
  EXPECT_EQ(Send(set, kUser, kForeignQueue, {{"aws:PrincipalOrgID", "o-a1b2c3d4e5"}}).decision,
            EvalDecision::kAllowed);
  EXPECT_EQ(Send(set, kUser, kForeignQueue, {{"aws:PrincipalOrgID", "o-other"}}).decision,
            EvalDecision::kImplicitDeny);
}

// "IAM JSON policy elements: Principal"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html):
// principal ARNs are case sensitive; a role session is named by its assumed-role ARN or through its
// role.
TEST(DocumentedResourceAccount, PrincipalArnsAcrossAccountsAreCaseSensitive) {
  auto queue = QueuePolicy("Allow", Aws("arn:aws:iam::111122223333:user/alice"));
  auto identity = Identity("sqs:SendMessage", "*");
  PolicySet set;
  set.resource = queue.get();
  set.identity = {identity.get()};
  EXPECT_EQ(Send(set, kUser).decision, EvalDecision::kImplicitDeny);  // "Alice" is not "alice".
}

TEST(DocumentedResourceAccount, RoleSessionAcrossAccountsByItsSessionArnOrItsRole) {
  auto identity = Identity("sqs:SendMessage", "*");
  for (const std::string& named : {kSession, kRole}) {
    auto queue = QueuePolicy("Allow", Aws(named));
    PolicySet set;
    set.resource = queue.get();
    EXPECT_EQ(Send(set, kSession).decision, EvalDecision::kImplicitDeny) << named;
    set.identity = {identity.get()};
    EXPECT_EQ(Send(set, kSession).decision, EvalDecision::kAllowed) << named;
  }
  auto other_session = QueuePolicy("Allow", Aws("arn:aws:sts::111122223333:assumed-role/Admin/bob-session"));
  PolicySet set;
  set.resource = other_session.get();
  set.identity = {identity.get()};
  EXPECT_EQ(Send(set, kSession).decision, EvalDecision::kImplicitDeny);
}

// "Permissions boundaries for IAM entities"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html): across accounts
// the boundary limits the principal's side even when the foreign resource policy names it.
TEST(DocumentedResourceAccount, BoundaryLimitsAPrincipalThatAForeignResourcePolicyNames) {
  auto queue = QueuePolicy("Allow", Aws(kUser));
  auto identity = Identity("sqs:SendMessage", "*");
  auto boundary = Compile(Policy(Statement("Allow", "s3:*", "*", "", "Boundary")),
                          PolicyType::kPermissionsBoundary, "boundary");
  PolicySet set;
  set.resource = queue.get();
  set.identity = {identity.get()};
  set.boundaries = std::vector<const CompiledPolicy*>{boundary.get()};
  Decision d = Send(set, kUser);
  EXPECT_EQ(d.decision, EvalDecision::kImplicitDeny);
  EXPECT_EQ(d.permissions_boundary, EvalDecision::kImplicitDeny);
  // In the user's own account the same grant naming the user stands alone ("Policy evaluation for
  // requests within a single account").
  auto own = Compile(Policy(R"({"Sid":"Queue","Effect":"Allow","Principal":)" + Aws(kUser) +
                            R"(,"Action":"sqs:SendMessage","Resource":")" + kOwnQueue + "\"}"),
                     PolicyType::kResource, "queue-policy");
  set.resource = own.get();
  EXPECT_EQ(Send(set, kUser, kOwnQueue).decision, EvalDecision::kAllowed);
}

// --- 2. Role trust policies ---
// "Terms and concepts for roles" (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html):
// the trust policy is the role's required resource-based policy; "IAM JSON policy element reference"
// grammar: a trust policy has no Resource element.

TEST(DocumentedTrustPolicy, AssumeRoleFamilyOnARoleArnIsATrustRequest) {
  const std::string role = "arn:aws:iam::444455556666:role/ReadOnly";
  for (const char* action : {"sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity",
                             "sts:TagSession", "sts:SetSourceIdentity", "STS:assumerole"}) {
    EXPECT_TRUE(IsRoleTrustRequest(action, role)) << action;
  }
  EXPECT_FALSE(IsRoleTrustRequest("sts:GetCallerIdentity", "*"));
  EXPECT_FALSE(IsRoleTrustRequest("sts:AssumeRole", "*"));
  EXPECT_FALSE(IsRoleTrustRequest("sts:AssumeRole", "arn:aws:iam::444455556666:user/Bob"));
  EXPECT_FALSE(IsRoleTrustRequest("iam:GetRole", role));
}

TEST(DocumentedTrustPolicy, TrustGrammarHasNoResourceAndAllowsTheNamedAccount) {
  const std::string trust = Policy(R"({"Sid":"Trust","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"})");
  ASSERT_TRUE(ParsePolicy(trust, ParseOptions{PolicyKind::kTrust, 0}).ok());
  EXPECT_FALSE(ParsePolicy(trust, ParseOptions{PolicyKind::kResource, 0}).ok());
  auto doc = ParsePolicy(trust, ParseOptions{PolicyKind::kTrust, 0});
  auto compiled = CompiledPolicy::Compile(*doc, PolicyType::kResource, "trust");
  auto identity = Identity("sts:AssumeRole", "arn:aws:iam::444455556666:role/ReadOnly");
  PolicySet set;
  set.resource = compiled.get();
  set.resource_policy_required = true;
  set.identity = {identity.get()};
  Decision d = Evaluate(set, Request(kUser, "sts:AssumeRole", "arn:aws:iam::444455556666:role/ReadOnly"));
  EXPECT_EQ(d.decision, EvalDecision::kAllowed);
  EXPECT_EQ(Sids(d), (std::vector<std::string>{"Trust", "Identity"}));
}

TEST(DocumentedTrustPolicy, SameAccountIdentityAllowIsNotEnoughWithoutTheTrustPolicy) {
  const std::string trust = Policy(R"({"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"})");
  auto doc = ParsePolicy(trust, ParseOptions{PolicyKind::kTrust, 0});
  ASSERT_TRUE(doc.ok());
  auto compiled = CompiledPolicy::Compile(*doc, PolicyType::kResource, "trust");
  auto identity = Identity("sts:AssumeRole", "*");
  PolicySet set;
  set.resource = compiled.get();
  set.resource_policy_required = true;
  set.identity = {identity.get()};
  EXPECT_EQ(Evaluate(set, Request(kUser, "sts:AssumeRole", kRole)).decision, EvalDecision::kImplicitDeny);
}

// --- 3. Trailing wildcards in ARN segments ---
// "IAM JSON policy elements: Resource", "Using wildcards in resource ARNs"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html): a '*'
// that is the last character of a segment can expand beyond the colon boundaries.

TEST(DocumentedTrailingWildcard, ParserAcceptsAShortArnEndingInAWildcard) {
  for (const char* resource : {"arn:aws:sqs:us-east-1:111122223333*", "arn:aws:sqs:us-east-1:*",
                               "arn:aws:sqs:*", "arn:aws:s3:::amzn-s3-demo-bucket*"}) {
    EXPECT_TRUE(ParsePolicy(Policy(Statement("Allow", "sqs:*", resource))).ok()) << resource;
  }
  for (const char* resource : {"arn:aws:sqs:us-east-1:111122223333", "queue1", "arn:aws:sqs:us-*:111122223333"}) {
    EXPECT_FALSE(ParsePolicy(Policy(Statement("Allow", "sqs:*", resource))).ok()) << resource;
  }
}

TEST(DocumentedTrailingWildcard, AccountSegmentWildcardCoversEveryQueueOfTheAccount) {
  auto p = Identity("sqs:SendMessage", "arn:aws:sqs:us-east-1:111122223333*");
  PolicySet set;
  set.identity = {p.get()};
  EXPECT_EQ(Send(set, kUser, kOwnQueue).decision, EvalDecision::kAllowed);
  EXPECT_EQ(Send(set, kUser, "arn:aws:sqs:us-east-1:111122223333:orders.fifo").decision, EvalDecision::kAllowed);
  EXPECT_EQ(Send(set, kUser, "arn:aws:sqs:us-west-2:111122223333:queue1").decision, EvalDecision::kImplicitDeny);
  EXPECT_EQ(Send(set, kUser, "arn:aws:sns:us-east-1:111122223333:queue1").decision, EvalDecision::kImplicitDeny);
}

TEST(DocumentedTrailingWildcard, EarlierSegmentsStillMatchOneByOne) {
  auto p = Identity("sqs:SendMessage", "arn:aws:sqs:us-*");
  PolicySet set;
  set.identity = {p.get()};
  EXPECT_EQ(Send(set, kUser, kOwnQueue).decision, EvalDecision::kAllowed);
  EXPECT_EQ(Send(set, kUser, "arn:aws:sqs:eu-west-1:111122223333:queue1").decision, EvalDecision::kImplicitDeny);
  EXPECT_EQ(Send(set, kUser, "arn:aws-cn:sqs:us-east-1:111122223333:queue1").decision,
            EvalDecision::kImplicitDeny);
}

TEST(DocumentedTrailingWildcard, NotResourceWithAShortArnExcludesWhatItMatches) {
  auto p = Compile(Policy(R"({"Sid":"S","Effect":"Allow","Action":"sqs:SendMessage","NotResource":"arn:aws:sqs:us-east-1:111122223333*"})"));
  PolicySet set;
  set.identity = {p.get()};
  EXPECT_EQ(Send(set, kUser, kOwnQueue).decision, EvalDecision::kImplicitDeny);
  EXPECT_EQ(Send(set, kUser, "arn:aws:sqs:us-west-2:111122223333:queue1").decision, EvalDecision::kAllowed);
}

// --- 4. NotPrincipal with Deny ---
// "AWS JSON policy elements: NotPrincipal"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html):
// to exempt a role session from a Deny with NotPrincipal, list the assumed-role session ARN as well
// as the role's ARN and the account's.

std::shared_ptr<const CompiledPolicy> DenyAllBut(const std::vector<std::string>& arns) {
  std::string list;
  for (const auto& a : arns) list += (list.empty() ? "\"" : ",\"") + a + "\"";
  const std::string st = R"({"Sid":"DenyAllBut","Effect":"Deny","NotPrincipal":{"AWS":[)" + list +
                         R"(]},"Action":"sqs:SendMessage","Resource":")" + kOwnQueue + R"("},)" +
                         R"({"Sid":"AllowAll","Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":")" +
                         kOwnQueue + "\"}";
  return Compile(Policy(st), PolicyType::kResource, "queue-policy");
}

TEST(DocumentedNotPrincipal, ListingTheRoleAndAccountDoesNotExemptTheRolesSessions) {
  auto p = DenyAllBut({kRole, kRoot});
  PolicySet set;
  set.resource = p.get();
  Decision d = Send(set, kSession, kOwnQueue);
  EXPECT_EQ(d.decision, EvalDecision::kExplicitDeny);
  EXPECT_EQ(Sids(d), std::vector<std::string>{"DenyAllBut"});
}

TEST(DocumentedNotPrincipal, ListingTheSessionTheRoleAndTheAccountExemptsTheSession) {
  auto p = DenyAllBut({kSession, kRole, kRoot});
  PolicySet set;
  set.resource = p.get();
  Decision d = Send(set, kSession, kOwnQueue);
  EXPECT_EQ(d.decision, EvalDecision::kAllowed);
  EXPECT_EQ(Sids(d), std::vector<std::string>{"AllowAll"});
  // Another session of the same role is still denied.
  EXPECT_EQ(Send(set, "arn:aws:sts::111122223333:assumed-role/Admin/other", kOwnQueue).decision,
            EvalDecision::kExplicitDeny);
}

TEST(DocumentedNotPrincipal, ListingTheSessionWithoutItsRoleDoesNotExemptIt) {
  auto p = DenyAllBut({kSession, kRoot});
  PolicySet set;
  set.resource = p.get();
  EXPECT_EQ(Send(set, kSession, kOwnQueue).decision, EvalDecision::kExplicitDeny);
}

TEST(DocumentedNotPrincipal, AUserListedWithItsAccountIsExempt) {
  auto p = DenyAllBut({kUser, kRoot});
  PolicySet set;
  set.resource = p.get();
  EXPECT_EQ(Send(set, kUser, kOwnQueue).decision, EvalDecision::kAllowed);
}

}  // namespace
}  // namespace bulwark::policy::testing
