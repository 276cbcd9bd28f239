// Comparison of secrets (signatures, MACs, tokens) whose timing does not depend on where the inputs
// differ (OpenSSL CRYPTO_memcmp).
// Thread-safety: pure function.
#pragma once

#include <string_view>

namespace bulwark::crypto {

// True when equal. Only the lengths are compared in variable time: a length is never secret here
// (signatures and MACs have fixed, public lengths).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace bulwark::crypto
