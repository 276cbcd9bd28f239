// Long-term access keys and the account they belong to, in the store. Secret access keys are kept
// sealed under the master key (AES-256-GCM, bound to their key id), never in plaintext.
// (The IAM service will own users' keys; the root key and the lookup the authenticator needs live
// here so the pipeline can authenticate before any service exists.)
// Thread-safety: stateless functions over store transactions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/caller.h"
#include "core/result.h"
#include "store/migrations.h"
#include "store/store.h"

namespace bulwark::server {

std::vector<store::Migration> AccessKeyMigrations();

struct AccessKeyRecord {
  std::string access_key_id;
  std::string account_id;
  core::CallerKind kind = core::CallerKind::kRoot;
  std::string principal_arn;
  std::string principal_id;
  std::string user_name;
  bool active = true;
  std::string secret_sealed;
};

core::Status InsertAccessKey(store::Transaction& txn, const AccessKeyRecord& key, int64_t now);
core::Result<std::optional<AccessKeyRecord>> FindAccessKey(store::ReadView& view, const std::string& access_key_id);
core::Result<std::optional<std::string>> FindAccount(store::ReadView& view);
core::Status InsertAccount(store::Transaction& txn, const std::string& account_id, int64_t now);

}  // namespace bulwark::server
