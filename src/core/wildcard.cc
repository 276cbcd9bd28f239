#include "core/wildcard.h"

#include <array>
#include <cstdint>
#include <cstring>
#include <utility>
#include <vector>

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

// Segments (the runs between '*') up to this length are searched by trying each start: at most
// this many comparisons per text position, which is linear and faster than building a table.
constexpr std::size_t kShortSegment = 32;

// Does `segment` (literals, markers and '?', no '*') match `text` at `at`? The caller checked the length.
bool SegmentAt(std::string_view segment, std::string_view text, std::size_t at, CaseSensitivity s) {
  for (std::size_t i = 0; i < segment.size(); ++i) {
    const char p = segment[i];
    if (p != '?' && Fold(Unmark(p), s) != Fold(text[at + i], s)) return false;
  }
  return true;
}

// Knuth-Morris-Pratt over (folded) characters: each text character is compared at most twice, so
// a needle that almost matches everywhere ("aaa...ab" in "aaa...a") costs O(text + needle).
// `folded` is the needle as compared: markers resolved and, when case-insensitive, lower-cased.
std::size_t FindKmp(std::string_view folded, std::string_view text, std::size_t from, CaseSensitivity s) {
  std::vector<uint32_t> border(folded.size(), 0);
  for (std::size_t i = 1, k = 0; i < folded.size(); ++i) {
    while (k > 0 && folded[i] != folded[k]) k = border[k - 1];
    if (folded[i] == folded[k]) ++k;
    border[i] = static_cast<uint32_t>(k);
  }
  for (std::size_t t = from, k = 0; t < text.size(); ++t) {
    const char c = Fold(text[t], s);
    while (k > 0 && c != folded[k]) k = border[k - 1];
    if (c == folded[k] && ++k == folded.size()) return t + 1 - folded.size();
  }
  return std::string_view::npos;
}

// Shift-And (bit-parallel) for segments with '?': bit i of the state is set when the segment's
// first i+1 characters match the text ending here; one shift and AND per text character and
// 64-bit word of the segment, so O(text * segment / 64) with no backtracking.
std::size_t FindShiftAnd(std::string_view segment, std::string_view text, std::size_t from,
                         CaseSensitivity s) {
  const std::size_t k = segment.size();
  const std::size_t words = (k + 63) / 64;
  // Characters of the segment get a row of masks; every other character matches only the '?'s.
  std::array<uint16_t, 256> row{};
  std::size_t rows = 1;  // Row 0: characters absent from the segment.
  for (char p : segment) {
    if (p == '?') continue;
    const auto c = static_cast<unsigned char>(Fold(Unmark(p), s));
    if (row[c] == 0) row[c] = static_cast<uint16_t>(rows++);
  }
  if (s == CaseSensitivity::kInsensitive) {
    for (int c = 'A'; c <= 'Z'; ++c) row[c] = row[c - 'A' + 'a'];
  }
  std::vector<uint64_t> masks(rows * words, 0);
  for (std::size_t i = 0; i < k; ++i) {
    const uint64_t bit = uint64_t{1} << (i % 64);
    if (segment[i] == '?') {
      for (std::size_t r = 0; r < rows; ++r) masks[r * words + i / 64] |= bit;
    } else {
      masks[row[static_cast<unsigned char>(Fold(Unmark(segment[i]), s))] * words + i / 64] |= bit;
    }
  }
  std::vector<uint64_t> state(words, 0);
  const uint64_t last_bit = uint64_t{1} << ((k - 1) % 64);
  for (std::size_t t = from; t < text.size(); ++t) {
    const uint64_t* mask = &masks[row[static_cast<unsigned char>(text[t])] * words];
    uint64_t carry = 1;  // A match may start at every position.
    for (std::size_t w = 0; w < words; ++w) {
      const uint64_t next_carry = state[w] >> 63;
      state[w] = ((state[w] << 1) | carry) & mask[w];
      carry = next_carry;
    }
    if (state[words - 1] & last_bit) return t + 1 - k;
  }
  return std::string_view::npos;
}

// The leftmost position at or after `from` where `segment` matches, or npos.
std::size_t FindSegment(std::string_view segment, std::string_view text, std::size_t from,
                        CaseSensitivity s) {
  const std::size_t k = segment.size();
  if (k == 0) return from;
  if (from > text.size() || text.size() - from < k) return std::string_view::npos;
  if (k <= kShortSegment) {
    for (std::size_t at = from, last = text.size() - k; at <= last; ++at) {
      if (SegmentAt(segment, text, at, s)) return at;
    }
    return std::string_view::npos;
  }
  if (segment.find('?') == std::string_view::npos) {
    std::string folded(segment);
    for (char& c : folded) c = Fold(Unmark(c), s);
    return FindKmp(folded, text, from, s);
  }
  return FindShiftAnd(segment, text, from, s);
}

}  // namespace

// The pattern is segments separated by '*'. Without a star it must match the whole text; otherwise
// the first segment is anchored at the start, the last at the end, and each one between is matched
// at its leftmost place after the previous one. Leftmost is always a right choice because a
// segment has a fixed length ('?' is one character), so it leaves the most text to the rest. No
// position is ever revisited, unlike backtracking matchers, which take O(text * pattern) on inputs
// such as "*aaaa...ab" against "aaaa...a".
bool WildcardMatch(std::string_view pattern, std::string_view text, CaseSensitivity sensitivity) {
  const std::size_t first_star = pattern.find('*');
  if (first_star == std::string_view::npos) {
    return pattern.size() == text.size() && SegmentAt(pattern, text, 0, sensitivity);
  }
  const std::size_t last_star = pattern.rfind('*');
  const std::string_view head = pattern.substr(0, first_star);
  const std::string_view tail = pattern.substr(last_star + 1);
  if (text.size() < head.size() + tail.size() || !SegmentAt(head, text, 0, sensitivity) ||
      !SegmentAt(tail, text, text.size() - tail.size(), sensitivity)) {
    return false;
  }
  const std::string_view window = text.substr(0, text.size() - tail.size());
  std::size_t at = head.size();
  std::size_t p = first_star + 1;
  while (p < last_star) {
    const std::size_t star = pattern.find('*', p);
    const std::string_view segment = pattern.substr(p, star - p);
    p = star + 1;
    if (segment.empty()) continue;
    const std::size_t found = FindSegment(segment, window, at, sensitivity);
    if (found == std::string_view::npos) return false;
    at = found + segment.size();
  }
  return true;
}

std::size_t FindLiteral(std::string_view text, std::string_view needle, std::size_t from) {
  if (needle.size() <= kShortSegment) return text.find(needle, from);  // At most 32 compares per position.
  if (from > text.size() || text.size() - from < needle.size()) return std::string_view::npos;
  return FindKmp(needle, text, from, CaseSensitivity::kSensitive);
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
