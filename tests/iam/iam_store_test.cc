// The IAM repositories against a real (SQLite) store: uniqueness without regard to case, the
// deletion rules, policy versions, quotas, and the policies that apply to a principal.
#include <gtest/gtest.h>

#include <set>

#include "iam/attachments.h"
#include "iam/aws_managed_policies.h"
#include "iam/entities.h"
#include "iam/managed_policies.h"
#include "iam/principal_policies.h"
#include "iam/schema.h"
#include "iam/tags.h"
#include "store/sqlite_store.h"
#include "store/store_test_util.h"

namespace bulwark::iam {
namespace {

constexpr char kAccount[] = "123456789012";
constexpr char kAllow[] = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]})";

class IamStore : public ::testing::Test {
 protected:
  void SetUp() override {
    store::SqliteStoreOptions options;
    options.data_dir = dir_.path() / "data";
    options.migrations = IamMigrations();
    auto opened = store::OpenSqliteStore(std::move(options));
    ASSERT_TRUE(opened.ok());
    store_ = std::move(opened.value());
  }
  core::Status Run(const std::function<core::Status(store::Transaction&)>& fn) { return store_->WriteAndWait(fn); }
  core::Status Add(EntityKind kind, const std::string& name, const std::string& path = "/") {
    return Run([&](store::Transaction& txn) {
      Entity e;
      e.account_id = kAccount;
      e.kind = kind;
      e.name = name;
      e.id = std::string(kind == EntityKind::kUser ? "AIDA" : kind == EntityKind::kGroup ? "AGPA" : "AROA") + name;
      e.path = path;
      e.arn = EntityArn(kind, kAccount, path, name);
      e.trust_policy = kind == EntityKind::kRole ? "{}" : "";
      return InsertEntity(txn, e);
    });
  }
  core::Status AddPolicy(const std::string& name) {
    return Run([&](store::Transaction& txn) {
      ManagedPolicy p;
      p.account_id = kAccount;
      p.name = name;
      p.id = "ANPA" + name;
      p.path = "/";
      p.arn = PolicyArn(kAccount, "/", name);
      return InsertPolicy(txn, p, kAllow);
    });
  }
  std::string Code(const core::Status& s) { return s.ok() ? "OK" : s.error().code; }
  // Every page of ListPolicies, following the markers; stops the test on an error.
  std::vector<PolicyPage> AllPages(std::string_view scope, bool only_attached, std::string_view prefix, int limit) {
    std::vector<PolicyPage> pages;
    std::string marker;
    do {
      auto page = store_->Read([&](store::ReadView& v) {
        return ListPolicies(v, kAccount,  scope, only_attached, prefix, marker, limit);
      });
      EXPECT_TRUE(page.ok());
      if (!page.ok() || pages.size() > 10000) break;  // A marker that never ends must not hang the test.
      pages.push_back(*page);
      marker = page->next_marker.value_or("");
    } while (!marker.empty());
    return pages;
  }
  static std::vector<std::string> Arns(const std::vector<PolicyPage>& pages) {
    std::vector<std::string> arns;
    for (const auto& page : pages) {
      for (const auto& p : page.policies) arns.push_back(p.arn);
    }
    return arns;
  }

  store::testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(IamStore, NamesAreUniqueWithoutRegardToCaseWithinAKind) {
  ASSERT_TRUE(Add(EntityKind::kUser, "Alice").ok());
  EXPECT_EQ(Code(Add(EntityKind::kUser, "alice")), "EntityAlreadyExists");
  EXPECT_TRUE(Add(EntityKind::kRole, "alice").ok());  // Another kind: another namespace.
  auto found = store_->Read([](store::ReadView& v) { return FindEntity(v, kAccount,  EntityKind::kUser, "ALICE"); });
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->name, "Alice");
}

