// The guardrails: which SCP and RCP levels apply to whom (member accounts, their root user, not
// the management account, not service-linked roles), the organization context keys, the cache's
// invalidation by the epoch, and the authorizer's denials naming the layer.
#include <gtest/gtest.h>

#include "iam/schema.h"
#include "org/guardrails.h"
#include "org/org_store.h"
#include "org/schema.h"
#include "server/policy_authorizer.h"
#include "store/sqlite_store.h"
#include "store/store_test_util.h"

namespace bulwark::org {
namespace {

constexpr char kManagement[] = "111111111111";
constexpr char kMember[] = "222222222222";
constexpr char kOutsider[] = "333333333333";
constexpr char kDenyS3[] = R"({"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]})";
constexpr char kAllowIam[] = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"}]})";
constexpr char kRcpOrgOnly[] = R"({"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"sts:AssumeRole","Resource":"*","Condition":{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"ORG"}}}]})";

class Guarded : public ::testing::Test {
 protected:
  template <typename Fn>
  auto Write(Fn fn) {
    auto r = store_->Write([&](store::Transaction& txn) { return fn(txn); });
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return std::move(r.value());
  }
  void SetUp() override {
    store::SqliteStoreOptions options;
    options.data_dir = dir_.path() / "data";
    options.migrations = iam::IamMigrations();
    for (auto& m : OrgMigrations()) options.migrations.push_back(std::move(m));
    auto opened = store::OpenSqliteStore(std::move(options));
    ASSERT_TRUE(opened.ok());
    store_ = std::shared_ptr<store::Store>(std::move(opened.value()));
    auto o = store_->Write([&](store::Transaction& txn) { return CreateOrganization(txn, kManagement, "m@example.com", 1); });
    ASSERT_TRUE(o.ok());
    org_ = *o;
    ou_a_ = Write([&](store::Transaction& txn) { return CreateOrganizationalUnit(txn, org_, org_.root_id, "a", 1); }).id;
    ou_b_ = Write([&](store::Transaction& txn) { return CreateOrganizationalUnit(txn, org_, ou_a_, "b", 1); }).id;
    core::Status placed = store_->WriteAndWait([&](store::Transaction& txn) {
      auto s = InsertMemberAccount(txn, org_, Account{kMember, "", "member", "member@example.com", "ACTIVE", "CREATED", 1});
      if (!s.ok()) return s;
      return MoveAccount(txn, org_, kMember, org_.root_id, ou_b_);
    });
    ASSERT_TRUE(placed.ok()) << placed.error().message;
    guardrails_ = std::make_shared<Guardrails>(store_, epoch_);
  }
  std::string Attach(const std::string& type, const std::string& name, const std::string& content,
                     const std::string& target) {
    auto p = Write([&](store::Transaction& txn) { return CreatePolicy(txn, org_, Policy{"", type, name, "", content, false}); });
    EXPECT_TRUE(store_->Write([&](store::Transaction& txn) { return AttachPolicy(txn, org_, p.id, target); }).ok());
    epoch_->Advance();  // As the Organizations handlers and the executor do.
    return p.id;
  }
  static core::Caller Root(const std::string& account) {
    core::Caller c;
    c.kind = core::CallerKind::kRoot;
    c.account_id = account;
    c.arn = "arn:aws:iam::" + account + ":root";
    c.principal_id = account;
    return c;
  }
  core::Status Authorize(const core::Caller& caller, const std::string& action) {
    server::PolicyAuthorizer authorizer(store_, "", 64, guardrails_);
    server::AuthorizationRequest request;
    request.action = action;
    request.resource = "*";
    request.resource_account = caller.account_id;
    return authorizer.Authorize(caller, request);
  }

  store::testing::TempDir dir_;
  std::shared_ptr<store::Store> store_;
  std::shared_ptr<core::CredentialEpoch> epoch_ = std::make_shared<core::CredentialEpoch>();
  std::shared_ptr<Guardrails> guardrails_;
  Organization org_;
  std::string ou_a_, ou_b_;
};

TEST_F(Guarded, AMemberAccountHasOneScpLevelPerStepFromTheRoot) {
  auto p = guardrails_->PlacementOf(kMember);
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE((*p)->in_organization);
  EXPECT_FALSE((*p)->management);
  EXPECT_EQ((*p)->scps.size(), 4u);  // root, a, b, the account
  for (const auto& level : (*p)->scps) EXPECT_EQ(level.size(), 1u);  // FullAWSAccess everywhere
  EXPECT_EQ((*p)->org_path, org_.id + "/" + org_.root_id + "/" + ou_a_ + "/" + ou_b_ + "/");
}

TEST_F(Guarded, TheManagementAccountIsNeverRestricted) {
  Attach("SERVICE_CONTROL_POLICY", "deny-s3", kDenyS3, org_.root_id);
  policy::PolicySet set;
  std::map<std::string, std::vector<std::string>> context;
  auto applied = guardrails_->Apply(Root(kManagement), "s3:GetObject", kManagement, &set, &context);
  ASSERT_TRUE(applied.ok());
  EXPECT_FALSE(set.scps.has_value());
  EXPECT_EQ(context["aws:PrincipalOrgID"], std::vector<std::string>{org_.id});
  EXPECT_TRUE(Authorize(Root(kManagement), "s3:GetObject").ok());
}

