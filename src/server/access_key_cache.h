// AccessKeyCache: a bounded in-memory cache of resolved access keys (the stored record plus the
// secret unsealed from it), so a steady client costs neither a store read nor an AES-GCM open per
// request. Secrets are overwritten (OPENSSL_cleanse) when the last holder of an entry lets go.
//
// Staying correct when keys change: an epoch scheme over core::CredentialEpoch.
//   - A lookup hits only if the entry's epoch equals the current epoch.
//   - A miss reads the epoch BEFORE it reads the store, and the entry is tagged with that epoch.
//   - A change to keys or users advances the epoch inside its transaction, and the call executor
//     advances it again after every committed mutating call, before the response is sent.
// Why that is enough: take a reader R that tags its entry with epoch e and a change C.
//   - If R read e after C's post-commit advance, C committed before R's store read began, so R's
//     snapshot includes C (the advance is a seq_cst read-modify-write after the commit).
//   - Otherwise C's post-commit advance comes after R's epoch read, so once it happens e is stale and
//     R's entry is never served again, whatever snapshot R saw.
// So an entry made before C stops being served no later than C's response; no client that has seen
// C succeed can authenticate with what C removed. The in-transaction advance narrows the window in
// which stale entries can be served at all: an entry tagged before it is dead from that moment, so
// between C's commit and its post-commit advance only readers that read the epoch in C's last
// instants before commit can hold stale entries (Insert does not even keep dead entries).
// Unknown keys are not cached (nothing to invalidate, and an attacker could fill the cache).
//
// The same epoch scheme also remembers which principals (by unique id: AIDA..., AROA...) were seen
// to exist, so a session (whose token is self-contained) is checked against the store once per
// epoch rather than once per request: deleting a user or role is a committed mutation, which
// advances the epoch and forgets every principal seen before.
// Thread-safety: all methods may be called concurrently (one internal mutex, never held while the
// store is read or a secret unsealed).
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "core/credential_epoch.h"
#include "server/access_keys.h"

namespace bulwark::server {

// An access key as the authenticator needs it. Immutable once built; shared by the cache and the
// requests using it.
struct ResolvedAccessKey {
  ResolvedAccessKey(AccessKeyRecord record, std::string secret_access_key);
  ~ResolvedAccessKey();
  ResolvedAccessKey(const ResolvedAccessKey&) = delete;
  ResolvedAccessKey& operator=(const ResolvedAccessKey&) = delete;

  AccessKeyRecord record;          // secret_sealed is dropped: the plaintext below replaces it.
  std::string secret_access_key;  // Cleansed on destruction.
};

class AccessKeyCache {
 public:
  // capacity 0 disables caching (every lookup misses).
  AccessKeyCache(std::size_t capacity, std::shared_ptr<const core::CredentialEpoch> epoch);
  AccessKeyCache(const AccessKeyCache&) = delete;
  AccessKeyCache& operator=(const AccessKeyCache&) = delete;

  // The epoch a miss must read before it reads the store, and then pass to Insert.
  uint64_t CurrentEpoch() const { return epoch_->Current(); }

  // The cached key if it was resolved in the current epoch; nullptr otherwise (a stale entry is
  // dropped on the way).
  std::shared_ptr<const ResolvedAccessKey> Find(std::string_view access_key_id);

  // Caches `key` as resolved from a store read that began after `epoch_before_read` was read. Does
  // nothing when that epoch is no longer current (the read may predate a change). Evicts the least
  // recently used entry beyond capacity.
  void Insert(std::shared_ptr<const ResolvedAccessKey> key, uint64_t epoch_before_read);

  std::size_t size() const;

  // True when `principal_id` was seen to exist (by a read that began in the current epoch).
  bool IsLivePrincipal(std::string_view principal_id);
  // Remembers that `principal_id` exists, per a store read begun after `epoch_before_read` was read;
  // nothing when that epoch is no longer current. Bounded by the capacity (then forgets them all).
  void InsertLivePrincipal(std::string principal_id, uint64_t epoch_before_read);

 private:
  struct Entry {
    std::shared_ptr<const ResolvedAccessKey> key;
    uint64_t epoch = 0;
  };
  using Lru = std::list<Entry>;  // Most recently used first.

  void EraseLocked(Lru::iterator it);

  const std::size_t capacity_;
  const std::shared_ptr<const core::CredentialEpoch> epoch_;
  mutable std::mutex mutex_;
  Lru entries_;
  // Views into each entry's record.access_key_id, which lives as long as the entry.
  std::unordered_map<std::string_view, Lru::iterator> index_;
  uint64_t live_epoch_ = 0;
  std::unordered_set<std::string> live_principals_;  // Valid only while live_epoch_ is current.
};

}  // namespace bulwark::server