TEST_F(IamStore, ListingFiltersByPathAndPages) {
  for (const char* n : {"a", "b", "c", "d"}) ASSERT_TRUE(Add(EntityKind::kUser, n, std::string(n) < "c" ? "/eng/" : "/").ok());
  auto page = store_->Read([](store::ReadView& v) { return ListEntities(v, kAccount,  EntityKind::kUser, "/", "", 3); });
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->entities.size(), 3u);
  ASSERT_TRUE(page->next_marker.has_value());
  auto rest = store_->Read([&](store::ReadView& v) { return ListEntities(v, kAccount,  EntityKind::kUser, "/", *page->next_marker, 3); });
  ASSERT_EQ(rest->entities.size(), 1u);
  EXPECT_EQ(rest->entities[0].name, "d");
  EXPECT_FALSE(rest->next_marker.has_value());
  auto eng = store_->Read([](store::ReadView& v) { return ListEntities(v, kAccount,  EntityKind::kUser, "/eng/", "", 10); });
  EXPECT_EQ(eng->entities.size(), 2u);
}

TEST_F(IamStore, DeletionWaitsForEverythingAttached) {
  ASSERT_TRUE(Add(EntityKind::kUser, "bob").ok());
  ASSERT_TRUE(Add(EntityKind::kGroup, "devs").ok());
  ASSERT_TRUE(AddPolicy("p").ok());
  const std::string arn = PolicyArn(kAccount, "/", "p");
  ASSERT_TRUE(Run([&](store::Transaction& t) { return AttachPolicy(t, kAccount,  EntityKind::kUser, "bob", arn); }).ok());
  ASSERT_TRUE(Run([&](store::Transaction& t) { return AddUserToGroup(t, kAccount,  "devs", "bob"); }).ok());
  EXPECT_EQ(Code(Run([](store::Transaction& t) { return DeleteEntity(t, kAccount,  EntityKind::kUser, "bob"); })), "DeleteConflict");
  EXPECT_EQ(Code(Run([](store::Transaction& t) { return DeleteEntity(t, kAccount,  EntityKind::kGroup, "devs"); })), "DeleteConflict");
  EXPECT_EQ(Code(Run([&](store::Transaction& t) { return DeletePolicy(t, arn); })), "DeleteConflict");
  ASSERT_TRUE(Run([&](store::Transaction& t) { return DetachPolicy(t, kAccount,  EntityKind::kUser, "bob", arn); }).ok());
  ASSERT_TRUE(Run([](store::Transaction& t) { return RemoveUserFromGroup(t, kAccount,  "devs", "bob"); }).ok());
  EXPECT_TRUE(Run([](store::Transaction& t) { return DeleteEntity(t, kAccount,  EntityKind::kUser, "bob"); }).ok());
  EXPECT_TRUE(Run([&](store::Transaction& t) { return DeletePolicy(t, arn); }).ok());
  EXPECT_EQ(Code(Run([](store::Transaction& t) { return DeleteEntity(t, kAccount,  EntityKind::kUser, "bob"); })), "NoSuchEntity");
}

TEST_F(IamStore, PolicyVersionsFollowIamRules) {
  ASSERT_TRUE(AddPolicy("v").ok());
  const std::string arn = PolicyArn(kAccount, "/", "v");
  for (int i = 0; i < 4; ++i) {
    auto id = store_->Write([&](store::Transaction& t) { return CreatePolicyVersion(t, arn, kAllow, i == 1, 10); });
    ASSERT_TRUE(id.ok());
    EXPECT_EQ(*id, "v" + std::to_string(i + 2));
  }
  auto sixth = store_->Write([&](store::Transaction& t) { return CreatePolicyVersion(t, arn, kAllow, false, 10); });
  ASSERT_FALSE(sixth.ok());
  EXPECT_EQ(sixth.error().code, "LimitExceeded");
  EXPECT_EQ(Code(Run([&](store::Transaction& t) { return DeletePolicyVersion(t, arn, "v3"); })), "DeleteConflict");
  EXPECT_TRUE(Run([&](store::Transaction& t) { return DeletePolicyVersion(t, arn, "v1"); }).ok());
  // Version numbers are never reused.
  auto next = store_->Write([&](store::Transaction& t) { return CreatePolicyVersion(t, arn, kAllow, false, 10); });
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(*next, "v6");
  EXPECT_EQ(Code(Run([&](store::Transaction& t) {
              return CreatePolicyVersion(t, "arn:aws:iam::aws:policy/AdministratorAccess", kAllow, true, 1).status();
            })),
            "AccessDenied");
}