TEST_F(Guarded, AnScpDenyStopsAMemberAccountsRootUser) {
  EXPECT_TRUE(Authorize(Root(kMember), "s3:GetObject").ok());
  Attach("SERVICE_CONTROL_POLICY", "deny-s3", kDenyS3, ou_a_);
  core::Status denied = Authorize(Root(kMember), "s3:GetObject");
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error().code, "AccessDenied");
  EXPECT_NE(denied.error().message.find("with an explicit deny in a service control policy"), std::string::npos)
      << denied.error().message;
  EXPECT_TRUE(Authorize(Root(kMember), "iam:ListUsers").ok());
}

TEST_F(Guarded, EveryLevelMustAllow) {
  // An allow-list at OU b: FullAWSAccess replaced by an IAM-only allow.
  Attach("SERVICE_CONTROL_POLICY", "allow-iam", kAllowIam, ou_b_);
  ASSERT_TRUE(store_->Write([&](store::Transaction& txn) {
                      return DetachPolicy(txn, org_, std::string(kFullAwsAccessId), ou_b_);
                    }).ok());
  epoch_->Advance();
  EXPECT_TRUE(Authorize(Root(kMember), "iam:ListUsers").ok());
  core::Status denied = Authorize(Root(kMember), "s3:ListBucket");
  ASSERT_FALSE(denied.ok());
  EXPECT_NE(denied.error().message.find("because no service control policy allows the s3:ListBucket action"),
            std::string::npos)
      << denied.error().message;
}

TEST_F(Guarded, ACachedPlacementLastsUntilTheEpochMoves) {
  auto before = guardrails_->PlacementOf(kMember);
  ASSERT_TRUE(before.ok());
  auto again = guardrails_->PlacementOf(kMember);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(before->get(), again->get());
  const std::string deny = Attach("SERVICE_CONTROL_POLICY", "deny-s3", kDenyS3, kMember);
  auto after = guardrails_->PlacementOf(kMember);
  ASSERT_TRUE(after.ok());
  EXPECT_NE(before->get(), after->get());
  ASSERT_EQ((*after)->scps.back().size(), 1u);  // The level's policies, as one bundle
  EXPECT_EQ((*after)->scps.back().front()->id(), "p-FullAWSAccess, " + deny);
}

TEST_F(Guarded, ServiceLinkedRolesAreNotRestricted) {
  Attach("SERVICE_CONTROL_POLICY", "deny-s3", kDenyS3, org_.root_id);
  core::Caller c;
  c.kind = core::CallerKind::kAssumedRole;
  c.account_id = kMember;
  c.issuer_arn = "arn:aws:iam::222222222222:role/aws-service-role/x.amazonaws.com/AWSServiceRoleForX";
  policy::PolicySet set;
  std::map<std::string, std::vector<std::string>> context;
  ASSERT_TRUE(guardrails_->Apply(c, "s3:GetObject", kMember, &set, &context).ok());
  EXPECT_FALSE(set.scps.has_value());
}

TEST_F(Guarded, RcpsApplyToAMembersResourcesForTheServicesThatSupportThem) {
  ASSERT_TRUE(store_->Write([&](store::Transaction& txn) {
                      return EnablePolicyType(txn, org_, org_.root_id, kResourceControlPolicy);
                    }).ok());
  std::string rcp = kRcpOrgOnly;
  rcp.replace(rcp.find("ORG"), 3, org_.id);
  Attach("RESOURCE_CONTROL_POLICY", "org-only", rcp, org_.root_id);
  policy::PolicySet set;
  std::map<std::string, std::vector<std::string>> context;
  ASSERT_TRUE(guardrails_->Apply(Root(kOutsider), "sts:AssumeRole", kMember, &set, &context).ok());
  ASSERT_TRUE(set.rcps.has_value());
  EXPECT_EQ(set.rcps->size(), 4u);
  EXPECT_EQ(set.rcps->front().size(), 1u);  // RCPFullAWSAccess adds nothing to evaluate
  EXPECT_EQ(context.count("aws:PrincipalOrgID"), 0u);
  EXPECT_EQ(context["aws:ResourceOrgID"], std::vector<std::string>{org_.id});
  // Not for IAM, nor for the management account's resources.
  policy::PolicySet iam_set;
  ASSERT_TRUE(guardrails_->Apply(Root(kOutsider), "iam:GetRole", kMember, &iam_set, &context).ok());
  EXPECT_FALSE(iam_set.rcps.has_value());
  policy::PolicySet mgmt_set;
  ASSERT_TRUE(guardrails_->Apply(Root(kOutsider), "sts:AssumeRole", kManagement, &mgmt_set, &context).ok());
  EXPECT_FALSE(mgmt_set.rcps.has_value());
}

TEST_F(Guarded, AccountsOutsideAnyOrganizationGetNothing) {
  policy::PolicySet set;
  std::map<std::string, std::vector<std::string>> context;
  ASSERT_TRUE(guardrails_->Apply(Root(kOutsider), "s3:GetObject", kOutsider, &set, &context).ok());
  EXPECT_FALSE(set.scps.has_value());
  EXPECT_FALSE(set.rcps.has_value());
  EXPECT_EQ(context.count("aws:PrincipalOrgID"), 0u);
  EXPECT_EQ(context["aws:ResourceAccount"], std::vector<std::string>{kOutsider});
}

}  // namespace
}  // namespace bulwark::org
