#include "store/store_test_util.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <string>

#include "store/sqlite_store.h"

namespace bulwark::store::testing {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "bulwark-store-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    ADD_FAILURE() << "mkdtemp failed";
  }
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::permissions(path_, std::filesystem::perms::owner_all, ec);
  std::filesystem::remove_all(path_, ec);
}

std::vector<StoreBackend> StoreBackends() {
  return {
      StoreBackend{"sqlite",
                   [](const std::filesystem::path& place, std::vector<Migration> migrations) {
                     SqliteStoreOptions options;
                     options.data_dir = place / "data";
                     options.migrations = std::move(migrations);
                     return OpenSqliteStore(std::move(options));
                   }},
  };
}

std::string BackendName(const ::testing::TestParamInfo<StoreBackend>& param) {
  return param.param.name;
}

std::vector<Migration> ItemsSchema() {
  return {Migration{"test", 1, "create items",
                    "CREATE TABLE items (id TEXT PRIMARY KEY, n BIGINT NOT NULL, data BYTEA)"}};
}

core::Status PutItem(Transaction& txn, const std::string& id, std::int64_t n) {
  auto inserted = txn.Execute("INSERT INTO items (id, n) VALUES (?, ?)", {id, n});
  return inserted.status();
}

core::Status PutItem(Store& store, const std::string& id, std::int64_t n) {
  return store.Write([&](Transaction& txn) { return PutItem(txn, id, n); });
}

std::optional<std::int64_t> GetItem(Store& store, const std::string& id) {
  auto n = store.Read([&](ReadView& view) -> core::Result<std::optional<std::int64_t>> {
    auto row = view.QueryOne("SELECT n FROM items WHERE id = ?", {id});
    if (!row.ok()) return row.error();
    if (!row->has_value()) return std::optional<std::int64_t>();
    auto value = (*row)->Int64(0);
    if (!value.ok()) return value.error();
    return std::optional<std::int64_t>(*value);
  });
  EXPECT_TRUE(n.ok()) << n.error().message;
  return n.ok() ? *n : std::nullopt;
}

std::int64_t CountItems(Store& store) {
  auto count = store.Read([](ReadView& view) -> core::Result<std::int64_t> {
    auto row = view.QueryOne("SELECT COUNT(*) FROM items");
    if (!row.ok()) return row.error();
    return (*row)->Int64(0);
  });
  EXPECT_TRUE(count.ok()) << count.error().message;
  return count.ok() ? *count : -1;
}

}  // namespace bulwark::store::testing
