#include "crypto/hmac.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <cstdlib>
#include <memory>

namespace bulwark::crypto {
namespace {

struct MacCtxFree {
  void operator()(EVP_MAC_CTX* ctx) const { EVP_MAC_CTX_free(ctx); }
};
using MacCtx = std::unique_ptr<EVP_MAC_CTX, MacCtxFree>;

// OpenSSL 3's one-shot HMAC() fetches the HMAC implementation and the digest from the provider
// registry on every call, which costs more than the MAC of a short message. Instead each thread keeps
// one context per digest, copied once from a template (fetched MAC, digest chosen); EVP_MAC_init with
// a new key resets it, so a call allocates nothing. Contexts never leave their thread.
// Fails only on allocation failure or a broken OpenSSL: a MAC we cannot compute must never be faked.
EVP_MAC_CTX* Template(const char* digest) {
  EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  if (mac == nullptr) std::abort();
  EVP_MAC_CTX* ctx = EVP_MAC_CTX_new(mac);
  EVP_MAC_free(mac);  // The context keeps its own reference.
  if (ctx == nullptr) std::abort();
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char*>(digest), 0),
      OSSL_PARAM_construct_end()};
  if (EVP_MAC_CTX_set_params(ctx, params) != 1) std::abort();
  return ctx;
}

template <typename Digest>
Digest Hmac(EVP_MAC_CTX* ctx, std::string_view key, std::string_view data) {
  Digest out{};
  // OpenSSL rejects a null key pointer even with length 0; any valid address will do.
  static constexpr unsigned char kEmpty = 0;
  const auto* key_data = key.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(key.data());
  std::size_t size = 0;
  if (EVP_MAC_init(ctx, key_data, key.size(), nullptr) != 1 ||
      EVP_MAC_update(ctx, reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1 ||
      EVP_MAC_final(ctx, out.data(), &size, out.size()) != 1 || size != out.size()) {
    std::abort();
  }
  return out;
}

MacCtx ThreadCopy(const EVP_MAC_CTX* prototype) {
  MacCtx ctx(EVP_MAC_CTX_dup(prototype));
  if (ctx == nullptr) std::abort();
  return ctx;
}

}  // namespace

Sha256Digest HmacSha256(std::string_view key, std::string_view data) {
  static const EVP_MAC_CTX* const prototype = Template("SHA256");
  thread_local const MacCtx ctx = ThreadCopy(prototype);
  return Hmac<Sha256Digest>(ctx.get(), key, data);
}

Sha1Digest HmacSha1(std::string_view key, std::string_view data) {
  static const EVP_MAC_CTX* const prototype = Template("SHA1");
  thread_local const MacCtx ctx = ThreadCopy(prototype);
  return Hmac<Sha1Digest>(ctx.get(), key, data);
}

}  // namespace bulwark::crypto
