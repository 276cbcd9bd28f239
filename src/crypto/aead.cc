#include "crypto/aead.h"

#include <openssl/evp.h>

#include <memory>

#include "crypto/random.h"

namespace bulwark::crypto {

namespace {

constexpr std::size_t kNonceBytes = 12;
constexpr std::size_t kTagBytes = 16;

using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

core::Error Failure(const char* what) { return core::Error{"InternalFailure", std::string("aead: ") + what}; }

const unsigned char* Bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

// AES-256-GCM fetched once for the process: EVP_aes_256_gcm() makes every init fetch it again from
// the provider (a locked lookup), a cost OpenSSL 3 documents ("crypto(7)", Performance: "explicit
// fetching"). Never freed; nullptr when the provider lacks it, and then every call fails closed.
const EVP_CIPHER* Aes256Gcm() {
  static EVP_CIPHER* const cipher = EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr);
  return cipher;
}

}  // namespace

core::Result<std::string> Seal(std::string_view key, std::string_view plaintext, std::string_view associated) {
  if (key.size() != kAeadKeyBytes) return Failure("key must be 32 bytes");
  auto nonce = RandomBytes(kNonceBytes);
  if (!nonce.ok()) return nonce.error();
  CipherContext ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  std::string out = *nonce;
  out.resize(kNonceBytes + plaintext.size() + kTagBytes);
  auto* dst = reinterpret_cast<unsigned char*>(out.data());
  int len = 0;
  if (!ctx || EVP_EncryptInit_ex(ctx.get(), Aes256Gcm(), nullptr, Bytes(key), Bytes(*nonce)) != 1 ||
      EVP_EncryptUpdate(ctx.get(), nullptr, &len, Bytes(associated), static_cast<int>(associated.size())) != 1 ||
      EVP_EncryptUpdate(ctx.get(), dst + kNonceBytes, &len, Bytes(plaintext), static_cast<int>(plaintext.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), dst + kNonceBytes + len, &len) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes, dst + kNonceBytes + plaintext.size()) != 1) {
    return Failure("encryption failed");
  }
  return out;
}

core::Result<std::string> Open(std::string_view key, std::string_view sealed, std::string_view associated) {
  if (key.size() != kAeadKeyBytes) return Failure("key must be 32 bytes");
  if (sealed.size() < kNonceBytes + kTagBytes) return Failure("sealed data too short");
  const std::size_t n = sealed.size() - kNonceBytes - kTagBytes;
  CipherContext ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  std::string out(n, '\0');
  auto* dst = reinterpret_cast<unsigned char*>(out.data());
  std::string tag(sealed.substr(kNonceBytes + n));
  int len = 0;
  if (!ctx || EVP_DecryptInit_ex(ctx.get(), Aes256Gcm(), nullptr, Bytes(key), Bytes(sealed)) != 1 ||
      EVP_DecryptUpdate(ctx.get(), nullptr, &len, Bytes(associated), static_cast<int>(associated.size())) != 1 ||
      EVP_DecryptUpdate(ctx.get(), dst, &len, Bytes(sealed) + kNonceBytes, static_cast<int>(n)) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, tag.data()) != 1 ||
      EVP_DecryptFinal_ex(ctx.get(), dst + len, &len) != 1) {
    return Failure("authentication failed");
  }
  return out;
}

}  // namespace bulwark::crypto
