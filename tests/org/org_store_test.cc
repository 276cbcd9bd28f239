// The Organizations store against a real (SQLite) store: the tree's rules (OU depth, unique names,
// deleting only empty OUs), the policy rules (a target keeps one SCP, a policy in use stays,
// AWS managed policies are immutable), quotas, and ids in AWS's formats.
#include <gtest/gtest.h>

#include <regex>

#include "iam/attachments.h"
#include "iam/entities.h"
#include "iam/schema.h"
#include "org/account_provisioning.h"
#include "org/org_store.h"
#include "org/schema.h"
#include "store/sqlite_store.h"
#include "store/store_test_util.h"

namespace bulwark::org {
namespace {

constexpr char kManagement[] = "111111111111";
constexpr char kDenyS3[] = R"({"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]})";

class OrgStore : public ::testing::Test {
 protected:
  void SetUp() override {
    store::SqliteStoreOptions options;
    options.data_dir = dir_.path() / "data";
    options.migrations = iam::IamMigrations();
    for (auto& m : OrgMigrations()) options.migrations.push_back(std::move(m));
    auto opened = store::OpenSqliteStore(std::move(options));
    ASSERT_TRUE(opened.ok());
    store_ = std::move(opened.value());
    auto o = store_->Write([&](store::Transaction& txn) { return CreateOrganization(txn, kManagement, "m@example.com", 1000); });
    ASSERT_TRUE(o.ok());
    org_ = *o;
  }
  core::Status Run(const std::function<core::Status(store::Transaction&)>& fn) { return store_->WriteAndWait(fn); }
  template <typename Fn>
  auto Do(Fn fn) {
    return store_->Write([&](store::Transaction& txn) { return fn(txn); });
  }
  std::string Code(const core::Status& s) { return s.ok() ? "OK" : s.error().code; }
  std::string Reason(const core::Status& s) { return s.ok() ? "" : s.error().reason; }
  std::string NewOu(const std::string& parent, const std::string& name) {
    auto ou = Do([&](store::Transaction& txn) { return CreateOrganizationalUnit(txn, org_, parent, name, 1000); });
    EXPECT_TRUE(ou.ok()) << (ou.ok() ? "" : ou.error().message);
    return ou.ok() ? ou->id : "";
  }
  std::string NewAccount(const std::string& id, const std::string& email) {
    Account a{id, "", "acct-" + id, email, "ACTIVE", "CREATED", 1000};
    EXPECT_TRUE(Run([&](store::Transaction& txn) { return InsertMemberAccount(txn, org_, a); }).ok());
    return id;
  }
  std::string NewScp(const std::string& name) {
    auto p = Do([&](store::Transaction& txn) {
      return CreatePolicy(txn, org_, Policy{"", std::string(kServiceControlPolicy), name, "", kDenyS3, false});
    });
    EXPECT_TRUE(p.ok());
    return p.ok() ? p->id : "";
  }

  store::testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  Organization org_;
};

TEST_F(OrgStore, IdsFollowTheModelsPatterns) {
  EXPECT_TRUE(std::regex_match(org_.id, std::regex("o-[a-z0-9]{10,32}")));
  EXPECT_TRUE(std::regex_match(org_.root_id, std::regex("r-[0-9a-z]{4,32}")));
  EXPECT_TRUE(std::regex_match(NewOu(org_.root_id, "eng"), std::regex("ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}")));
  EXPECT_TRUE(std::regex_match(NewScp("deny-s3"), std::regex("p-[0-9a-zA-Z_]{8,128}")));
  auto car = NewCreateAccountRequestId();
  ASSERT_TRUE(car.ok());
  EXPECT_TRUE(std::regex_match(*car, std::regex("car-[a-z0-9]{8,32}")));
}

TEST_F(OrgStore, CreatingAnOrganizationEnablesScpsWithFullAwsAccessOnTheRoot) {
  EXPECT_EQ(org_.enabled_policy_types, std::vector<std::string>{"SERVICE_CONTROL_POLICY"});
  auto attached = Do([&](store::Transaction& txn) { return PoliciesForTarget(txn, org_, org_.root_id, kServiceControlPolicy); });
  ASSERT_TRUE(attached.ok());
  ASSERT_EQ(attached->size(), 1u);
  EXPECT_EQ((*attached)[0].id, kFullAwsAccessId);
  EXPECT_TRUE((*attached)[0].aws_managed);
}

