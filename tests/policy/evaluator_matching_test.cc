// Action, resource and context-key matching ("IAM JSON policy elements: Action", "...: Resource",
// "...: Condition"), the compiled index, bundles, and the standard context keys helper.
#include <gtest/gtest.h>

#include "policy/policy_test_util.h"
#include "policy/standard_context_keys.h"

namespace bulwark::policy::testing {
namespace {

struct MatchCase {
  const char* name;
  std::string action_or_resource;  // The policy's pattern.
  std::string request;             // The request's action or resource.
  bool matches;
};

bool ActionAllowed(const std::string& pattern, const std::string& action) {
  auto p = Compile(Policy(R"({"Sid":"S","Effect":"Allow","Action":")" + pattern + R"(","Resource":"*"})"));
  PolicySet set;
  set.identity = {p.get()};
  const Decision d = Evaluate(set, Request(kAlice, action, "*"));
  if (d.decision == EvalDecision::kAllowed) {
    EXPECT_EQ(Sids(d), std::vector<std::string>{"S"});
  }
  return d.decision == EvalDecision::kAllowed;
}

bool ResourceAllowed(const std::string& pattern, const std::string& resource) {
  auto p = Compile(Policy(Statement("Allow", "s3:GetObject", pattern, "", "S")));
  PolicySet set;
  set.identity = {p.get()};
  // Matching alone: the resource is in the caller's account whatever account its ARN names.
  EvalRequest request = Request(kAlice, "s3:GetObject", resource);
  request.resource_account = request.principal.account;
  const Decision d = Evaluate(set, request);
  if (d.decision == EvalDecision::kAllowed) {
    EXPECT_EQ(Sids(d), std::vector<std::string>{"S"});
  }
  return d.decision == EvalDecision::kAllowed;
}

class ActionMatching : public ::testing::TestWithParam<MatchCase> {};
TEST_P(ActionMatching, FollowsAws) {
  EXPECT_EQ(ActionAllowed(GetParam().action_or_resource, GetParam().request), GetParam().matches);
}
INSTANTIATE_TEST_SUITE_P(
    Actions, ActionMatching,
    ::testing::Values(MatchCase{"Exact", "s3:GetObject", "s3:GetObject", true},
                      MatchCase{"CaseInsensitive", "S3:getobject", "s3:GetObject", true},
                      MatchCase{"RequestCaseInsensitive", "s3:GetObject", "S3:GETOBJECT", true},
                      MatchCase{"OtherAction", "s3:GetObject", "s3:PutObject", false},
                      MatchCase{"OtherService", "s3:GetObject", "s4:GetObject", false},
                      MatchCase{"TrailingStar", "s3:Get*", "s3:GetObjectAcl", true},
                      MatchCase{"LeadingStar", "s3:*Object", "s3:PutObject", true},
                      MatchCase{"InnerStar", "iam:*AccessKey*", "iam:CreateAccessKey", true},
                      MatchCase{"QuestionMark", "s3:?etObject", "s3:GetObject", true},
                      MatchCase{"QuestionMarkIsOneCharacter", "s3:?etObject", "s3:GGetObject", false},
                      MatchCase{"ServiceStar", "s3:*", "s3:ListBucket", true},
                      MatchCase{"Everything", "*", "kms:Decrypt", true},
                      MatchCase{"WildcardService", "s*:List*", "sqs:ListQueues", true},
                      MatchCase{"WildcardServiceOtherName", "s*:List*", "sqs:SendMessage", false},
                      MatchCase{"PrefixIsNotTheWholeName", "s3:Get", "s3:GetObject", false}),
    [](const ::testing::TestParamInfo<MatchCase>& param_info) { return std::string(param_info.param.name); });

class ResourceMatching : public ::testing::TestWithParam<MatchCase> {};
TEST_P(ResourceMatching, FollowsAws) {
  EXPECT_EQ(ResourceAllowed(GetParam().action_or_resource, GetParam().request), GetParam().matches);
}
INSTANTIATE_TEST_SUITE_P(
    Resources, ResourceMatching,
    ::testing::Values(
        MatchCase{"Exact", "arn:aws:s3:::b/k", "arn:aws:s3:::b/k", true},
        MatchCase{"CaseSensitive", "arn:aws:s3:::B/k", "arn:aws:s3:::b/k", false},
        MatchCase{"StarInResourcePartCrossesSlashes", "arn:aws:s3:::b/*", "arn:aws:s3:::b/x/y/z", true},
        MatchCase{"StarInResourcePartCrossesColons", "arn:aws:s3:::b/*", "arn:aws:s3:::b/x:y", true},
        MatchCase{"AnyStarRequestsEverything", "*", "arn:aws:s3:::b/k", true},
        MatchCase{"StarAloneMatchesAResourceOfStar", "*", "*", true},
        MatchCase{"ArnPatternNeverMatchesAResourceOfStar", "arn:aws:s3:::*", "*", false},
        MatchCase{"RegionWildcard", "arn:aws:sqs:*:111111111111:q", "arn:aws:sqs:eu-west-1:111111111111:q", true},
        MatchCase{"WildcardsDoNotCrossComponentColons", "arn:aws:sqs:*:111111111111:q", "arn:aws:sqs:eu:west-1:111111111111:q", false},
        MatchCase{"AccountWildcardStaysInItsComponent", "arn:aws:someservice:*:111122223333:finance/*",
                  "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt", false},
        MatchCase{"EmptyRegionIsLiteral", "arn:aws:s3:us-east-1::b/k", "arn:aws:s3:::b/k", false},
        MatchCase{"ShortArnTrailingStarCrossesColons", "arn:aws:sqs:us-east-1:111111111111*",
                  "arn:aws:sqs:us-east-1:111111111111:q", true},
        MatchCase{"ShortArnEarlierSegmentsExact", "arn:aws:sqs:us-east-1:111111111111*",
                  "arn:aws:sqs:us-east-2:111111111111:q", false},
        MatchCase{"ShortArnServiceStar", "arn:aws:s3*", "arn:aws:s3:::b/k", true},
        MatchCase{"QuestionMarkInAccount", "arn:aws:sqs:us-east-1:11111111111?:q", "arn:aws:sqs:us-east-1:111111111112:q", true},
        MatchCase{"SeveralStars", "arn:aws:s3:::bucket-*/doc/*", "arn:aws:s3:::bucket-7/doc/a/b.json", true},
        MatchCase{"SeveralStarsOrder", "arn:aws:s3:::bucket-*/doc/*", "arn:aws:s3:::bucket-7/img/doc", false},
        MatchCase{"ArnPatternNeverMatchesANonArnResource", "arn:aws:s3:::*", "bucket", false}),
    [](const ::testing::TestParamInfo<MatchCase>& param_info) { return std::string(param_info.param.name); });

TEST(NotActionAndNotResource, InvertTheMatch) {
  auto p = Compile(Policy(R"({"Sid":"NA","Effect":"Deny","NotAction":"s3:GetObject","Resource":"*"},
                             {"Sid":"NR","Effect":"Allow","Action":"s3:*","NotResource":"arn:aws:s3:::secret/*"})"));
  PolicySet set;
  set.identity = {p.get()};
  Decision d = Evaluate(set, Request(kAlice, "s3:GetObject", "arn:aws:s3:::data/x"));
  EXPECT_EQ(d.decision, EvalDecision::kAllowed);
  EXPECT_EQ(Sids(d), std::vector<std::string>{"NR"});
  d = Evaluate(set, Request(kAlice, "s3:PutObject", "arn:aws:s3:::data/x"));
  EXPECT_EQ(d.decision, EvalDecision::kExplicitDeny);
  EXPECT_EQ(Sids(d), std::vector<std::string>{"NA"});
  EXPECT_EQ(Evaluate(set, Request(kAlice, "s3:GetObject", "arn:aws:s3:::secret/x")).decision, EvalDecision::kImplicitDeny);
}

TEST(NotActionAndNotResource, NotActionAppliesToServicesItDoesNotName) {
  auto p = Compile(Policy(R"({"Sid":"NA","Effect":"Allow","NotAction":["iam:*","s3:Delete*"],"Resource":"*"})"));
  PolicySet set;
  set.identity = {p.get()};
  EXPECT_EQ(Evaluate(set, Request(kAlice, "ec2:RunInstances", "*")).decision, EvalDecision::kAllowed);
  EXPECT_EQ(Evaluate(set, Request(kAlice, "s3:GetObject", "*")).decision, EvalDecision::kAllowed);
  EXPECT_EQ(Evaluate(set, Request(kAlice, "s3:DeleteObject", "*")).decision, EvalDecision::kImplicitDeny);
  EXPECT_EQ(Evaluate(set, Request(kAlice, "IAM:ListUsers", "*")).decision, EvalDecision::kImplicitDeny);
}

TEST(NotActionAndNotResource, NotResourceMatchesAResourceOfStar) {
  auto p = Compile(Policy(R"({"Sid":"NR","Effect":"Allow","Action":"s3:ListAllMyBuckets","NotResource":"arn:aws:s3:::secret"})"));
  PolicySet set;
  set.identity = {p.get()};
  EXPECT_EQ(Evaluate(set, Request(kAlice, "s3:ListAllMyBuckets", "*")).decision, EvalDecision::kAllowed);
}

TEST(CompiledIndex, StatementsMixingLiteralAndWildcardNamesAreFoundEitherWay) {
  auto p = Compile(Policy(R"({"Sid":"A","Effect":"Allow","Action":["s3:GetObject","s3:List*","ec2:DescribeInstances"],"Resource":"*"},
                             {"Sid":"B","Effect":"Allow","Action":["s3:GetObject","sqs:SendMessage"],"Resource":"*"},
                             {"Sid":"C","Effect":"Allow","Action":"*","Resource":"*"})"));
  PolicySet set;
  set.identity = {p.get()};
  EXPECT_EQ(Sids(Evaluate(set, Request(kAlice, "s3:GetObject", "*"))), (std::vector<std::string>{"A", "B", "C"}));
  EXPECT_EQ(Sids(Evaluate(set, Request(kAlice, "s3:ListBucket", "*"))), (std::vector<std::string>{"A", "C"}));
  EXPECT_EQ(Sids(Evaluate(set, Request(kAlice, "ec2:describeinstances", "*"))), (std::vector<std::string>{"A", "C"}));
  EXPECT_EQ(Sids(Evaluate(set, Request(kAlice, "sqs:SendMessage", "*"))), (std::vector<std::string>{"B", "C"}));
  EXPECT_EQ(Sids(Evaluate(set, Request(kAlice, "kms:Decrypt", "*"))), (std::vector<std::string>{"C"}));
}

TEST(CompiledBundle, NamesEachStatementsOwnDocument) {
  auto a = ParsePolicy(Policy(Statement("Allow", "s3:GetObject", "*", "", "FromA")));
  auto b = ParsePolicy(Policy(Statement("Allow", "s3:*", "*", "", "FromB")));
  ASSERT_TRUE(a.ok() && b.ok());
  const SourcePolicy sources[] = {{&*a, "policy-a"}, {&*b, "policy-b"}};
  auto bundle = CompiledPolicy::CompileBundle(sources, PolicyType::kIdentity);
  EXPECT_EQ(bundle->id(), "policy-a, policy-b");
  PolicySet set;
  set.identity = {bundle.get()};
  Decision d = Evaluate(set, Request(kAlice, "s3:GetObject", "*"));
  ASSERT_EQ(d.matched.size(), 2u);
  EXPECT_EQ(d.matched[0].policy->SourceId(*d.matched[0].statement), "policy-a");
  EXPECT_EQ(d.matched[1].policy->SourceId(*d.matched[1].statement), "policy-b");
  EXPECT_EQ(d.matched[1].statement->index, 0u);
}

TEST(CompiledBundle, KeepsEachDocumentsVersion) {
  auto old = ParsePolicy(Policy(Statement("Allow", "s3:*", "arn:aws:s3:::${aws:username}", "", "Old"), "2008-10-17"));
  auto current = ParsePolicy(Policy(Statement("Allow", "s3:*", "arn:aws:s3:::${aws:username}", "", "New")));
  ASSERT_TRUE(old.ok() && current.ok());
  const SourcePolicy sources[] = {{&*old, "old"}, {&*current, "new"}};
  auto bundle = CompiledPolicy::CompileBundle(sources, PolicyType::kIdentity);
  PolicySet set;
  set.identity = {bundle.get()};
  EXPECT_EQ(Sids(Evaluate(set, Request(kAlice, "s3:GetObject", "arn:aws:s3:::alice", {{"aws:username", "alice"}}))),
            std::vector<std::string>{"New"});
}

TEST(Decisions, ReusingADecisionStartsFromScratch) {
  auto p = Compile(Policy(Statement("Allow", "s3:*", "*", R"({"StringEquals":{"k:x":"1"}})", "S")));
  PolicySet set;
  set.identity = {p.get()};
  Decision d;
  Evaluate(set, Request(kAlice, "s3:GetObject", "*", {{"k:x", "1"}}), &d);
  EXPECT_EQ(d.decision, EvalDecision::kAllowed);
  Evaluate(set, Request(kAlice, "s3:GetObject", "*"), &d);
  EXPECT_EQ(d.decision, EvalDecision::kImplicitDeny);
  EXPECT_TRUE(d.matched.empty());
  EXPECT_EQ(MissingKeys(d), std::vector<std::string>{"k:x"});
}

TEST(RequestContext, KeysIncludingTagKeysIgnoreCase) {
  RequestContext c;
  c.Set("aws:PrincipalTag/CostCenter", "42");
  const ContextEntry* e = c.Find("AWS:principaltag/costcenter");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(c.value(*e, 0), "42");
  EXPECT_EQ(c.written_key(*e), "aws:PrincipalTag/CostCenter");
  EXPECT_FALSE(e->multivalued);
}

TEST(RequestContext, SettingAKeyAgainReplacesItsValues) {
  RequestContext c;
  c.SetList("aws:TagKeys", {"a", "b"});
  c.Set("AWS:TagKeys", "c");
  ASSERT_EQ(c.entries().size(), 1u);
  const ContextEntry* e = c.Find("aws:tagkeys");
  ASSERT_EQ(e->size(), 1u);
  EXPECT_EQ(c.value(*e, 0), "c");
  c.Clear();
  EXPECT_EQ(c.Find("aws:tagkeys"), nullptr);
}

TEST(RequestPrincipal, KindsFromArns) {
  EXPECT_EQ(RequestPrincipal::FromArn("arn:aws:iam::111111111111:root").kind, PrincipalKind::kAccountRoot);
  EXPECT_EQ(RequestPrincipal::FromArn("arn:aws:iam::111111111111:user/a/b").kind, PrincipalKind::kUser);
  const auto session = RequestPrincipal::FromArn("arn:aws:sts::111111111111:assumed-role/app/s1");
  EXPECT_EQ(session.kind, PrincipalKind::kRoleSession);
  EXPECT_EQ(session.issuer_arn, "arn:aws:iam::111111111111:role/app");
  EXPECT_EQ(session.account, "111111111111");
  EXPECT_EQ(RequestPrincipal::FromArn("arn:aws:sts::111111111111:federated-user/x").kind, PrincipalKind::kFederatedUser);
  EXPECT_EQ(RequestPrincipal::FromArn("s3.amazonaws.com").kind, PrincipalKind::kService);
  EXPECT_EQ(RequestPrincipal::FromArn("cognito-identity.amazonaws.com").kind, PrincipalKind::kWebIdentity);
  EXPECT_EQ(RequestPrincipal::FromArn("arn:aws:iam::111111111111:saml-provider/corp").kind, PrincipalKind::kWebIdentity);
  EXPECT_EQ(RequestPrincipal::FromArn("").kind, PrincipalKind::kAnonymous);
  EXPECT_TRUE(RequestPrincipal::FromArn("arn:aws:sts::1:assumed-role/AWSServiceRoleForECS/s").service_linked_role);
}

TEST(StandardContextKeys, DescribeAnIamUser) {
  RequestContext c;
  PrincipalAttributes a;
  a.unique_id = "AIDAEXAMPLE";
  a.tags = {{"team", "payments"}};
  AddPrincipalContextKeys(RequestPrincipal::FromArn("arn:aws:iam::111111111111:user/ops/alice"), a, &c);
  const auto value = [&](const char* key) { return std::string(c.value(*c.Find(key), 0)); };
  EXPECT_EQ(value("aws:PrincipalArn"), "arn:aws:iam::111111111111:user/ops/alice");
  EXPECT_EQ(value("aws:PrincipalAccount"), "111111111111");
  EXPECT_EQ(value("aws:PrincipalType"), "User");
  EXPECT_EQ(value("aws:username"), "alice");
  EXPECT_EQ(value("aws:userid"), "AIDAEXAMPLE");
  EXPECT_EQ(value("aws:PrincipalIsAWSService"), "false");
  EXPECT_EQ(value("aws:PrincipalTag/team"), "payments");
}

TEST(StandardContextKeys, DescribeARoleSessionWithoutInventingIds) {
  RequestContext c;
  AddPrincipalContextKeys(RequestPrincipal::FromArn("arn:aws:sts::111111111111:assumed-role/app/s1"), {}, &c);
  EXPECT_EQ(c.value(*c.Find("aws:PrincipalArn"), 0), "arn:aws:iam::111111111111:role/app");
  EXPECT_EQ(c.value(*c.Find("aws:PrincipalType"), 0), "AssumedRole");
  EXPECT_EQ(c.Find("aws:username"), nullptr);
  EXPECT_EQ(c.Find("aws:userid"), nullptr);  // Needs the role's unique id.
}

TEST(StandardContextKeys, DescribeRootAndServices) {
  RequestContext root;
  AddPrincipalContextKeys(RequestPrincipal::FromArn("arn:aws:iam::111111111111:root"), {}, &root);
  EXPECT_EQ(root.value(*root.Find("aws:userid"), 0), "111111111111");
  EXPECT_EQ(root.value(*root.Find("aws:PrincipalType"), 0), "Account");
  RequestContext service;
  AddPrincipalContextKeys(RequestPrincipal::FromArn("sns.amazonaws.com"), {}, &service);
  EXPECT_EQ(service.value(*service.Find("aws:PrincipalServiceName"), 0), "sns.amazonaws.com");
  EXPECT_EQ(service.Find("aws:PrincipalArn"), nullptr);
}

// Issue 17: SimulateCustomPolicy with a 120,000-character ARN and a pattern that makes a backtracking
// matcher take O(text * pattern) steps took 9 s. Each path a pattern can take through the compiled
// policy (Resource: stars only, or with '?'; StringLike; ArnLike; a pattern from a policy variable)
// must decide correctly; the test binary's timeout catches a return of the blow-up, bench/ measures it.
class AdversarialPatterns : public ::testing::Test {
 protected:
  const std::string long_a_ = std::string(120'000, 'a');
  const std::string arn_ = "arn:aws:s3:::" + long_a_;
  static std::string AlmostMatching() { return std::string(60'000, 'a') + "b"; }
  static std::string WithQuestionMarks() {
    std::string s;
    for (int i = 0; i < 30'000; ++i) s += "a?";
    return s;
  }
  bool ConditionAllowed(const std::string& op, const std::string& pattern, const std::string& value) {
    auto p = Compile(
        Policy(Statement("Allow", "s3:GetObject", "*",
                         R"({")" + op + R"(":{"aws:PrincipalTag/team":")" + pattern + R"("}})", "S")));
    PolicySet set;
    set.identity = {p.get()};
    return Evaluate(set, Request(kAlice, "s3:GetObject", "*", {{"aws:PrincipalTag/team", value}})).decision ==
           EvalDecision::kAllowed;
  }
};

TEST_F(AdversarialPatterns, ResourceWithOnlyStars) {
  EXPECT_FALSE(ResourceAllowed("arn:aws:s3:::*" + AlmostMatching() + "*", arn_));
  EXPECT_TRUE(ResourceAllowed("arn:aws:s3:::*" + AlmostMatching() + "*", arn_ + "b"));
  std::string many = "arn:aws:s3:::";
  for (int i = 0; i < 10'000; ++i) many += "a*";
  EXPECT_FALSE(ResourceAllowed(many + "b", arn_));
  EXPECT_TRUE(ResourceAllowed(many + "a", arn_));
}

TEST_F(AdversarialPatterns, ResourceWithQuestionMarks) {
  EXPECT_FALSE(ResourceAllowed("arn:aws:s3:::*" + WithQuestionMarks() + "b*", arn_));
  EXPECT_TRUE(ResourceAllowed("arn:aws:s3:::*" + WithQuestionMarks() + "*", arn_));
}

TEST_F(AdversarialPatterns, StringLikeAndArnLike) {
  EXPECT_FALSE(ConditionAllowed("StringLike", "*" + AlmostMatching() + "*", long_a_));
  EXPECT_TRUE(ConditionAllowed("StringNotLike", "*" + AlmostMatching() + "*", long_a_));
  EXPECT_FALSE(ConditionAllowed("StringLike", "*" + WithQuestionMarks() + "b*", long_a_));
  EXPECT_TRUE(ConditionAllowed("StringLike", "*" + WithQuestionMarks() + "*", long_a_));
  EXPECT_FALSE(ConditionAllowed("ArnLike", "arn:aws:s3:::*" + WithQuestionMarks() + "b*", arn_));
  EXPECT_TRUE(ConditionAllowed("ArnLike", "arn:aws:s3:::*" + WithQuestionMarks() + "*", arn_));
}

TEST_F(AdversarialPatterns, PatternWithAPolicyVariable) {
  // The expanded pattern goes through the general matcher at request time.
  const std::string pattern = "arn:aws:s3:::${aws:username}*" + WithQuestionMarks() + "b*";
  auto p = Compile(Policy(Statement("Allow", "s3:GetObject", pattern, "", "S")));
  PolicySet set;
  set.identity = {p.get()};
  EvalRequest request =
      Request(kAlice, "s3:GetObject", "arn:aws:s3:::alice" + long_a_, {{"aws:username", "alice"}});
  EXPECT_EQ(Evaluate(set, request).decision, EvalDecision::kImplicitDeny);
  request.resource += "b";
  EXPECT_EQ(Evaluate(set, request).decision, EvalDecision::kAllowed);
}

}  // namespace
}  // namespace bulwark::policy::testing
