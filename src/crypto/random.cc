#include "crypto/random.h"

#include <openssl/rand.h>

namespace bulwark::crypto {

core::Status FillRandom(uint8_t* out, std::size_t size) {
  if (size > kMaxRandomBytes) return core::Error{"InternalFailure", "Too many random bytes requested."};
  if (size == 0) return core::Status::Ok();
  if (RAND_bytes(out, static_cast<int>(size)) != 1) {
    return core::Error{"InternalFailure", "The random number generator failed."};
  }
  return core::Status::Ok();
}

core::Result<std::string> RandomBytes(std::size_t size) {
  std::string out(size, '\0');
  core::Status status = FillRandom(reinterpret_cast<uint8_t*>(out.data()), out.size());
  if (!status.ok()) return status.error();
  return out;
}

}  // namespace bulwark::crypto
