// A wildcard pattern (`*`, `?`, and the literal markers of core/wildcard.h) kept as a 12-byte
// reference into its policy's text arena, classified once so most comparisons are a length check
// and a short byte loop: policy patterns are mostly a literal, "*", or a literal prefix with one
// trailing "*". Compact patterns keep a compiled policy's hot data in a few cache lines.
// Thread-safety: immutable after construction.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "core/wildcard.h"

namespace bulwark::policy {

// Plain text kept in a policy's arena.
struct TextRef {
  uint32_t offset = 0;
  uint32_t size = 0;

  static TextRef Make(std::string_view text, std::string* arena) {
    TextRef t{static_cast<uint32_t>(arena->size()), static_cast<uint32_t>(text.size())};
    arena->append(text);
    return t;
  }
  std::string_view View(const char* arena) const { return std::string_view(arena + offset, size); }
};

class Pattern {
 public:
  Pattern() = default;
  // Appends `pattern` to `arena` and classifies it.
  static Pattern Make(std::string_view pattern, std::string* arena);

  bool Matches(const char* arena, std::string_view text) const {
    switch (kind_) {
      case Kind::kAny: return true;
      case Kind::kExact: return text.size() == size_ && SameBytes(text.data(), arena + offset_, size_);
      case Kind::kPrefix: return text.size() >= size_ && SameBytes(text.data(), arena + offset_, size_);
      case Kind::kStars: return MatchStars(std::string_view(arena + offset_, size_), text);
      case Kind::kGeneral: return core::WildcardMatch(std::string_view(arena + offset_, size_), text);
    }
    return false;
  }
  // The pattern as written (kPrefix: without its trailing '*').
  std::string_view Text(const char* arena) const { return std::string_view(arena + offset_, size_); }
  bool matches_everything() const { return kind_ == Kind::kAny; }
  bool is_literal() const { return kind_ == Kind::kExact; }

 private:
  // kStars: '*' is the only wildcard (and no literal markers); kGeneral: anything else.
  enum class Kind : uint8_t { kAny, kExact, kPrefix, kStars, kGeneral };
  static bool MatchStars(std::string_view pattern, std::string_view text);

 public:
  // Byte equality, eight bytes at a time (short strings; no call into the C library).
  static bool SameBytes(const char* a, const char* b, std::size_t n) {
    while (n >= 8) {
      uint64_t x, y;
      std::memcpy(&x, a, 8);
      std::memcpy(&y, b, 8);
      if (x != y) return false;
      a += 8;
      b += 8;
      n -= 8;
    }
    for (std::size_t i = 0; i < n; ++i) {
      if (a[i] != b[i]) return false;
    }
    return true;
  }

 private:
  uint32_t offset_ = 0;
  uint32_t size_ = 0;  // Bytes stored in the arena.
  Kind kind_ = Kind::kExact;
};

}  // namespace bulwark::policy
