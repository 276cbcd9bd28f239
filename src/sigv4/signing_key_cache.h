// A bounded, thread-safe cache of SigV4 signing keys, keyed by access key id + scope (date, region,
// service): deriving a key costs four HMACs, and a client signs many requests with one scope.
//
// Each entry also holds a SHA-256 fingerprint of the secret it was derived from, compared in
// constant time on every hit, so a key looked up with a different secret (rotated, or simply wrong)
// is derived afresh instead of served stale. Eviction is least-recently-used.
// Thread-safety: all methods are safe to call concurrently (one internal mutex, never held while
// deriving a key).
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "crypto/digest.h"
#include "sigv4/credential_scope.h"

namespace bulwark::sigv4 {

class SigningKeyCache {
 public:
  // capacity 0 disables caching (every call derives).
  explicit SigningKeyCache(std::size_t capacity);

  SigningKeyCache(const SigningKeyCache&) = delete;
  SigningKeyCache& operator=(const SigningKeyCache&) = delete;

  crypto::Sha256Digest GetOrDerive(std::string_view access_key_id, std::string_view secret_access_key,
                                   const CredentialScope& scope);

  std::size_t size() const;
  uint64_t hits() const;
  uint64_t misses() const;

 private:
  struct Entry {
    std::string key;
    crypto::Sha256Digest secret_fingerprint;
    crypto::Sha256Digest signing_key;
  };

  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::list<Entry> entries_;                                                // Most recently used first.
  std::unordered_map<std::string_view, std::list<Entry>::iterator> index_;  // Views into Entry::key.
  uint64_t hits_ = 0;
  uint64_t misses_ = 0;
};

}  // namespace bulwark::sigv4