TEST_F(OrgStore, AnAccountBelongsToOneOrganization) {
  EXPECT_EQ(Code(Do([&](store::Transaction& txn) { return CreateOrganization(txn, kManagement, "x@example.com", 1); }).status()),
            "AlreadyInOrganizationException");
}

TEST_F(OrgStore, OrganizationalUnitsNestFiveDeep) {
  std::string parent = org_.root_id;
  for (int i = 1; i <= kMaxOuDepth; ++i) parent = NewOu(parent, "level" + std::to_string(i));
  auto sixth = Do([&](store::Transaction& txn) { return CreateOrganizationalUnit(txn, org_, parent, "six", 1); });
  EXPECT_EQ(Code(sixth.status()), "ConstraintViolationException");
  EXPECT_EQ(Reason(sixth.status()), "OU_DEPTH_LIMIT_EXCEEDED");
}

TEST_F(OrgStore, OuNamesAreUniquePerParent) {
  const std::string a = NewOu(org_.root_id, "eng");
  NewOu(a, "eng");  // Same name under another parent.
  auto dup = Do([&](store::Transaction& txn) { return CreateOrganizationalUnit(txn, org_, org_.root_id, "eng", 1); });
  EXPECT_EQ(Code(dup.status()), "DuplicateOrganizationalUnitException");
}

TEST_F(OrgStore, OnlyEmptyOusAreDeleted) {
  const std::string ou = NewOu(org_.root_id, "eng");
  const std::string account = NewAccount("222222222222", "a@example.com");
  ASSERT_TRUE(Run([&](store::Transaction& txn) { return MoveAccount(txn, org_, account, org_.root_id, ou); }).ok());
  EXPECT_EQ(Code(Run([&](store::Transaction& txn) { return DeleteOrganizationalUnit(txn, org_, ou); })),
            "OrganizationalUnitNotEmptyException");
  ASSERT_TRUE(Run([&](store::Transaction& txn) { return MoveAccount(txn, org_, account, ou, org_.root_id); }).ok());
  EXPECT_EQ(Code(Run([&](store::Transaction& txn) { return DeleteOrganizationalUnit(txn, org_, ou); })), "OK");
}

TEST_F(OrgStore, MovingNeedsTheRightSourceAndAnExistingDestination) {
  const std::string ou = NewOu(org_.root_id, "eng");
  const std::string account = NewAccount("222222222222", "a@example.com");
  EXPECT_EQ(Code(Run([&](store::Transaction& txn) { return MoveAccount(txn, org_, account, "ou-zzzz-zzzzzzzz", ou); })),
            "SourceParentNotFoundException");
  EXPECT_EQ(Code(Run([&](store::Transaction& txn) { return MoveAccount(txn, org_, account, org_.root_id, "ou-zzzz-zzzzzzzz"); })),
            "DestinationParentNotFoundException");
  EXPECT_EQ(Code(Run([&](store::Transaction& txn) { return MoveAccount(txn, org_, account, org_.root_id, org_.root_id); })),
            "DuplicateAccountException");
  EXPECT_EQ(Code(Run([&](store::Transaction& txn) { return MoveAccount(txn, org_, "333333333333", org_.root_id, ou); })),
            "AccountNotFoundException");
}

TEST_F(OrgStore, NewEntitiesGetFullAwsAccess) {
  const std::string ou = NewOu(org_.root_id, "eng");
  const std::string account = NewAccount("222222222222", "a@example.com");
  for (const auto& target : {ou, account}) {
    auto p = Do([&](store::Transaction& txn) { return PoliciesForTarget(txn, org_, target, kServiceControlPolicy); });
    ASSERT_TRUE(p.ok());
    ASSERT_EQ(p->size(), 1u) << target;
    EXPECT_EQ((*p)[0].id, kFullAwsAccessId);
  }
}

