// KMS keys, their sealed material versions, aliases, tags and grants over the store. Every row
// carries its account (a key's rows through the key). Key material is sealed with AES-256-GCM under
// a key derived from the server's master key, bound to the key id and material version, and is
// never stored in the clear; GetPublicKey's public half is kept beside it.
// Errors: the store's (kErrorUnavailable, kErrorConflict, kErrorInternal).
// Thread-safety: functions over a transaction or read view owned by the calling thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "kms/grants.h"
#include "kms/key_state.h"
#include "store/migrations.h"
#include "store/store.h"

namespace bulwark::kms {

std::vector<store::Migration> KmsMigrations();

// HMAC-SHA256(master key, label): the key material is sealed with.
std::string MaterialSealingKey(std::string_view master_key);
core::Result<std::string> SealMaterial(std::string_view sealing_key, std::string_view key_id, int64_t version,
                                       std::string_view material);
// Errors: KMSInternalException when the sealed bytes do not open (tampered store, wrong master key).
core::Result<std::string> OpenMaterial(std::string_view sealing_key, std::string_view key_id, int64_t version,
                                       std::string_view sealed);

// Keys.
core::Status InsertKey(store::Transaction& txn, const KeyRecord& key);
core::Status UpdateKey(store::Transaction& txn, const KeyRecord& key);  // Every mutable column.
core::Result<std::optional<KeyRecord>> FindKey(store::ReadView& view, std::string_view account,
                                               std::string_view key_id);
struct KeyPage {
  std::vector<KeyRecord> keys;
  std::optional<std::string> next_marker;  // The last key id returned.
};
core::Result<KeyPage> ListKeys(store::ReadView& view, std::string_view account, std::string_view after, int limit);
int64_t CountKeys(store::ReadView& view, std::string_view account);
// Removes a key and everything it owns (material, aliases, tags, grants).
core::Status DeleteKey(store::Transaction& txn, std::string_view key_id);
// Destroys every key whose deletion date has come (material first); returns how many.
core::Result<int64_t> PurgeDueKeys(store::Transaction& txn, int64_t now);

// Material versions: 1 at creation, one more per rotation.
struct MaterialVersion {
  int64_t version = 0;
  std::string sealed;
  std::string public_key;  // SPKI DER for asymmetric keys; empty otherwise.
  int64_t created = 0;
  std::string rotation_type;  // "" for the original, AUTOMATIC | ON_DEMAND for rotations.
};
core::Status InsertMaterial(store::Transaction& txn, std::string_view key_id, const MaterialVersion& m);
core::Result<std::optional<MaterialVersion>> FindMaterial(store::ReadView& view, std::string_view key_id,
                                                          int64_t version);
core::Result<std::vector<MaterialVersion>> ListRotations(store::ReadView& view, std::string_view key_id);

// Aliases ("alias/name"), unique per account.
struct Alias {
  std::string account_id;
  std::string name;
  std::string key_id;
  int64_t creation_date = 0;
  int64_t last_updated = 0;
};
core::Status InsertAlias(store::Transaction& txn, const Alias& alias);  // kErrorConflict if taken.
core::Status RetargetAlias(store::Transaction& txn, std::string_view account, std::string_view name,
                           std::string_view key_id, int64_t now);
core::Status DeleteAlias(store::Transaction& txn, std::string_view account, std::string_view name);
core::Result<std::optional<Alias>> FindAlias(store::ReadView& view, std::string_view account, std::string_view name);
// The account's aliases (of one key when `key_id` is not empty), by name.
core::Result<std::vector<Alias>> ListAliases(store::ReadView& view, std::string_view account, std::string_view key_id);

// Tags.
struct KeyTag {
  std::string key;
  std::string value;
};
core::Status PutTags(store::Transaction& txn, std::string_view key_id, const std::vector<KeyTag>& tags);
core::Status RemoveTags(store::Transaction& txn, std::string_view key_id, const std::vector<std::string>& keys);
core::Result<std::vector<KeyTag>> ListTags(store::ReadView& view, std::string_view key_id);

// Grants.
core::Status InsertGrant(store::Transaction& txn, const Grant& grant);
core::Result<std::vector<Grant>> ListGrants(store::ReadView& view, std::string_view key_id);
core::Result<std::vector<Grant>> ListRetirableGrants(store::ReadView& view, std::string_view retiring_principal);
core::Result<std::optional<Grant>> FindGrant(store::ReadView& view, std::string_view grant_id);
core::Status DeleteGrant(store::Transaction& txn, std::string_view grant_id);

}  // namespace bulwark::kms
