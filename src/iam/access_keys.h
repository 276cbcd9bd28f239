// Long-term access keys and the account they belong to, in the store. Secret access keys are kept
// sealed under the master key (AES-256-GCM, bound to their key id), never in plaintext.
// The root user's key is created at bootstrap; users' keys by iam:CreateAccessKey. The authenticator
// reads them through FindAccessKey.
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

namespace bulwark::iam {

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

// A user's keys as ListAccessKeys shows them (no secret), oldest first.
struct AccessKeyMetadata {
  std::string access_key_id;
  std::string user_name;
  bool active = true;
  int64_t created = 0;
};
core::Result<std::vector<AccessKeyMetadata>> ListUserAccessKeys(store::ReadView& view, const std::string& account,
                                                                const std::string& user_name);
// Errors: NoSuchEntity when the user has no such key.
core::Status SetAccessKeyStatus(store::Transaction& txn, const std::string& account, const std::string& user_name,
                                const std::string& access_key_id, bool active);
core::Status DeleteAccessKey(store::Transaction& txn, const std::string& account, const std::string& user_name,
                             const std::string& access_key_id);
core::Result<std::optional<std::string>> FindAccount(store::ReadView& view);
core::Status InsertAccount(store::Transaction& txn, const std::string& account_id, int64_t now);

}  // namespace bulwark::iam
