#include "core/wildcard.h"

#include <utility>

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

Glob::Glob(std::string pattern) : pattern_(std::move(pattern)) {
  const auto first_wild = pattern_.find_first_of("*?");
  if (pattern_ == "*" || (!pattern_.empty() && pattern_.find_first_not_of('*') == std::string::npos)) {
    kind_ = Kind::kAny;
  } else if (first_wild == std::string::npos) {
    kind_ = Kind::kExact;
  } else if (first_wild == pattern_.size() - 1 && pattern_.back() == '*') {
    kind_ = Kind::kPrefix;
  } else {
    kind_ = Kind::kGeneral;
    return;
  }
  literal_ = pattern_.substr(0, first_wild == std::string::npos ? pattern_.size() : first_wild);
  for (char& c : literal_) c = Unmark(c);
}

}  // namespace bulwark::core
