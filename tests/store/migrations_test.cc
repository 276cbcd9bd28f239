// Schema migrations, against each backend.
#include "store/migrations.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/store_test_util.h"

namespace bulwark::store::testing {
namespace {

class MigrationsTest : public ::testing::TestWithParam<StoreBackend> {
 protected:
  core::Result<std::unique_ptr<Store>> Open(std::vector<Migration> migrations) {
    return GetParam().open(dir_.path(), std::move(migrations));
  }
  TempDir dir_;
};

Migration M(std::string component, std::int64_t version, std::string name, std::string sql) {
  return Migration{std::move(component), version, std::move(name), std::move(sql)};
}

const Migration kUsers1 =
    M("iam", 1, "create users", "CREATE TABLE users (id TEXT PRIMARY KEY, name TEXT NOT NULL)");
const Migration kUsers2 = M("iam", 2, "add user path", "ALTER TABLE users ADD COLUMN path TEXT");
const Migration kKeys1 = M("kms", 1, "create keys", "CREATE TABLE keys (id TEXT PRIMARY KEY)");

std::vector<AppliedMigration> Applied(Store& store) {
  auto applied = store.Read([](ReadView& view) { return ListAppliedMigrations(view); });
  EXPECT_TRUE(applied.ok()) << applied.error().message;
  return applied.ok() ? *applied : std::vector<AppliedMigration>{};
}

std::vector<std::string> Labels(const std::vector<AppliedMigration>& applied) {
  std::vector<std::string> out;
  for (const auto& a : applied) out.push_back(a.component + "/" + std::to_string(a.version) + " " + a.name);
  return out;
}

TEST_P(MigrationsTest, AppliesInOrderSoLaterOnesBuildOnEarlierOnes) {
  auto store = Open({kUsers1, kUsers2, kKeys1});
  ASSERT_TRUE(store.ok()) << store.error().message;
  EXPECT_EQ(Labels(Applied(**store)),
            (std::vector<std::string>{"iam/1 create users", "iam/2 add user path", "kms/1 create keys"}));
  // Version 2's column exists.
  core::Status put = (*store)->Write([](Transaction& txn) {
    return txn.Execute("INSERT INTO users (id, name, path) VALUES ('AIDA1', 'alice', '/')").status();
  });
  EXPECT_TRUE(put.ok()) << put.error().message;
}

TEST_P(MigrationsTest, AppliesEachMigrationOnlyOnce) {
  {
    auto store = Open({kUsers1});
    ASSERT_TRUE(store.ok()) << store.error().message;
  }
  auto store = Open({kUsers1, kUsers2});
  ASSERT_TRUE(store.ok()) << store.error().message;
  const std::vector<Migration> all{kUsers1, kUsers2};
  auto again = ApplyMigrations(**store, all);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(*again, 0);
  EXPECT_EQ(Applied(**store).size(), 2u);
}

TEST_P(MigrationsTest, RefusesADatabaseWithANewerSchema) {
  { ASSERT_TRUE(Open({kUsers1, kUsers2}).ok()); }
  auto older = Open({kUsers1});
  ASSERT_FALSE(older.ok());
  EXPECT_EQ(older.error().code, kErrorInternal);
  EXPECT_NE(older.error().message.find("newer"), std::string::npos) << older.error().message;
}

TEST_P(MigrationsTest, RefusesADatabaseWithAnUnknownComponent) {
  { ASSERT_TRUE(Open({kUsers1, kKeys1}).ok()); }
  auto without_kms = Open({kUsers1});
  ASSERT_FALSE(without_kms.ok());
  EXPECT_NE(without_kms.error().message.find("'kms'"), std::string::npos) << without_kms.error().message;
}

TEST_P(MigrationsTest, RefusesADivergedHistory) {
  { ASSERT_TRUE(Open({kUsers1}).ok()); }
  auto renamed = Open({M("iam", 1, "create principals", kUsers1.sql)});
  ASSERT_FALSE(renamed.ok());
  EXPECT_NE(renamed.error().message.find("create principals"), std::string::npos) << renamed.error().message;
}

TEST_P(MigrationsTest, RefusesAMigrationInsertedBeforeAnAppliedOne) {
  const Migration users3 = M("iam", 3, "add tags", "CREATE TABLE user_tags (user_id TEXT, k TEXT, v TEXT)");
  { ASSERT_TRUE(Open({kUsers1, users3}).ok()); }
  auto with_gap_filled = Open({kUsers1, kUsers2, users3});
  ASSERT_FALSE(with_gap_filled.ok());
  EXPECT_NE(with_gap_filled.error().message.find("iam/2 is missing"), std::string::npos)
      << with_gap_filled.error().message;
}

TEST_P(MigrationsTest, FailingMigrationFailsOpenAndKeepsTheOnesBeforeIt) {
  auto broken = Open({kUsers1, M("iam", 2, "broken", "ALTER TABLE no_such_table ADD COLUMN x TEXT")});
  ASSERT_FALSE(broken.ok());
  EXPECT_NE(broken.error().message.find("iam/2 (broken) failed"), std::string::npos)
      << broken.error().message;
  auto fixed = Open({kUsers1, kUsers2});
  ASSERT_TRUE(fixed.ok()) << fixed.error().message;
  EXPECT_EQ(Labels(Applied(**fixed)),
            (std::vector<std::string>{"iam/1 create users", "iam/2 add user path"}));
}

TEST_P(MigrationsTest, FailingMultiStatementMigrationLeavesNothingBehind) {
  auto broken = Open(
      {M("iam", 1, "half", "CREATE TABLE a (x TEXT); CREATE TABLE b (y TEXT); INSERT INTO c VALUES (1)")});
  ASSERT_FALSE(broken.ok());
  auto store = Open({M("iam", 1, "half", "CREATE TABLE a (x TEXT); CREATE TABLE b (y TEXT)")});
  ASSERT_TRUE(store.ok()) << store.error().message;  // Would fail if table a had survived.
}

TEST(ValidateMigrations, RejectsVersionsOutOfOrder) {
  const std::vector<Migration> list{kUsers2, kUsers1};
  core::Status status = ValidateMigrations(list);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, kErrorInternal);
}

TEST(ValidateMigrations, RejectsDuplicateVersionsAndVersionZero) {
  const std::vector<Migration> duplicate{kUsers1, M("iam", 1, "again", "SELECT 1")};
  EXPECT_FALSE(ValidateMigrations(duplicate).ok());
  const std::vector<Migration> zero{M("iam", 0, "zero", "SELECT 1")};
  EXPECT_FALSE(ValidateMigrations(zero).ok());
}

TEST(ValidateMigrations, AcceptsInterleavedComponents) {
  const std::vector<Migration> list{kUsers1, kKeys1, kUsers2};
  EXPECT_TRUE(ValidateMigrations(list).ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, MigrationsTest, ::testing::ValuesIn(StoreBackends()), BackendName);

}  // namespace
}  // namespace bulwark::store::testing
