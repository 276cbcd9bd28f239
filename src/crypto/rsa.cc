#include "crypto/rsa.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <memory>

#include "crypto/cleanse.h"
#include "crypto/hex.h"

namespace bulwark::crypto {

namespace {

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct PkeyCtxFree {
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};
struct BioFree {
  void operator()(BIO* p) const { BIO_free(p); }
};
struct P8Free {
  void operator()(PKCS8_PRIV_KEY_INFO* p) const { PKCS8_PRIV_KEY_INFO_free(p); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

core::Error Internal(const char* what) { return core::Error{"InternalFailure", std::string("rsa: ") + what}; }
core::Error BadKey(const char* what) { return core::Error{"InvalidParameterValue", std::string("rsa: ") + what}; }

const unsigned char* Bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

core::Result<Pkey> ParsePrivate(std::string_view der) {
  if (der.empty() || der.size() > kMaxRsaKeyDerBytes) return BadKey("private key size out of bounds");
  const unsigned char* p = Bytes(der);
  Pkey key(d2i_AutoPrivateKey(nullptr, &p, static_cast<long>(der.size())));
  if (!key || p != Bytes(der) + der.size()) return BadKey("private key does not parse");
  if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA) return BadKey("private key is not RSA");
  return key;
}

core::Result<Pkey> ParsePublic(std::string_view der) {
  if (der.empty() || der.size() > kMaxRsaKeyDerBytes) return BadKey("public key size out of bounds");
  const unsigned char* p = Bytes(der);
  // d2i_PublicKey with EVP_PKEY_RSA reads PKCS#1 RSAPublicKey; the whole input must be the key.
  Pkey key(d2i_PublicKey(EVP_PKEY_RSA, nullptr, &p, static_cast<long>(der.size())));
  if (!key || p != Bytes(der) + der.size()) return BadKey("public key is not a PKCS#1 RSAPublicKey");
  return key;
}

core::Result<std::string> PublicDer(EVP_PKEY* key) {
  int size = i2d_PublicKey(key, nullptr);
  if (size <= 0) return Internal("cannot encode the public key");
  std::string out(static_cast<std::size_t>(size), '\0');
  auto* p = reinterpret_cast<unsigned char*>(out.data());
  if (i2d_PublicKey(key, &p) != size) return Internal("cannot encode the public key");
  return out;
}

}  // namespace

core::Result<std::string> GenerateRsaPrivateKey(int bits) {
  if (bits < 2048 || bits > 4096) return BadKey("key size must be 2048 to 4096 bits");
  std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) <= 0 || EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), bits) <= 0) {
    return Internal("cannot set up key generation");
  }
  EVP_PKEY* raw = nullptr;
  if (EVP_PKEY_generate(ctx.get(), &raw) <= 0) return Internal("key generation failed");
  Pkey key(raw);
  std::unique_ptr<PKCS8_PRIV_KEY_INFO, P8Free> p8(EVP_PKEY2PKCS8(key.get()));
  if (!p8) return Internal("cannot encode the private key");
  int size = i2d_PKCS8_PRIV_KEY_INFO(p8.get(), nullptr);
  if (size <= 0) return Internal("cannot encode the private key");
  std::string out(static_cast<std::size_t>(size), '\0');
  auto* p = reinterpret_cast<unsigned char*>(out.data());
  if (i2d_PKCS8_PRIV_KEY_INFO(p8.get(), &p) != size) {
    Cleanse(out);
    return Internal("cannot encode the private key");
  }
  return out;
}

core::Result<std::string> RsaPublicKeyOf(std::string_view private_key_der) {
  auto key = ParsePrivate(private_key_der);
  if (!key.ok()) return key.error();
  return PublicDer(key->get());
}

core::Result<std::string> SignSha256WithRsa(std::string_view private_key_der, std::string_view message) {
  auto key = ParsePrivate(private_key_der);
  if (!key.ok()) return key.error();
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> md(EVP_MD_CTX_new());
  // RSA keys default to PKCS#1 v1.5 padding for signatures: SHA256withRSA.
  if (!md || EVP_DigestSignInit(md.get(), nullptr, EVP_sha256(), nullptr, key->get()) <= 0) {
    return Internal("cannot set up signing");
  }
  std::size_t size = 0;
  if (EVP_DigestSign(md.get(), nullptr, &size, Bytes(message), message.size()) <= 0) return Internal("signing failed");
  std::string signature(size, '\0');
  if (EVP_DigestSign(md.get(), reinterpret_cast<unsigned char*>(signature.data()), &size, Bytes(message),
                     message.size()) <= 0) {
    return Internal("signing failed");
  }
  signature.resize(size);
  return signature;
}

core::Result<bool> VerifySha256WithRsa(std::string_view public_key_der, std::string_view message,
                                       std::string_view signature) {
  auto key = ParsePublic(public_key_der);
  if (!key.ok()) return key.error();
  if (signature.empty() || signature.size() > kMaxRsaSignatureBytes) return false;
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> md(EVP_MD_CTX_new());
  if (!md || EVP_DigestVerifyInit(md.get(), nullptr, EVP_sha256(), nullptr, key->get()) <= 0) {
    return Internal("cannot set up verification");
  }
  // 1 is a valid signature; 0 and negative values (malformed signatures) are both "not valid".
  return EVP_DigestVerify(md.get(), Bytes(signature), signature.size(), Bytes(message), message.size()) == 1;
}

core::Result<std::string> RsaPublicKeyPem(std::string_view public_key_der) {
  auto key = ParsePublic(public_key_der);
  if (!key.ok()) return key.error();
  std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), key->get()) != 1) return Internal("cannot write PEM");
  char* data = nullptr;
  long size = BIO_get_mem_data(bio.get(), &data);
  if (size <= 0 || data == nullptr) return Internal("cannot write PEM");
  return std::string(data, static_cast<std::size_t>(size));
}

std::string PublicKeyFingerprint(std::string_view public_key_der) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(public_key_der.data(), public_key_der.size(), out, &size, EVP_md5(), nullptr) != 1) return {};
  return HexEncode(out, size);
}

}  // namespace bulwark::crypto
