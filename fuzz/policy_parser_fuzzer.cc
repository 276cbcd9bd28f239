// Fuzzes the policy parser for every policy kind: no input may crash it or make it loop.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "policy/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  using bulwark::policy::PolicyKind;
  const auto kind = static_cast<PolicyKind>(data[0] % 7);
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  (void)bulwark::policy::ParsePolicyText(text, {kind, 6144});
  return 0;
}
