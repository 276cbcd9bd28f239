// Fuzzes parsing plus validation for every policy kind: no input may crash the validator, make it
// loop, or make it report a finding without a code or outside the input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "policy/parser.h"
#include "policy/validator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  using bulwark::policy::PolicyKind;
  bulwark::policy::ValidateOptions options;
  options.kind = static_cast<PolicyKind>(data[0] % 7);
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  const bulwark::policy::Findings findings = bulwark::policy::ValidatePolicyText(text, options);
  for (const auto& f : findings) {
    if (f.code.empty() || f.location.offset > text.size()) std::abort();
  }
  return 0;
}
