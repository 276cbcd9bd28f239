// HMAC-SHA256 (RFC 2104) through OpenSSL.
// Thread-safety: pure function.
#pragma once

#include <string_view>

#include "crypto/digest.h"

namespace bulwark::crypto {

// Any key length is accepted (keys longer than the block size are hashed, as RFC 2104 says).
Sha256Digest HmacSha256(std::string_view key, std::string_view data);

}  // namespace bulwark::crypto
