// The trail's signing keys in the store (table trail_keys, component "trail_seal"): RSA-2048 key pairs
// with validity windows, the private half sealed under the master key (AES-256-GCM, associated data
// "bulwark-trail-key:<fingerprint>", so a sealed key cannot be swapped onto another row).
//
// One key is current (not retired). A key is valid from its creation for `validity_seconds` (30 days,
// as AWS's published keys are); sealing after that rotates automatically, and `bulwark trail
// rotate-key` rotates at once: the current key's window is closed at that moment and a new key's
// opens. Digests are signed by the key current when they are written, inside its window.
// Thread-safety: stateless functions over store transactions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/migrations.h"
#include "store/store.h"
#include "trail/trail_verifier.h"

namespace bulwark::trail {

inline constexpr int64_t kDefaultKeyValiditySeconds = 30 * 24 * 3600;

// The "trail_seal" component: trail_keys and trail_digests.
std::vector<store::Migration> SealMigrations();

struct TrailKey {
  TrailPublicKey public_key;
  std::string sealed_private_key;
  bool retired = false;
};

// A freshly generated key pair, sealed and ready to insert (generation takes tens of milliseconds, so
// callers do it outside the store's writer). Errors: InternalFailure.
core::Result<TrailKey> NewTrailKey(const std::string& master_key, int64_t now, int64_t validity_seconds);

// Retires the current key (its window closes at `now`) and inserts `next` as current.
core::Status RotateTrailKey(store::Transaction& txn, const TrailKey& next, int64_t now);

// The current key, if any.
core::Result<std::optional<TrailKey>> CurrentTrailKey(store::ReadView& view);

// Keys whose validity window overlaps [start, end], newest first (cloudtrail:ListPublicKeys).
core::Result<std::vector<TrailPublicKey>> TrailPublicKeysBetween(store::ReadView& view, int64_t start, int64_t end);

// The PKCS#8 private key of `key`. Errors: InternalFailure (wrong master key or tampered row).
core::Result<std::string> UnsealTrailKey(const std::string& master_key, const TrailKey& key);

}  // namespace bulwark::trail
