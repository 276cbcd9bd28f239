// Lower-case hexadecimal encoding and strict decoding of byte strings.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace bulwark::crypto {

std::string HexEncode(const uint8_t* data, std::size_t size);
std::string HexEncode(std::string_view bytes);

// Accepts upper- or lower-case digits; an odd length or a non-hex character is an
// InvalidParameterValue error.
core::Result<std::string> HexDecode(std::string_view hex);

}  // namespace bulwark::crypto