TEST_F(OrgStore, ATargetKeepsAtLeastOneScp) {
  const std::string scp = NewScp("deny-s3");
  EXPECT_EQ(Reason(Run([&](store::Transaction& txn) { return DetachPolicy(txn, org_, std::string(kFullAwsAccessId), org_.root_id); })),
            "MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED");
  ASSERT_TRUE(Run([&](store::Transaction& txn) { return AttachPolicy(txn, org_, scp, org_.root_id); }).ok());
  EXPECT_EQ(Code(Run([&](store::Transaction& txn) { return AttachPolicy(txn, org_, scp, org_.root_id); })),
            "DuplicatePolicyAttachmentException");
  EXPECT_EQ(Code(Run([&](store::Transaction& txn) { return DetachPolicy(txn, org_, std::string(kFullAwsAccessId), org_.root_id); })),
            "OK");
  EXPECT_EQ(Reason(Run([&](store::Transaction& txn) { return DetachPolicy(txn, org_, scp, org_.root_id); })),
            "MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED");
}

TEST_F(OrgStore, APolicyInUseIsNotDeleted) {
  const std::string scp = NewScp("deny-s3");
  ASSERT_TRUE(Run([&](store::Transaction& txn) { return AttachPolicy(txn, org_, scp, org_.root_id); }).ok());
  EXPECT_EQ(Code(Run([&](store::Transaction& txn) { return DeletePolicy(txn, org_, scp); })), "PolicyInUseException");
  ASSERT_TRUE(Run([&](store::Transaction& txn) { return DetachPolicy(txn, org_, scp, org_.root_id); }).ok());
  EXPECT_EQ(Code(Run([&](store::Transaction& txn) { return DeletePolicy(txn, org_, scp); })), "OK");
  EXPECT_EQ(Code(Run([&](store::Transaction& txn) { return DeletePolicy(txn, org_, scp); })), "PolicyNotFoundException");
}

TEST_F(OrgStore, AwsManagedPoliciesAreImmutable) {
  EXPECT_EQ(Reason(Run([&](store::Transaction& txn) { return DeletePolicy(txn, org_, std::string(kFullAwsAccessId)); })),
            "IMMUTABLE_POLICY");
  auto updated = Do([&](store::Transaction& txn) {
    return UpdatePolicy(txn, org_, std::string(kFullAwsAccessId), std::string("x"), std::nullopt, std::nullopt);
  });
  EXPECT_EQ(Reason(updated.status()), "IMMUTABLE_POLICY");
}

TEST_F(OrgStore, PoliciesAttachOnlyWhileTheirTypeIsEnabled) {
  auto rcp = Do([&](store::Transaction& txn) {
    return CreatePolicy(txn, org_, Policy{"", std::string(kResourceControlPolicy), "rcp", "", "{}", false});
  });
  ASSERT_TRUE(rcp.ok());
  EXPECT_EQ(Code(Run([&](store::Transaction& txn) { return AttachPolicy(txn, org_, rcp->id, org_.root_id); })),
            "PolicyTypeNotEnabledException");
  ASSERT_TRUE(Run([&](store::Transaction& txn) { return EnablePolicyType(txn, org_, org_.root_id, kResourceControlPolicy); }).ok());
  auto attached = Do([&](store::Transaction& txn) { return PoliciesForTarget(txn, org_, org_.root_id, kResourceControlPolicy); });
  ASSERT_TRUE(attached.ok());
  ASSERT_EQ(attached->size(), 1u);
  EXPECT_EQ((*attached)[0].id, kRcpFullAwsAccessId);
  EXPECT_EQ(Reason(Run([&](store::Transaction& txn) {
              return DetachPolicy(txn, org_, std::string(kRcpFullAwsAccessId), org_.root_id);
            })),
            "NON_DETACHABLE_POLICY");
}

TEST_F(OrgStore, AtMostFivePoliciesOfATypePerTarget) {
  for (int i = 0; i < kMaxPoliciesPerTarget - 1; ++i) {
    const std::string p = NewScp("scp" + std::to_string(i));
    ASSERT_TRUE(Run([&](store::Transaction& txn) { return AttachPolicy(txn, org_, p, org_.root_id); }).ok());
  }
  const std::string sixth = NewScp("sixth");
  EXPECT_EQ(Reason(Run([&](store::Transaction& txn) { return AttachPolicy(txn, org_, sixth, org_.root_id); })),
            "MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED");
}