TEST_F(IamStore, AttachmentQuotaAndInlineAggregateSize) {
  ASSERT_TRUE(Add(EntityKind::kUser, "q").ok());
  for (int i = 0; i < kMaxAttachedPolicies; ++i) {
    ASSERT_TRUE(AddPolicy("p" + std::to_string(i)).ok());
    ASSERT_TRUE(Run([&](store::Transaction& t) {
                  return AttachPolicy(t, kAccount,  EntityKind::kUser, "q", PolicyArn(kAccount, "/", "p" + std::to_string(i)));
                }).ok());
  }
  EXPECT_EQ(Code(Run([](store::Transaction& t) {
              return AttachPolicy(t, kAccount,  EntityKind::kUser, "q", "arn:aws:iam::aws:policy/AdministratorAccess");
            })),
            "LimitExceeded");
  const std::string big = std::string(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::)") +
                          std::string(1900, 'x') + R"("}]})";
  EXPECT_TRUE(Run([&](store::Transaction& t) { return PutInlinePolicy(t, kAccount,  EntityKind::kUser, "q", "one", big); }).ok());
  EXPECT_EQ(Code(Run([&](store::Transaction& t) { return PutInlinePolicy(t, kAccount,  EntityKind::kUser, "q", "two", big); })),
            "LimitExceeded");
  // Replacing the same policy does not count it twice.
  EXPECT_TRUE(Run([&](store::Transaction& t) { return PutInlinePolicy(t, kAccount,  EntityKind::kUser, "q", "one", big); }).ok());
}

TEST_F(IamStore, PrincipalPoliciesGatherUserGroupAndBoundary) {
  ASSERT_TRUE(Add(EntityKind::kUser, "u").ok());
  ASSERT_TRUE(Add(EntityKind::kGroup, "g").ok());
  ASSERT_TRUE(AddPolicy("attached").ok());
  ASSERT_TRUE(Run([&](store::Transaction& t) -> core::Status {
                if (auto s = PutInlinePolicy(t, kAccount,  EntityKind::kUser, "u", "mine", kAllow); !s.ok()) return s;
                if (auto s = PutInlinePolicy(t, kAccount,  EntityKind::kGroup, "g", "ours", kAllow); !s.ok()) return s;
                if (auto s = AttachPolicy(t, kAccount,  EntityKind::kGroup, "g", PolicyArn(kAccount, "/", "attached")); !s.ok()) return s;
                if (auto s = AddUserToGroup(t, kAccount,  "g", "u"); !s.ok()) return s;
                if (auto s = SetBoundary(t, kAccount,  EntityKind::kUser, "u", "arn:aws:iam::aws:policy/IAMReadOnlyAccess"); !s.ok()) return s;
                return PutTags(t, EntityArn(EntityKind::kUser, kAccount, "/", "u"), {Tag{"team", "core"}});
              }).ok());
  auto p = store_->Read([](store::ReadView& v) { return LoadPrincipalPolicies(v, kAccount,  EntityKind::kUser, "u"); });
  ASSERT_TRUE(p.ok()) << p.error().message;
  ASSERT_EQ(p->identity.size(), 3u);
  EXPECT_EQ(p->identity[0].id, "user/u/mine");
  EXPECT_EQ(p->identity[1].id, "group/g/ours");
  EXPECT_EQ(p->identity[2].id, PolicyArn(kAccount, "/", "attached"));
  ASSERT_TRUE(p->boundary.has_value());
  EXPECT_EQ(p->boundary->id, "arn:aws:iam::aws:policy/IAMReadOnlyAccess");
  ASSERT_EQ(p->tags.size(), 1u);
  EXPECT_EQ(p->tags[0].value, "core");
  auto gone = store_->Read([](store::ReadView& v) { return LoadPrincipalPolicies(v, kAccount,  EntityKind::kUser, "nobody"); });
  EXPECT_EQ(gone.error().code, "NoSuchEntity");
}

