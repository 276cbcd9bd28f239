#include "crypto/cleanse.h"

#include <openssl/crypto.h>

namespace bulwark::crypto {

void Cleanse(std::string& secret) {
  if (!secret.empty()) OPENSSL_cleanse(secret.data(), secret.size());
}

}  // namespace bulwark::crypto
