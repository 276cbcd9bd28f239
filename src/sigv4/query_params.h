// Splitting a raw query string into decoded name/value pairs, bounded by Limits.
// Thread-safety: pure function.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "sigv4/limits.h"

namespace bulwark::sigv4 {

struct QueryParam {
  std::string name;   // Percent-decoded.
  std::string value;  // Percent-decoded; "" for "name" and "name=".
};

// Splits on '&' (empty pieces skipped) and on the first '=' of each piece, then decodes both halves
// as core::DecodeForm does ('+' is a space; malformed escapes and invalid UTF-8 are
// MalformedQueryString). RequestEntityTooLarge beyond limits.max_query_bytes or max_query_params.
core::Result<std::vector<QueryParam>> ParseQuery(std::string_view raw_query, const Limits& limits);

}  // namespace bulwark::sigv4
