// Fuzzes the digest file parser: any byte string must parse or fail cleanly, and what parses must
// serialize and parse back to the same digest.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "trail/digest_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto digest = bulwark::trail::ParseDigest(text);
  if (digest.ok()) {
    auto again = bulwark::trail::ParseDigest(bulwark::trail::SerializeDigest(*digest));
    if (!again.ok() || !(*again == *digest)) std::abort();
    (void)bulwark::trail::DigestSigningString(*digest, text);
  }
  return 0;
}
