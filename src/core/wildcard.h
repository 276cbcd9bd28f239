// Glob matching with AWS's wildcards: `*` matches any run of characters (including none and
// including `/` and `:`), `?` matches exactly one character. There is no escape character.
// Used for actions (case-insensitive), resources and StringLike values (case-sensitive).
// Thread-safety: pure functions.
#pragma once

#include <string_view>

namespace bulwark::core {

inline constexpr char kLiteralStar = '\x01';
inline constexpr char kLiteralQuestion = '\x02';

enum class CaseSensitivity { kSensitive, kInsensitive };

// Linear-time in practice (greedy with one backtrack point), no recursion.
bool WildcardMatch(std::string_view pattern, std::string_view text,
                   CaseSensitivity sensitivity = CaseSensitivity::kSensitive);

bool HasWildcard(std::string_view pattern);

}  // namespace bulwark::core
