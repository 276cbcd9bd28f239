// SHA-256 through OpenSSL's EVP interface: one-shot functions and an incremental hasher for data
// that arrives in pieces (request bodies, trail segments).
// Thread-safety: the free functions are pure; a Sha256Hasher is a value owned by one thread at a time.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "crypto/hex.h"  // Callers hex-encode digests with HexEncode.

namespace bulwark::crypto {

inline constexpr std::size_t kSha256Size = 32;
using Sha256Digest = std::array<uint8_t, kSha256Size>;

Sha256Digest Sha256(std::string_view data);
std::string Sha256Hex(std::string_view data);  // Lower-case hex.

// Incremental SHA-256: Update() any number of times, then Finish() once. After Finish() the hasher
// is reset and may be reused for a new message.
class Sha256Hasher {
 public:
  Sha256Hasher();
  ~Sha256Hasher();
  Sha256Hasher(Sha256Hasher&&) noexcept;
  Sha256Hasher& operator=(Sha256Hasher&&) noexcept;
  Sha256Hasher(const Sha256Hasher&) = delete;
  Sha256Hasher& operator=(const Sha256Hasher&) = delete;

  void Update(std::string_view data);
  Sha256Digest Finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace bulwark::crypto
