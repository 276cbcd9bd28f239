// Fuzzes the offline verifier's side files: the public key list (ListPublicKeys shape) and the chain
// files of an export. Any input must parse or fail cleanly.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "trail/public_key_list.h"
#include "trail/trail_export.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto keys = bulwark::trail::ParsePublicKeyList(text);
  if (keys.ok()) (void)bulwark::trail::SerializePublicKeyList(*keys);
  (void)bulwark::trail::ParseChainFile(text, 1000);
  return 0;
}
