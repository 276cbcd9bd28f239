#include "policy/pattern.h"

namespace bulwark::policy {

Pattern Pattern::Make(std::string_view pattern, std::string* arena) {
  Pattern p;
  const auto first_special = pattern.find_first_of(std::string_view("*?\x01\x02", 4));
  if (!pattern.empty() && pattern.find_first_not_of('*') == std::string_view::npos) {
    p.kind_ = Kind::kAny;
    return p;
  }
  std::string_view stored = pattern;
  if (first_special == std::string_view::npos) {
    p.kind_ = Kind::kExact;
  } else if (first_special == pattern.size() - 1 && pattern.back() == '*') {
    p.kind_ = Kind::kPrefix;
    stored = pattern.substr(0, first_special);
  } else if (pattern.find_first_of(std::string_view("?\x01\x02", 3)) == std::string_view::npos) {
    p.kind_ = Kind::kStars;
  } else {
    p.kind_ = Kind::kGeneral;  // Other wildcards, or literal markers from ${*} / ${?} escapes.
  }
  p.offset_ = static_cast<uint32_t>(arena->size());
  p.size_ = static_cast<uint32_t>(stored.size());
  arena->append(stored);
  return p;
}

// Only '*' wildcards: the text must start with the part before the first star and end with the
// part after the last; the parts between must appear in order, and the leftmost occurrence of
// each is always a right choice, so no text position is examined twice.
bool Pattern::MatchStars(std::string_view pattern, std::string_view text) {
  const auto first = pattern.find('*');
  const auto last = pattern.rfind('*');
  const std::string_view prefix = pattern.substr(0, first);
  const std::string_view suffix = pattern.substr(last + 1);
  if (text.size() < prefix.size() + suffix.size() || !SameBytes(text.data(), prefix.data(), prefix.size()) ||
      !SameBytes(text.data() + text.size() - suffix.size(), suffix.data(), suffix.size())) {
    return false;
  }
  text = text.substr(prefix.size(), text.size() - prefix.size() - suffix.size());
  std::string_view middle = pattern.substr(first + 1, last - first - (last > first ? 1 : 0));
  while (!middle.empty()) {
    const auto star = middle.find('*');
    const std::string_view segment = middle.substr(0, star);
    if (!segment.empty()) {
      const auto at = core::FindLiteral(text, segment);  // Linear even for "aaa...ab" segments.
      if (at == std::string_view::npos) return false;
      text.remove_prefix(at + segment.size());
    }
    middle = star == std::string_view::npos ? std::string_view() : middle.substr(star + 1);
  }
  return true;
}

}  // namespace bulwark::policy
