// Differential fuzzing of wildcard matching (issue 17): the first input byte picks the case
// sensitivity, the rest is "pattern\0text". core::WildcardMatch must agree with an obviously right
// dynamic-programming matcher, and the compiled policy::Pattern (literal, "*", prefix, stars-only
// and general forms) with core::WildcardMatch. Inputs are capped so the reference stays cheap; the
// matcher's own worst case is covered by unit tests and bench/.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "core/wildcard.h"
#include "policy/pattern.h"

namespace {

using bulwark::core::CaseSensitivity;

char Fold(char c, bool fold) {
  return fold && c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool ReferenceMatch(std::string_view p, std::string_view t, bool fold) {
  std::vector<char> row(t.size() + 1, 0), next(t.size() + 1, 0);
  row[0] = 1;
  for (char pc : p) {
    char literal = pc == bulwark::core::kLiteralStar ? '*' : pc == bulwark::core::kLiteralQuestion ? '?' : pc;
    next[0] = pc == '*' && row[0];
    for (std::size_t j = 1; j <= t.size(); ++j) {
      if (pc == '*') {
        next[j] = row[j] || next[j - 1];
      } else {
        next[j] = row[j - 1] && (pc == '?' || Fold(literal, fold) == Fold(t[j - 1], fold));
      }
    }
    row.swap(next);
  }
  return row[t.size()] != 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size < 1 || size > 4096) return 0;
  const bool fold = (data[0] & 1) != 0;
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  const auto nul = rest.find('\0');
  if (nul == std::string_view::npos) return 0;
  const std::string_view pattern = rest.substr(0, nul);
  const std::string_view text = rest.substr(nul + 1);
  const bool got = bulwark::core::WildcardMatch(
      pattern, text, fold ? CaseSensitivity::kInsensitive : CaseSensitivity::kSensitive);
  if (got != ReferenceMatch(pattern, text, fold)) std::abort();
  if (!fold) {
    std::string arena;
    const auto compiled = bulwark::policy::Pattern::Make(pattern, &arena);
    if (compiled.Matches(arena.data(), text) != got) std::abort();
  }
  return 0;
}
