#include "kms/key_material.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <array>
#include <memory>

#include "crypto/random.h"

namespace bulwark::kms {

namespace {

using Pkey = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

core::Error Internal(const char* what) { return core::Error{"KMSInternalException", std::string("kms: ") + what}; }

const unsigned char* Bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

const std::array<KeySpecInfo, 12>& Specs() {
  using U = KeyUsage;
  static const std::array<KeySpecInfo, 12> specs{{
      {"SYMMETRIC_DEFAULT", true, false, 0, "", {U::kEncryptDecrypt}, {"SYMMETRIC_DEFAULT"}, {}, {}},
      {"RSA_2048", false, false, 2048, "", {U::kEncryptDecrypt, U::kSignVerify},
       {"RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"},
       {"RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384", "RSASSA_PSS_SHA_512", "RSASSA_PKCS1_V1_5_SHA_256",
        "RSASSA_PKCS1_V1_5_SHA_384", "RSASSA_PKCS1_V1_5_SHA_512"},
       {}},
      {"RSA_3072", false, false, 3072, "", {U::kEncryptDecrypt, U::kSignVerify},
       {"RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"},
       {"RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384", "RSASSA_PSS_SHA_512", "RSASSA_PKCS1_V1_5_SHA_256",
        "RSASSA_PKCS1_V1_5_SHA_384", "RSASSA_PKCS1_V1_5_SHA_512"},
       {}},
      {"RSA_4096", false, false, 4096, "", {U::kEncryptDecrypt, U::kSignVerify},
       {"RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"},
       {"RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384", "RSASSA_PSS_SHA_512", "RSASSA_PKCS1_V1_5_SHA_256",
        "RSASSA_PKCS1_V1_5_SHA_384", "RSASSA_PKCS1_V1_5_SHA_512"},
       {}},
      {"ECC_NIST_P256", false, false, 0, "P-256", {U::kSignVerify}, {}, {"ECDSA_SHA_256"}, {}},
      {"ECC_NIST_P384", false, false, 0, "P-384", {U::kSignVerify}, {}, {"ECDSA_SHA_384"}, {}},
      {"ECC_NIST_P521", false, false, 0, "P-521", {U::kSignVerify}, {}, {"ECDSA_SHA_512"}, {}},
      {"ECC_SECG_P256K1", false, false, 0, "secp256k1", {U::kSignVerify}, {}, {"ECDSA_SHA_256"}, {}},
      {"HMAC_224", false, true, 0, "", {U::kGenerateVerifyMac}, {}, {}, {"HMAC_SHA_224"}},
      {"HMAC_256", false, true, 0, "", {U::kGenerateVerifyMac}, {}, {}, {"HMAC_SHA_256"}},
      {"HMAC_384", false, true, 0, "", {U::kGenerateVerifyMac}, {}, {}, {"HMAC_SHA_384"}},
      {"HMAC_512", false, true, 0, "", {U::kGenerateVerifyMac}, {}, {}, {"HMAC_SHA_512"}},
  }};
  return specs;
}

// "..._SHA_256" -> "SHA256"; "RSAES_OAEP_SHA_1" -> "SHA1".
const char* DigestOf(std::string_view algorithm) {
  if (algorithm.ends_with("SHA_1")) return "SHA1";
  if (algorithm.ends_with("SHA_224")) return "SHA224";
  if (algorithm.ends_with("SHA_256")) return "SHA256";
  if (algorithm.ends_with("SHA_384")) return "SHA384";
  if (algorithm.ends_with("SHA_512")) return "SHA512";
  return nullptr;
}

core::Result<Pkey> LoadPrivate(std::string_view der) {
  const unsigned char* p = Bytes(der);
  EVP_PKEY* key = d2i_AutoPrivateKey(nullptr, &p, static_cast<long>(der.size()));
  if (key == nullptr) return Internal("stored key does not parse");
  return Pkey(key, EVP_PKEY_free);
}

core::Result<std::string> PrivateDer(EVP_PKEY* key) {
  unsigned char* out = nullptr;
  PKCS8_PRIV_KEY_INFO* info = EVP_PKEY2PKCS8(key);
  if (info == nullptr) return Internal("cannot encode private key");
  const int n = i2d_PKCS8_PRIV_KEY_INFO(info, &out);
  PKCS8_PRIV_KEY_INFO_free(info);
  if (n <= 0) return Internal("cannot encode private key");
  std::string der(reinterpret_cast<char*>(out), static_cast<std::size_t>(n));
  OPENSSL_clear_free(out, static_cast<std::size_t>(n));
  return der;
}

core::Result<std::string> PublicDer(EVP_PKEY* key) {
  unsigned char* out = nullptr;
  const int n = i2d_PUBKEY(key, &out);
  if (n <= 0) return Internal("cannot encode public key");
  std::string der(reinterpret_cast<char*>(out), static_cast<std::size_t>(n));
  OPENSSL_free(out);
  return der;
}

core::Result<Pkey> GenerateAsymmetric(const KeySpecInfo& spec) {
  EVP_PKEY* key = nullptr;
  if (spec.rsa_bits != 0) {
    key = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(spec.rsa_bits));
  } else {
    key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", std::string(spec.ec_group).c_str());
  }
  if (key == nullptr) return Internal("key generation failed");
  return Pkey(key, EVP_PKEY_free);
}

// Configures a sign/verify context for the algorithm's padding (RSA) after DigestSignInit.
bool ConfigurePadding(EVP_PKEY_CTX* pctx, std::string_view algorithm, const EVP_MD* md) {
  if (algorithm.starts_with("RSASSA_PSS_")) {
    return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) > 0 &&
           EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, EVP_MD_get_size(md)) > 0 &&
           EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, md) > 0;
  }
  if (algorithm.starts_with("RSASSA_PKCS1_V1_5_")) return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) > 0;
  return true;  // ECDSA
}

}  // namespace

