// Standard base64 (RFC 4648 section 4, with padding) through OpenSSL's EVP block coder.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace bulwark::crypto {

inline constexpr std::size_t kMaxBase64Input = 256 * 1024 * 1024;

std::string Base64Encode(std::string_view bytes);

// Strict: the length must be a multiple of 4, only the base64 alphabet, '=' only as the final one or
// two characters, no white space. Otherwise (or beyond kMaxBase64Input) InvalidParameterValue.
core::Result<std::string> Base64Decode(std::string_view text);

}  // namespace bulwark::crypto
