// Glob matching with AWS's wildcards: `*` matches any run of characters (including none and
// including `/` and `:`), `?` matches exactly one character. There is no escape character.
// Used for actions (case-insensitive), resources and StringLike values (case-sensitive).
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace bulwark::core {

inline constexpr char kLiteralStar = '\x01';
inline constexpr char kLiteralQuestion = '\x02';

enum class CaseSensitivity { kSensitive, kInsensitive };

// No backtracking: each segment between stars is matched once, at its leftmost place, so the cost
// is O(text + pattern) for segments without '?' (short ones tried in place, long ones with
// Knuth-Morris-Pratt) and O(text * segment / 64) for long segments with '?' (bit-parallel). Policy
// text is attacker-chosen (SimulateCustomPolicy takes 128 KiB policies and ARNs of any length), so no
// input may take more.
bool WildcardMatch(std::string_view pattern, std::string_view text,
                   CaseSensitivity sensitivity = CaseSensitivity::kSensitive);

// The first occurrence of `needle` (plain bytes, no wildcards) in `text` at or after `from`, or npos;
// linear in the worst case (std::string_view::find is O(text * needle) on "aaa...ab"-like needles).
std::size_t FindLiteral(std::string_view text, std::string_view needle, std::size_t from = 0);

bool HasWildcard(std::string_view pattern);

// A pattern compiled for repeated matching: most policy patterns are a literal, "*", or a literal
// prefix followed by one trailing "*", which compare far faster than the general matcher.
// Case-sensitive (callers lower-case both sides where AWS ignores case).
class Glob {
 public:
  Glob() = default;
  explicit Glob(std::string pattern);

  bool Matches(std::string_view text) const {
    switch (kind_) {
      case Kind::kAny: return true;
      case Kind::kExact: return text.size() == literal_.size() && SameBytes(text.data(), literal_.data(), text.size());
      case Kind::kPrefix: return text.size() >= literal_.size() && SameBytes(text.data(), literal_.data(), literal_.size());
      case Kind::kGeneral: return WildcardMatch(pattern_, text);
    }
    return false;
  }
  const std::string& pattern() const { return pattern_; }
  bool matches_everything() const { return kind_ == Kind::kAny; }

 private:
  enum class Kind { kAny, kExact, kPrefix, kGeneral };
  // Policy strings are short: an inline loop beats a call to memcmp.
  static bool SameBytes(const char* a, const char* b, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      if (a[i] != b[i]) return false;
    }
    return true;
  }
  Kind kind_ = Kind::kExact;
  std::string pattern_;
  std::string literal_;  // kExact: the text (markers unescaped); kPrefix: the part before '*'.
};

}  // namespace bulwark::core