const char* KeyUsageName(KeyUsage u) {
  switch (u) {
    case KeyUsage::kEncryptDecrypt: return "ENCRYPT_DECRYPT";
    case KeyUsage::kSignVerify: return "SIGN_VERIFY";
    case KeyUsage::kGenerateVerifyMac: return "GENERATE_VERIFY_MAC";
  }
  return "";
}

const KeySpecInfo* FindKeySpec(std::string_view name) {
  for (const auto& s : Specs()) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

core::Result<std::string> GenerateMaterial(const KeySpecInfo& spec) {
  if (spec.symmetric) return crypto::RandomBytes(32);
  if (spec.hmac) {
    const int bits = std::stoi(std::string(spec.name.substr(5)));
    return crypto::RandomBytes(static_cast<std::size_t>(bits / 8));
  }
  auto key = GenerateAsymmetric(spec);
  if (!key.ok()) return key.error();
  return PrivateDer(key->get());
}

core::Result<std::string> PublicKeyDer(std::string_view private_key_der) {
  auto key = LoadPrivate(private_key_der);
  if (!key.ok()) return key.error();
  return PublicDer(key->get());
}

core::Result<KeyPair> GenerateKeyPair(const KeySpecInfo& spec) {
  if (spec.symmetric || spec.hmac) return core::Error{"ValidationException", "KeyPairSpec must be asymmetric"};
  auto key = GenerateAsymmetric(spec);
  if (!key.ok()) return key.error();
  auto priv = PrivateDer(key->get());
  if (!priv.ok()) return priv.error();
  auto pub = PublicDer(key->get());
  if (!pub.ok()) return pub.error();
  return KeyPair{std::move(*priv), std::move(*pub)};
}

std::size_t MaxRsaPlaintext(int rsa_bits, std::string_view algorithm) {
  // OAEP: k - 2*hLen - 2 bytes (RFC 8017 section 7.1.1).
  const std::size_t h = algorithm == "RSAES_OAEP_SHA_1" ? 20 : 32;
  return static_cast<std::size_t>(rsa_bits / 8) - 2 * h - 2;
}

core::Result<std::string> RsaOaepEncrypt(std::string_view private_key_der, std::string_view algorithm,
                                         std::string_view plaintext) {
  auto key = LoadPrivate(private_key_der);
  if (!key.ok()) return key.error();
  const EVP_MD* md = EVP_get_digestbyname(DigestOf(algorithm));
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key->get(), nullptr), EVP_PKEY_CTX_free);
  std::size_t n = 0;
  if (!ctx || md == nullptr || EVP_PKEY_encrypt_init(ctx.get()) <= 0 ||
      EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_OAEP_PADDING) <= 0 ||
      EVP_PKEY_CTX_set_rsa_oaep_md(ctx.get(), md) <= 0 || EVP_PKEY_CTX_set_rsa_mgf1_md(ctx.get(), md) <= 0 ||
      EVP_PKEY_encrypt(ctx.get(), nullptr, &n, Bytes(plaintext), plaintext.size()) <= 0) {
    return Internal("RSA encryption failed");
  }
  std::string out(n, '\0');
  if (EVP_PKEY_encrypt(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &n, Bytes(plaintext),
                       plaintext.size()) <= 0) {
    return Internal("RSA encryption failed");
  }
  out.resize(n);
  return out;
}

