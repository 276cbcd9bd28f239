#include "core/wildcard.h"

namespace bulwark::core {

namespace {

// Literal markers stand for the character they escape.
inline char Unmark(char c) {
  if (c == kLiteralStar) return '*';
  if (c == kLiteralQuestion) return '?';
  return c;
}

inline char Fold(char c, CaseSensitivity s) {
  if (s == CaseSensitivity::kInsensitive && c >= 'A' && c <= 'Z') return static_cast<char>(c - 'A' + 'a');
  return c;
}

}  // namespace

bool WildcardMatch(std::string_view pattern, std::string_view text, CaseSensitivity sensitivity) {
  std::size_t p = 0;
  std::size_t t = 0;
  std::size_t star = std::string_view::npos;  // Position of the last '*' seen in the pattern.
  std::size_t star_text = 0;                  // Text position that '*' is currently absorbing up to.
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      star_text = t;
    } else if (p < pattern.size() &&
               (pattern[p] == '?' || Fold(Unmark(pattern[p]), sensitivity) == Fold(text[t], sensitivity))) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++star_text;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool HasWildcard(std::string_view pattern) {
  return pattern.find_first_of("*?") != std::string_view::npos;
}

}  // namespace bulwark::core
