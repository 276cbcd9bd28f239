// Console passwords (login profiles) and the password history behind PasswordReusePrevention, in the
// store. Only argon2id hashes (crypto/password_hash.h) are ever stored; this file never sees a
// plaintext password.
// Thread-safety: stateless functions over store transactions and read views.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/store.h"

namespace bulwark::iam {

struct LoginProfileRecord {
  std::string user_id;
  std::string password_hash;
  int64_t created = 0;
  int64_t password_changed = 0;
  std::optional<int64_t> password_last_used;
  bool reset_required = false;
};

core::Result<std::optional<LoginProfileRecord>> FindLoginProfile(store::ReadView& view, std::string_view user_id);

// Errors: EntityAlreadyExists ("Login Profile for user <name> already exists.").
core::Status InsertLoginProfile(store::Transaction& txn, const LoginProfileRecord& profile, std::string_view user_name);

// Replaces the hash (and password_changed) of an existing profile; `reset_required` when given.
core::Status UpdateLoginProfilePassword(store::Transaction& txn, std::string_view user_id,
                                        std::string_view password_hash, int64_t now,
                                        std::optional<bool> reset_required);
core::Status SetLoginProfileResetRequired(store::Transaction& txn, std::string_view user_id, bool reset_required);
// Removes the profile (the password history stays, so deleting and re-creating a profile does not
// reset reuse prevention).
core::Status DeleteLoginProfile(store::Transaction& txn, std::string_view user_id);

// Appends `password_hash` to the user's history and keeps only the newest `keep` entries.
core::Status AppendPasswordHistory(store::Transaction& txn, std::string_view user_id,
                                   std::string_view password_hash, int64_t keep);
// The newest `limit` hashes, newest first.
core::Result<std::vector<std::string>> RecentPasswordHashes(store::ReadView& view, std::string_view user_id,
                                                            int64_t limit);
// Removes every credential row of a deleted user (profile and history).
core::Status ForgetUserPasswords(store::Transaction& txn, std::string_view user_id);

core::Error NoSuchLoginProfile(std::string_view user_name);

}  // namespace bulwark::iam
