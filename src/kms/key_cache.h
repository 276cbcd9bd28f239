// KeyCache: a bounded in-memory cache of what KMS's data plane reads for every call, so a steady
// Encrypt or Decrypt costs neither store reads nor an AES-GCM open of the key material:
//   - a key's authorization data (its record with the key policy, alias names, tags and grants),
//     keyed by key ARN;
//   - unsealed key material, keyed by (key ARN, material version), overwritten (OPENSSL_cleanse)
//     when the last holder of an entry lets go.
//
// Staying correct when keys change: the epoch scheme of server/access_key_cache.h over
// core::CredentialEpoch, whose ordering argument applies unchanged.
//   - A lookup hits only if the entry's epoch equals the current epoch.
//   - A miss reads the epoch BEFORE the snapshot its store read uses begins (the pipeline reads it
//     when the call arrives: CallContext::credential_epoch_at_start) and the entry is tagged with it.
//   - Every KMS mutation (key state, policy, grants, aliases, tags, rotation, deletion, material)
//     advances the epoch inside its transaction, and the call executor advances it again after every
//     committed mutating call (and every read-only call that had to write, such as an automatic
//     rotation), before the response is sent.
// So an entry made before a change stops being served no later than that change's response: a
// disabled key, a revoked grant or a new key policy applies to the very next call. What depends on
// the clock (a deletion date that has come, a rotation date) is not cached: callers check the
// record against the call's time on every use.
// Unknown keys are not cached (nothing to invalidate, and an attacker could fill the cache).
// Thread-safety: all methods may be called concurrently (one internal mutex, never held while the
// store is read or material unsealed).
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/credential_epoch.h"
#include "kms/grants.h"
#include "kms/key_state.h"

namespace bulwark::kms {

// What authorizing a call on a key needs, read in one snapshot. Immutable once built.
struct KeyAuthorizationData {
  KeyRecord key;
  std::vector<std::string> alias_names;
  std::vector<std::pair<std::string, std::string>> tags;  // (TagKey, TagValue)
  std::vector<Grant> grants;
};

// Plaintext key material of one version. Cleansed on destruction; never copied.
class UnsealedMaterial {
 public:
  explicit UnsealedMaterial(std::string material) : material_(std::move(material)) {}
  ~UnsealedMaterial();
  UnsealedMaterial(const UnsealedMaterial&) = delete;
  UnsealedMaterial& operator=(const UnsealedMaterial&) = delete;
  std::string_view bytes() const { return material_; }

 private:
  std::string material_;
};

class KeyCache {
 public:
  // capacity (entries of each kind) 0 disables caching: every lookup misses.
  KeyCache(std::size_t capacity, std::shared_ptr<const core::CredentialEpoch> epoch);
  KeyCache(const KeyCache&) = delete;
  KeyCache& operator=(const KeyCache&) = delete;

  // The key's data if read in the current epoch; nullptr otherwise (a stale entry is dropped).
  std::shared_ptr<const KeyAuthorizationData> FindKey(std::string_view key_arn);
  // Caches `data` (keyed by data->key.arn) as read from a snapshot begun after `epoch_before_read`
  // was read. Does nothing when that epoch is no longer current.
  void InsertKey(std::shared_ptr<const KeyAuthorizationData> data, uint64_t epoch_before_read);

  std::shared_ptr<const UnsealedMaterial> FindMaterial(std::string_view key_arn, int64_t version);
  void InsertMaterial(std::string_view key_arn, int64_t version, std::shared_ptr<const UnsealedMaterial> material,
                      uint64_t epoch_before_read);

  std::size_t key_count() const;
  std::size_t material_count() const;

 private:
  // A least-recently-used map from a string to a shared value, each entry tagged with its epoch.
  template <typename T>
  struct Lru {
    struct Entry {
      std::string name;
      std::shared_ptr<const T> value;
      uint64_t epoch = 0;
    };
    std::list<Entry> entries;  // Most recently used first.
    std::unordered_map<std::string_view, typename std::list<Entry>::iterator> index;  // Views of Entry::name.
  };
  template <typename T>
  std::shared_ptr<const T> FindLocked(Lru<T>& lru, std::string_view name, uint64_t current);
  template <typename T>
  void InsertLocked(Lru<T>& lru, std::string name, std::shared_ptr<const T> value, uint64_t epoch);

  const std::size_t capacity_;
  const std::shared_ptr<const core::CredentialEpoch> epoch_;
  mutable std::mutex mutex_;
  Lru<KeyAuthorizationData> keys_;
  Lru<UnsealedMaterial> materials_;
};

}  // namespace bulwark::kms
