#include "kms/key_store.h"

#include <gtest/gtest.h>

#include "store/sqlite_store.h"
#include "store/store_test_util.h"

namespace bulwark::kms {
namespace {

constexpr char kAccount[] = "123456789012";
constexpr char kId[] = "1234abcd-12ab-34cd-56ef-1234567890ab";

class KmsStore : public ::testing::Test {
 protected:
  void SetUp() override {
    store::SqliteStoreOptions options;
    options.data_dir = dir_.path() / "data";
    options.migrations = KmsMigrations();
    auto opened = store::OpenSqliteStore(std::move(options));
    ASSERT_TRUE(opened.ok());
    store_ = std::move(opened.value());
  }
  core::Status Run(const std::function<core::Status(store::Transaction&)>& fn) { return store_->WriteAndWait(fn); }
  core::Status AddKey(int64_t now) {
    return Run([&](store::Transaction& txn) {
      KeyRecord k;
      k.key_id = kId;
      k.account_id = kAccount;
      k.arn = "arn:aws:kms:us-east-1:123456789012:key/" + std::string(kId);
      k.key_spec = "SYMMETRIC_DEFAULT";
      k.key_usage = "ENCRYPT_DECRYPT";
      k.creation_date = now;
      k.policy = "{}";
      if (auto s = InsertKey(txn, k); !s.ok()) return s;
      auto sealed = SealMaterial(key_, kId, 1, std::string(32, 'M'));
      if (!sealed.ok()) return sealed.status();
      MaterialVersion m;
      m.version = 1;
      m.sealed = *sealed;
      m.created = now;
      if (auto s = InsertMaterial(txn, kId, m); !s.ok()) return s;
      return InsertAlias(txn, Alias{kAccount, "alias/app", kId, now, now});
    });
  }
  std::optional<KeyRecord> Find(std::string_view account = kAccount) {
    auto k = store_->Read([&](store::ReadView& v) { return FindKey(v, account, kId); });
    EXPECT_TRUE(k.ok());
    return *k;
  }

  store::testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  const std::string key_ = MaterialSealingKey(std::string(32, 'm'));
};

TEST(MaterialSealing, IsBoundToKeyAndVersion) {
  const std::string key = MaterialSealingKey(std::string(32, 'm'));
  auto sealed = SealMaterial(key, kId, 1, "material");
  ASSERT_TRUE(sealed.ok());
  EXPECT_EQ(sealed->find("material"), std::string::npos);
  EXPECT_EQ(*OpenMaterial(key, kId, 1, *sealed), "material");
  EXPECT_FALSE(OpenMaterial(key, kId, 2, *sealed).ok());
  EXPECT_FALSE(OpenMaterial(key, "other", 1, *sealed).ok());
  EXPECT_FALSE(OpenMaterial(MaterialSealingKey(std::string(32, 'x')), kId, 1, *sealed).ok());
}

TEST_F(KmsStore, KeysBelongToTheirAccount) {
  ASSERT_TRUE(AddKey(100).ok());
  EXPECT_TRUE(Find().has_value());
  EXPECT_FALSE(Find("210987654321").has_value());
}

TEST_F(KmsStore, MaterialIsStoredSealed) {
  ASSERT_TRUE(AddKey(100).ok());
  auto m = store_->Read([&](store::ReadView& v) { return FindMaterial(v, kId, 1); });
  ASSERT_TRUE(m.ok() && m->has_value());
  EXPECT_EQ((*m)->sealed.find(std::string(32, 'M')), std::string::npos);
  EXPECT_EQ(*OpenMaterial(key_, kId, 1, (*m)->sealed), std::string(32, 'M'));
}

TEST_F(KmsStore, PurgeDestroysDueKeysWithTheirMaterialAndAliases) {
  ASSERT_TRUE(AddKey(0).ok());
  auto key = Find();
  ASSERT_TRUE(ScheduleDeletion(*key, 7, 0).ok());
  ASSERT_TRUE(Run([&](store::Transaction& txn) { return UpdateKey(txn, *key); }).ok());
  // A fake clock: one second before the date nothing happens, at the date the key is gone.
  auto purged = store_->Write([&](store::Transaction& txn) { return PurgeDueKeys(txn, 7 * kSecondsPerDay - 1); });
  ASSERT_TRUE(purged.ok());
  EXPECT_EQ(*purged, 0);
  purged = store_->Write([&](store::Transaction& txn) { return PurgeDueKeys(txn, 7 * kSecondsPerDay); });
  EXPECT_EQ(*purged, 1);
  EXPECT_FALSE(Find().has_value());
  auto m = store_->Read([&](store::ReadView& v) { return FindMaterial(v, kId, 1); });
  EXPECT_FALSE(m->has_value());
  auto alias = store_->Read([&](store::ReadView& v) { return FindAlias(v, kAccount, "alias/app"); });
  EXPECT_FALSE(alias->has_value());
}

TEST_F(KmsStore, GrantsRoundTripWithConstraints) {
  ASSERT_TRUE(AddKey(0).ok());
  Grant g;
  g.grant_id = "g1";
  g.key_id = kId;
  g.account_id = kAccount;
  g.grantee_principal = "arn:aws:iam::123456789012:user/bob";
  g.operations = {"Decrypt", "RetireGrant"};
  g.context_subset = EncryptionContext{{"a", "1"}};
  ASSERT_TRUE(Run([&](store::Transaction& txn) { return InsertGrant(txn, g); }).ok());
  auto found = store_->Read([&](store::ReadView& v) { return FindGrant(v, "g1"); });
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->operations, g.operations);
  EXPECT_EQ((*found)->context_subset, g.context_subset);
  EXPECT_FALSE((*found)->context_equals.has_value());
}

}  // namespace
}  // namespace bulwark::kms
