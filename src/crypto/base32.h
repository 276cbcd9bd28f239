// Base32 (RFC 4648 section 6): the encoding of TOTP seeds, as AWS returns a virtual MFA device's
// Base32StringSeed and authenticator apps read it from an otpauth:// URI. An encoding, not crypto;
// OpenSSL has none, so it is a small table-driven codec here.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace bulwark::crypto {

// TOTP seeds are tens of bytes; nothing legitimate comes near this.
inline constexpr std::size_t kMaxBase32Input = 4096;

// Upper-case alphabet A-Z2-7. `pad` appends '=' to a multiple of 8 characters (RFC 4648); AWS's
// Base32StringSeed is 40 bytes, which needs no padding either way.
std::string Base32Encode(std::string_view bytes, bool pad = true);

// Accepts upper or lower case, with or without the final '=' padding (authenticator apps drop it),
// but no white space or other characters, no padding in the middle, and no non-zero trailing bits
// (so every byte string has exactly one accepted spelling per case). Otherwise, or beyond
// kMaxBase32Input, InvalidParameterValue.
core::Result<std::string> Base32Decode(std::string_view text);

}  // namespace bulwark::crypto
