// Fuzzes the located JSON reader: any byte string must parse or fail cleanly.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/json_tree.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto result = bulwark::core::ParseJson(text);
  if (result.ok()) (void)bulwark::core::ToJson(*result);
  return 0;
}
