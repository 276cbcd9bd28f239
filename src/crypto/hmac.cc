#include "crypto/hmac.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdlib>

namespace bulwark::crypto {
namespace {

template <typename Digest>
Digest Hmac(const EVP_MD* md, std::string_view key, std::string_view data) {
  Digest out{};
  unsigned int size = 0;
  // OpenSSL rejects a null key pointer even with length 0; any valid address will do.
  static constexpr unsigned char kEmpty = 0;
  const void* key_data = key.empty() ? &kEmpty : static_cast<const void*>(key.data());
  const auto* result = HMAC(md, key_data, static_cast<int>(key.size()),
                            reinterpret_cast<const unsigned char*>(data.data()), data.size(), out.data(), &size);
  // Fails only on allocation failure: a MAC we cannot compute must never be faked.
  if (result == nullptr || size != out.size()) std::abort();
  return out;
}

}  // namespace

Sha256Digest HmacSha256(std::string_view key, std::string_view data) {
  return Hmac<Sha256Digest>(EVP_sha256(), key, data);
}

Sha1Digest HmacSha1(std::string_view key, std::string_view data) {
  return Hmac<Sha1Digest>(EVP_sha1(), key, data);
}

}  // namespace bulwark::crypto
