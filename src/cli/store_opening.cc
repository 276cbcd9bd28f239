#include "cli/store_opening.h"

#include <filesystem>

#include "cli/serve_command.h"
#include "store/sqlite_store.h"

namespace bulwark::cli {

core::Result<std::unique_ptr<store::Store>> OpenExistingStore(const std::string& data_dir) {
  std::error_code ec;
  if (!std::filesystem::exists(std::filesystem::path(data_dir) / store::kSqliteDatabaseFile, ec)) {
    return core::Error{"InvalidParameterValue", "no Bulwark store in " + data_dir};
  }
  store::SqliteStoreOptions options;
  options.data_dir = data_dir;
  options.migrations = ServeStoreMigrations();
  options.read_connections = 1;
  return store::OpenSqliteStore(std::move(options));
}

}  // namespace bulwark::cli
