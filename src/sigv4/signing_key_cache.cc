#include "sigv4/signing_key_cache.h"

#include "crypto/constant_time.h"
#include "sigv4/signature.h"

namespace bulwark::sigv4 {

namespace {

// Length-prefixed components, so no choice of bytes in one component can collide with another.
std::string CacheKey(std::string_view access_key_id, const CredentialScope& scope) {
  std::string key;
  for (std::string_view part : {access_key_id, std::string_view(scope.date), std::string_view(scope.region),
                                std::string_view(scope.service)}) {
    key.append(std::to_string(part.size())).append(":").append(part);
  }
  return key;
}

std::string_view AsBytes(const crypto::Sha256Digest& digest) {
  return std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size());
}

}  // namespace

SigningKeyCache::SigningKeyCache(std::size_t capacity) : capacity_(capacity) {}

crypto::Sha256Digest SigningKeyCache::GetOrDerive(std::string_view access_key_id,
                                                  std::string_view secret_access_key,
                                                  const CredentialScope& scope) {
  const crypto::Sha256Digest fingerprint = crypto::Sha256(secret_access_key);
  std::string key = CacheKey(access_key_id, scope);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = index_.find(key);
    if (it != index_.end() &&
        crypto::ConstantTimeEquals(AsBytes(it->second->secret_fingerprint), AsBytes(fingerprint))) {
      entries_.splice(entries_.begin(), entries_, it->second);
      ++hits_;
      return it->second->signing_key;
    }
    ++misses_;
  }

  const crypto::Sha256Digest signing_key =
      DeriveSigningKey(secret_access_key, scope.date, scope.region, scope.service);
  if (capacity_ == 0) return signing_key;

  std::lock_guard<std::mutex> lock(mutex_);
  auto it = index_.find(key);
  if (it != index_.end()) {  // Stale secret, or another thread derived it meanwhile: refresh in place.
    it->second->secret_fingerprint = fingerprint;
    it->second->signing_key = signing_key;
    entries_.splice(entries_.begin(), entries_, it->second);
    return signing_key;
  }
  if (entries_.size() == capacity_) {
    index_.erase(entries_.back().key);
    entries_.pop_back();
  }
  entries_.push_front(Entry{std::move(key), fingerprint, signing_key});
  index_.emplace(entries_.front().key, entries_.begin());
  return signing_key;
}

std::size_t SigningKeyCache::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return entries_.size();
}

uint64_t SigningKeyCache::hits() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return hits_;
}

uint64_t SigningKeyCache::misses() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return misses_;
}

}  // namespace bulwark::sigv4
