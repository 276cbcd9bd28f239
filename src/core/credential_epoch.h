// CredentialEpoch: a counter that moves forward whenever access keys, users or anything else the
// authenticator caches may have changed. Caches of resolved credentials (server/access_key_cache.h)
// tag entries with the epoch read before they read the store and serve an entry only while the epoch
// is unchanged, so advancing it invalidates every entry at once without the writer knowing what is
// cached. Writers that change credentials call Advance() inside their transaction; the server's call
// executor advances it again after every committed mutating call (access_key_cache.h explains why
// both are needed).
// Thread-safety: lock-free; any thread may call either method.
#pragma once

#include <atomic>
#include <cstdint>

namespace bulwark::core {

class CredentialEpoch {
 public:
  uint64_t Current() const { return value_.load(std::memory_order_seq_cst); }
  void Advance() { value_.fetch_add(1, std::memory_order_seq_cst); }

 private:
  std::atomic<uint64_t> value_{0};
};

}  // namespace bulwark::core
