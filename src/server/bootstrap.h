// First start of a data folder: the master key (32 random bytes in <data>/master.key, 0600), the
// account (a random 12-digit id unless configured) and the root user's access key, whose secret is
// stored sealed under the master key and handed out once: printed by the caller and written to
// <data>/root-credentials.json (0600). The creation is recorded in the trail in the same transaction.
// Later starts load the master key and the account.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "core/result.h"
#include "store/store.h"

namespace bulwark::server {

struct BootstrapResult {
  std::string account_id;
  std::string master_key;  // 32 bytes
  // Set only on the start that created them.
  std::optional<std::string> root_access_key_id;
  std::optional<std::string> root_secret_access_key;
};

// Creates the data folder (0700) and the master key file if missing; reads it otherwise.
core::Result<std::string> LoadOrCreateMasterKey(const std::filesystem::path& data_dir);

// A standalone account (one outside any organization) with its root user's access key, recorded in
// the trail (as the first start and `bulwark account create` make them). An empty
// `requested_account_id` picks a random 12-digit id. Errors: EntityAlreadyExists when the id is
// taken. The secret is handed out here once and stored only sealed under `master_key`.
struct NewAccount {
  std::string account_id;
  std::string access_key_id;
  std::string secret_access_key;
};
core::Result<NewAccount> CreateAccountWithRootKey(store::Store& store, std::string_view master_key,
                                                  const std::string& requested_account_id, const std::string& region,
                                                  int64_t now, const std::string& user_agent);
// {"AccountId", "AccessKeyId", "SecretAccessKey"}: the form of <data>/root-credentials.json.
std::string NewAccountJson(const NewAccount& account);

core::Result<BootstrapResult> Bootstrap(store::Store& store, const std::filesystem::path& data_dir,
                                        const std::string& configured_account_id, const std::string& region,
                                        int64_t now);

}  // namespace bulwark::server