TEST_F(IamStore, PrincipalPoliciesOfANameNowHeldByAnotherEntityAreNotLoaded) {
  ASSERT_TRUE(Add(EntityKind::kRole, "phoenix").ok());  // Unique id AROAphoenix.
  auto same = store_->Read(
      [](store::ReadView& v) { return LoadPrincipalPolicies(v, kAccount,  EntityKind::kRole, "phoenix", "AROAphoenix"); });
  EXPECT_TRUE(same.ok());
  auto other = store_->Read(
      [](store::ReadView& v) { return LoadPrincipalPolicies(v, kAccount,  EntityKind::kRole, "phoenix", "AROAOLDPHOENIX"); });
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, "NoSuchEntity");
}

TEST_F(IamStore, ListPoliciesPagesThroughEveryAwsManagedPolicyOnce) {
  const auto pages = AllPages("AWS", false, "/", 100);
  const std::size_t n = AwsManagedPolicies().size();
  ASSERT_EQ(pages.size(), (n + 99) / 100);
  for (std::size_t i = 0; i + 1 < pages.size(); ++i) {
    EXPECT_EQ(pages[i].policies.size(), 100u);
    EXPECT_TRUE(pages[i].next_marker.has_value());
  }
  EXPECT_FALSE(pages.back().next_marker.has_value());
  const auto arns = Arns(pages);
  ASSERT_EQ(arns.size(), n);
  for (std::size_t i = 0; i < n; ++i) EXPECT_EQ(arns[i], AwsManagedPolicies()[i].arn);
}

TEST_F(IamStore, ListPoliciesAllPutsAwsManagedPoliciesBeforeLocalOnes) {
  ASSERT_TRUE(AddPolicy("zeta").ok());
  ASSERT_TRUE(AddPolicy("Alpha").ok());
  const auto all = Arns(AllPages("All", false, "/", 7));  // A page size that divides nothing evenly.
  ASSERT_EQ(all.size(), AwsManagedPolicies().size() + 2);
  EXPECT_EQ(std::set<std::string>(all.begin(), all.end()).size(), all.size());
  EXPECT_EQ(all[all.size() - 2], PolicyArn(kAccount, "/", "Alpha"));
  EXPECT_EQ(all.back(), PolicyArn(kAccount, "/", "zeta"));
  const auto local = Arns(AllPages("Local", false, "/", 1));
  EXPECT_EQ(local, (std::vector<std::string>{PolicyArn(kAccount, "/", "Alpha"), PolicyArn(kAccount, "/", "zeta")}));
}

TEST_F(IamStore, ListPoliciesOnlyAttachedCountsEachPolicysAttachments) {
  const std::string audit = "arn:aws:iam::aws:policy/SecurityAudit";
  const std::string read_only = "arn:aws:iam::aws:policy/ReadOnlyAccess";
  ASSERT_TRUE(Add(EntityKind::kUser, "u").ok());
  ASSERT_TRUE(Add(EntityKind::kRole, "r").ok());
  ASSERT_TRUE(AddPolicy("mine").ok());
  ASSERT_TRUE(Run([&](store::Transaction& t) -> core::Status {
                if (auto s = AttachPolicy(t, kAccount,  EntityKind::kUser, "u", audit); !s.ok()) return s;
                if (auto s = AttachPolicy(t, kAccount,  EntityKind::kRole, "r", audit); !s.ok()) return s;
                if (auto s = AttachPolicy(t, kAccount,  EntityKind::kUser, "u", read_only); !s.ok()) return s;
                return AttachPolicy(t, kAccount,  EntityKind::kRole, "r", PolicyArn(kAccount, "/", "mine"));
              }).ok());
  const auto pages = AllPages("AWS", true, "/", 1);
  ASSERT_EQ(pages.size(), 2u);
  EXPECT_EQ(pages[0].policies[0].arn, read_only);
  EXPECT_EQ(pages[0].policies[0].attachment_count, 1);
  EXPECT_EQ(pages[1].policies[0].arn, audit);
  EXPECT_EQ(pages[1].policies[0].attachment_count, 2);
  EXPECT_EQ(Arns(AllPages("All", true, "/", 100)),
            (std::vector<std::string>{read_only, audit, PolicyArn(kAccount, "/", "mine")}));
}

