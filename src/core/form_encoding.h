// The one decoder of application/x-www-form-urlencoded text (query strings and query-protocol
// bodies). The SigV4 verifier and the handlers both read parameters through it, so what was signed
// is exactly what runs: '+' is a space and "%2B" a plus in both, a malformed escape is refused
// rather than kept literal, and a name or value that is not UTF-8 once decoded is refused.
// Thread-safety: pure function.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace bulwark::core {

struct FormPair {
  std::string name;   // Decoded.
  std::string value;  // Decoded; "" for "name" and "name=".
};

struct FormLimits {
  std::size_t max_bytes = 1024 * 1024;
  std::size_t max_pairs = 1000;
};

// Splits on '&' (empty pieces skipped) and on the first '=' of each piece, then decodes both halves.
// Errors: "MalformedQueryString" (a '%' not followed by two hex digits, invalid UTF-8),
// "RequestEntityTooLarge" (over `limits`). Pairs keep their order; repeated names are kept (SigV4
// canonicalisation needs them); callers that must see one value per name refuse repeats.
core::Result<std::vector<FormPair>> DecodeForm(std::string_view encoded, const FormLimits& limits);

}  // namespace bulwark::core
