// HMAC-SHA256 and HMAC-SHA1 (RFC 2104) through OpenSSL. HMAC-SHA1 exists only because TOTP (RFC 6238)
// authenticator apps, and so AWS virtual MFA devices, use it; everything else uses SHA-256.
// Thread-safety: pure function.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "crypto/digest.h"

namespace bulwark::crypto {

// Any key length is accepted (keys longer than the block size are hashed, as RFC 2104 says).
Sha256Digest HmacSha256(std::string_view key, std::string_view data);

inline constexpr std::size_t kSha1Size = 20;
using Sha1Digest = std::array<uint8_t, kSha1Size>;

// HMAC-SHA1 for HOTP/TOTP only (RFC 4226 section 5.2). Same key rules as HmacSha256.
Sha1Digest HmacSha1(std::string_view key, std::string_view data);

}  // namespace bulwark::crypto