TEST_F(IamStore, ListPoliciesPathPrefixSelectsThatPathOnly) {
  const auto arns = Arns(AllPages("AWS", false, "/job-function/", 3));
  std::size_t expected = 0;
  for (const auto& p : AwsManagedPolicies()) expected += p.path == "/job-function/" ? 1 : 0;
  EXPECT_EQ(arns.size(), expected);
  EXPECT_NE(std::find(arns.begin(), arns.end(), "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"), arns.end());
  for (const auto& arn : arns) EXPECT_TRUE(arn.starts_with("arn:aws:iam::aws:policy/job-function/")) << arn;
}

TEST_F(IamStore, AwsManagedPolicyServesItsDefaultVersionFromTheData) {
  const std::string arn = "arn:aws:iam::aws:policy/SecurityAudit";
  const AwsManagedPolicy* builtin = FindAwsManagedPolicy(arn);
  ASSERT_NE(builtin, nullptr);
  auto policy = store_->Read([&](store::ReadView& v) { return GetPolicy(v, kAccount,  arn); });
  ASSERT_TRUE(policy.ok());
  EXPECT_EQ(policy->id, builtin->id);
  EXPECT_EQ(policy->default_version, builtin->default_version);
  EXPECT_EQ(policy->created, builtin->created);
  EXPECT_EQ(policy->updated, builtin->updated);
  EXPECT_TRUE(policy->aws_managed);
  auto versions = store_->Read([&](store::ReadView& v) { return ListPolicyVersions(v, arn); });
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ(versions->size(), 1u);
  EXPECT_EQ((*versions)[0].version_id, builtin->default_version);
  EXPECT_TRUE((*versions)[0].is_default);
  EXPECT_EQ((*versions)[0].created, builtin->updated);
  auto version = store_->Read(
      [&](store::ReadView& v) { return GetPolicyVersion(v, arn, std::string(builtin->default_version)); });
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(version->document, builtin->document);
  auto first = store_->Read([&](store::ReadView& v) { return GetPolicyVersion(v, arn, "v1"); });
  EXPECT_EQ(first.error().code, "NoSuchEntity");  // Only the default version is built in.
}

TEST_F(IamStore, AwsManagedPoliciesAreReadOnly) {
  const std::string arn = "arn:aws:iam::aws:policy/SecurityAudit";
  const std::string version(FindAwsManagedPolicy(arn)->default_version);
  EXPECT_EQ(Code(Run([&](store::Transaction& t) { return DeletePolicy(t, arn); })), "AccessDenied");
  EXPECT_EQ(Code(Run([&](store::Transaction& t) { return DeletePolicyVersion(t, arn, version); })), "AccessDenied");
  EXPECT_EQ(Code(Run([&](store::Transaction& t) { return SetDefaultPolicyVersion(t, arn, version, 1); })),
            "AccessDenied");
  EXPECT_EQ(Code(Run([&](store::Transaction& t) { return CreatePolicyVersion(t, arn, kAllow, true, 1).status(); })),
            "AccessDenied");
}

TEST(IamTags, KeysAreCaseInsensitiveAndBounded) {
  EXPECT_EQ(ValidateTags({Tag{"Env", "a"}, Tag{"env", "b"}}).error().code, "InvalidInput");
  EXPECT_EQ(ValidateTags({Tag{"aws:reserved", "a"}}).error().code, "InvalidInput");
  EXPECT_EQ(ValidateTags({Tag{"", "a"}}).error().code, "InvalidInput");
  EXPECT_EQ(ValidateTags({Tag{"k", std::string(257, 'v')}}).error().code, "InvalidInput");
  std::vector<Tag> many;
  for (int i = 0; i < 51; ++i) many.push_back(Tag{"k" + std::to_string(i), "v"});
  EXPECT_EQ(ValidateTags(many).error().code, "LimitExceeded");
  EXPECT_TRUE(ValidateTags({Tag{"team", "core"}, Tag{"cost-center", "42"}}).ok());
}

}  // namespace
}  // namespace bulwark::iam
