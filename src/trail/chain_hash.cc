#include "trail/chain_hash.h"

#include "crypto/digest.h"

namespace bulwark::trail {

std::string ChainHash(std::string_view previous, std::string_view record) {
  // Incremental, so the record is not copied to build the concatenation; one hasher per thread, reset
  // by Finish(), because setting up an OpenSSL digest context costs more than hashing a 1 KiB record.
  thread_local crypto::Sha256Hasher hasher;
  hasher.Update(previous);
  hasher.Update("\n");
  hasher.Update(record);
  const crypto::Sha256Digest d = hasher.Finish();
  return crypto::HexEncode(d.data(), d.size());
}

}  // namespace bulwark::trail
