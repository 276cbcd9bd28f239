// AES-256-GCM through OpenSSL EVP: how secrets are encrypted at rest under the master key.
// Sealed form: 12-byte random nonce || ciphertext || 16-byte tag. `associated` binds the ciphertext
// to its context (e.g. the access key id), so a sealed secret cannot be moved to another row.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace bulwark::crypto {

inline constexpr std::size_t kAeadKeyBytes = 32;

// Errors: "InternalFailure" when the key is not 32 bytes or OpenSSL fails.
core::Result<std::string> Seal(std::string_view key, std::string_view plaintext, std::string_view associated);
// Errors: "InternalFailure" for a wrong key, tampered data or wrong associated data.
core::Result<std::string> Open(std::string_view key, std::string_view sealed, std::string_view associated);

}  // namespace bulwark::crypto