TEST_F(OrgStore, TheOrganizationIsDeletedOnlyWithoutMembers) {
  NewAccount("222222222222", "a@example.com");
  EXPECT_EQ(Code(Run([&](store::Transaction& txn) { return DeleteOrganization(txn, org_); })), "OrganizationNotEmptyException");
  ASSERT_TRUE(Run([&](store::Transaction& txn) { return RemoveAccount(txn, org_, "222222222222"); }).ok());
  EXPECT_EQ(Code(Run([&](store::Transaction& txn) { return DeleteOrganization(txn, org_); })), "OK");
  auto gone = store_->Read([&](store::ReadView& v) { return FindOrganizationOf(v, kManagement); });
  ASSERT_TRUE(gone.ok());
  EXPECT_FALSE(gone->has_value());
}

TEST_F(OrgStore, TheManagementAccountCannotBeRemoved) {
  EXPECT_EQ(Code(Run([&](store::Transaction& txn) { return RemoveAccount(txn, org_, kManagement); })),
            "MasterCannotLeaveOrganizationException");
}

TEST_F(OrgStore, AncestorsRunFromTheRootDown) {
  const std::string a = NewOu(org_.root_id, "a");
  const std::string b = NewOu(a, "b");
  const std::string account = NewAccount("222222222222", "a@example.com");
  ASSERT_TRUE(Run([&](store::Transaction& txn) { return MoveAccount(txn, org_, account, org_.root_id, b); }).ok());
  auto chain = store_->Read([&](store::ReadView& v) { return AncestorsOf(v, org_, account); });
  ASSERT_TRUE(chain.ok());
  EXPECT_EQ(*chain, (std::vector<std::string>{org_.root_id, a, b}));
  EXPECT_EQ(Code(store_->Read([&](store::ReadView& v) { return AncestorsOf(v, org_, "999999999999"); }).status()),
            "ChildNotFoundException");
}

TEST_F(OrgStore, ProvisioningCreatesTheAccessRoleWithAdministratorAccess) {
  auto provisioned = Do([&](store::Transaction& txn) {
    return ProvisionAccount(txn, kManagement, std::string(kDefaultAccessRoleName), 1000);
  });
  ASSERT_TRUE(provisioned.ok());
  EXPECT_EQ(provisioned->role_arn, "arn:aws:iam::" + provisioned->account_id + ":role/OrganizationAccountAccessRole");
  auto role = store_->Read([&](store::ReadView& v) { return iam::FindEntityByArn(v, provisioned->role_arn); });
  ASSERT_TRUE(role.ok() && role->has_value());
  EXPECT_NE((*role)->trust_policy.find("arn:aws:iam::111111111111:root"), std::string::npos);
  auto attached = store_->Read([&](store::ReadView& v) {
    return iam::AttachedPolicyArns(v, provisioned->account_id, iam::EntityKind::kRole, "OrganizationAccountAccessRole");
  });
  ASSERT_TRUE(attached.ok());
  EXPECT_EQ(*attached, std::vector<std::string>{"arn:aws:iam::aws:policy/AdministratorAccess"});
}

TEST_F(OrgStore, TagsAreBoundedAndOnlyOnTheOrganizationsResources) {
  std::vector<Tag> many;
  for (int i = 0; i <= kMaxTagsPerResource; ++i) many.push_back(Tag{"k" + std::to_string(i), "v"});
  EXPECT_EQ(Reason(Run([&](store::Transaction& txn) { return TagResource(txn, org_, org_.root_id, many); })),
            "MAX_TAG_LIMIT_EXCEEDED");
  EXPECT_EQ(Code(Run([&](store::Transaction& txn) { return TagResource(txn, org_, "999999999999", {Tag{"a", "b"}}); })),
            "TargetNotFoundException");
  ASSERT_TRUE(Run([&](store::Transaction& txn) { return TagResource(txn, org_, org_.root_id, {Tag{"a", "b"}}); }).ok());
  auto tags = store_->Read([&](store::ReadView& v) { return TagsOf(v, org_, org_.root_id); });
  ASSERT_TRUE(tags.ok());
  ASSERT_EQ(tags->size(), 1u);
  EXPECT_EQ((*tags)[0].value, "b");
}

}  // namespace
}  // namespace bulwark::org
