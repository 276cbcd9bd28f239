// Helpers shared by the store tests: temporary directories, the list of backends the common suite
// runs against, and small verbs over a table of items.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/migrations.h"
#include "store/store.h"

namespace bulwark::store::testing {

// A fresh directory under the system temp dir, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// How the common suite opens a store. A backend's stores opened with the same `place` see the same
// data (reopening); different places are independent.
struct StoreBackend {
  std::string name;
  std::function<core::Result<std::unique_ptr<Store>>(const std::filesystem::path& place,
                                                     std::vector<Migration> migrations)>
      open;
};

// SQLite always; a PostgreSQL backend joins here when its implementation lands (labelled tests).
std::vector<StoreBackend> StoreBackends();
// Test-name suffix for INSTANTIATE_TEST_SUITE_P.
std::string BackendName(const ::testing::TestParamInfo<StoreBackend>& param);

// Schema of the item table the tests write: items(id TEXT PRIMARY KEY, n BIGINT NOT NULL, data BYTEA).
std::vector<Migration> ItemsSchema();

core::Status PutItem(Transaction& txn, const std::string& id, std::int64_t n);
core::Status PutItem(Store& store, const std::string& id, std::int64_t n);
// The item's n, or nullopt when absent. Errors are test failures.
std::optional<std::int64_t> GetItem(Store& store, const std::string& id);
std::int64_t CountItems(Store& store);

}  // namespace bulwark::store::testing
