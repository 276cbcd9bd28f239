// UTF-8 validity as RFC 3629 defines it: no overlong forms, no surrogates (U+D800..U+DFFF), nothing
// above U+10FFFF. Every text that reaches a record, a response or the store passes through it.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace bulwark::core {

bool IsValidUtf8(std::string_view bytes);

// The number of code points in valid UTF-8 (AWS's length constraints count characters, not bytes).
std::size_t Utf8Length(std::string_view valid_utf8);

// A copy with every invalid sequence replaced by U+FFFD, for text the server does not control but
// must still show (headers such as User-Agent in a record).
std::string SanitizeUtf8(std::string_view bytes);

}  // namespace bulwark::core