core::Result<std::string> RsaOaepDecrypt(std::string_view private_key_der, std::string_view algorithm,
                                         std::string_view ciphertext) {
  auto key = LoadPrivate(private_key_der);
  if (!key.ok()) return key.error();
  const EVP_MD* md = EVP_get_digestbyname(DigestOf(algorithm));
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key->get(), nullptr), EVP_PKEY_CTX_free);
  std::size_t n = 0;
  if (!ctx || md == nullptr || EVP_PKEY_decrypt_init(ctx.get()) <= 0 ||
      EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_OAEP_PADDING) <= 0 ||
      EVP_PKEY_CTX_set_rsa_oaep_md(ctx.get(), md) <= 0 || EVP_PKEY_CTX_set_rsa_mgf1_md(ctx.get(), md) <= 0 ||
      EVP_PKEY_decrypt(ctx.get(), nullptr, &n, Bytes(ciphertext), ciphertext.size()) <= 0) {
    return core::Error{"InvalidCiphertextException", ""};
  }
  std::string out(n, '\0');
  if (EVP_PKEY_decrypt(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &n, Bytes(ciphertext),
                       ciphertext.size()) <= 0) {
    return core::Error{"InvalidCiphertextException", ""};
  }
  out.resize(n);
  return out;
}

std::size_t SigningDigestBytes(std::string_view algorithm) {
  const char* name = DigestOf(algorithm);
  const EVP_MD* md = name == nullptr ? nullptr : EVP_get_digestbyname(name);
  return md == nullptr ? 0 : static_cast<std::size_t>(EVP_MD_get_size(md));
}

core::Result<std::string> Sign(std::string_view private_key_der, std::string_view algorithm, std::string_view message,
                               bool is_digest) {
  auto key = LoadPrivate(private_key_der);
  if (!key.ok()) return key.error();
  const char* md_name = DigestOf(algorithm);
  const EVP_MD* md = md_name == nullptr ? nullptr : EVP_get_digestbyname(md_name);
  if (md == nullptr) return Internal("unknown signing algorithm");
  std::size_t n = 0;
  std::string out;
  if (is_digest) {
    PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key->get(), nullptr), EVP_PKEY_CTX_free);
    if (!ctx || EVP_PKEY_sign_init(ctx.get()) <= 0 || !ConfigurePadding(ctx.get(), algorithm, md) ||
        EVP_PKEY_CTX_set_signature_md(ctx.get(), md) <= 0 ||
        EVP_PKEY_sign(ctx.get(), nullptr, &n, Bytes(message), message.size()) <= 0) {
      return Internal("signing failed");
    }
    out.resize(n);
    if (EVP_PKEY_sign(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &n, Bytes(message), message.size()) <= 0) {
      return Internal("signing failed");
    }
  } else {
    MdCtx ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    EVP_PKEY_CTX* pctx = nullptr;
    if (!ctx || EVP_DigestSignInit(ctx.get(), &pctx, md, nullptr, key->get()) <= 0 ||
        !ConfigurePadding(pctx, algorithm, md) ||
        EVP_DigestSign(ctx.get(), nullptr, &n, Bytes(message), message.size()) <= 0) {
      return Internal("signing failed");
    }
    out.resize(n);
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &n, Bytes(message), message.size()) <= 0) {
      return Internal("signing failed");
    }
  }
  out.resize(n);
  return out;
}

core::Result<bool> Verify(std::string_view private_key_der, std::string_view algorithm, std::string_view message,
                          bool is_digest, std::string_view signature) {
  auto key = LoadPrivate(private_key_der);
  if (!key.ok()) return key.error();
  const char* md_name = DigestOf(algorithm);
  const EVP_MD* md = md_name == nullptr ? nullptr : EVP_get_digestbyname(md_name);
  if (md == nullptr) return Internal("unknown signing algorithm");
  if (is_digest) {
    PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key->get(), nullptr), EVP_PKEY_CTX_free);
    if (!ctx || EVP_PKEY_verify_init(ctx.get()) <= 0 || !ConfigurePadding(ctx.get(), algorithm, md) ||
        EVP_PKEY_CTX_set_signature_md(ctx.get(), md) <= 0) {
      return Internal("verification setup failed");
    }
    return EVP_PKEY_verify(ctx.get(), Bytes(signature), signature.size(), Bytes(message), message.size()) == 1;
  }
  MdCtx ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  EVP_PKEY_CTX* pctx = nullptr;
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), &pctx, md, nullptr, key->get()) <= 0 ||
      !ConfigurePadding(pctx, algorithm, md)) {
    return Internal("verification setup failed");
  }
  return EVP_DigestVerify(ctx.get(), Bytes(signature), signature.size(), Bytes(message), message.size()) == 1;
}

core::Result<std::string> Mac(std::string_view key, std::string_view algorithm, std::string_view message) {
  const char* md = DigestOf(algorithm);
  if (md == nullptr) return Internal("unknown MAC algorithm");
  std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
  std::size_t n = 0;
  if (EVP_Q_mac(nullptr, "HMAC", nullptr, md, nullptr, key.data(), key.size(), Bytes(message), message.size(),
                out.data(), out.size(), &n) == nullptr) {
    return Internal("HMAC failed");
  }
  return std::string(reinterpret_cast<const char*>(out.data()), n);
}

}  // namespace bulwark::kms
