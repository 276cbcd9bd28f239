// The cryptography of KMS keys, through OpenSSL 3's EVP interface only: generating key material for
// each KeySpec, and the operations AWS KMS performs with it (RSAES-OAEP, RSASSA-PSS / PKCS#1 v1.5,
// ECDSA, HMAC). Symmetric encryption is in ciphertext.h. Nothing here touches the store.
//
// Material forms (bytes in std::string):
//   SYMMETRIC_DEFAULT  32 random bytes (AES-256 key);
//   HMAC_<n>           n/8 random bytes;
//   RSA_*, ECC_*       PKCS#8 PrivateKeyInfo DER.
// Public keys are DER SubjectPublicKeyInfo (what GetPublicKey returns).
// Errors carry KMS's codes (ValidationException, InvalidKeyUsageException, KMSInternalException).
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace bulwark::kms {

enum class KeyUsage { kEncryptDecrypt, kSignVerify, kGenerateVerifyMac };
const char* KeyUsageName(KeyUsage u);

// What a KeySpec is and allows ("Key spec reference" in the KMS developer guide).
struct KeySpecInfo {
  std::string_view name;                         // "RSA_2048"
  bool symmetric = false;                        // SYMMETRIC_DEFAULT
  bool hmac = false;
  int rsa_bits = 0;                              // RSA_*
  std::string_view ec_group;                     // OpenSSL group name for ECC_*
  std::vector<KeyUsage> usages;                  // Valid KeyUsage values (first is the default)
  std::vector<std::string_view> encryption_algorithms;
  std::vector<std::string_view> signing_algorithms;
  std::vector<std::string_view> mac_algorithms;
};
// nullptr for a spec this server does not offer.
const KeySpecInfo* FindKeySpec(std::string_view name);

// New material for `spec` (see the forms above). Errors: KMSInternalException.
core::Result<std::string> GenerateMaterial(const KeySpecInfo& spec);

// DER SubjectPublicKeyInfo of a PKCS#8 private key. Errors: KMSInternalException.
core::Result<std::string> PublicKeyDer(std::string_view private_key_der);

// A fresh key pair for GenerateDataKeyPair: PKCS#8 private and SPKI public, DER.
struct KeyPair {
  std::string private_key;
  std::string public_key;
};
core::Result<KeyPair> GenerateKeyPair(const KeySpecInfo& spec);

// Largest plaintext RSAES-OAEP takes for the key size and algorithm (RSAES_OAEP_SHA_1/_256).
std::size_t MaxRsaPlaintext(int rsa_bits, std::string_view algorithm);

// RSAES-OAEP with MGF1 over the same hash. Errors: ValidationException (plaintext too long),
// InvalidCiphertextException (decryption fails), KMSInternalException.
core::Result<std::string> RsaOaepEncrypt(std::string_view private_key_der, std::string_view algorithm,
                                         std::string_view plaintext);
core::Result<std::string> RsaOaepDecrypt(std::string_view private_key_der, std::string_view algorithm,
                                         std::string_view ciphertext);

// The digest length of a signing algorithm's hash (RSASSA_PSS_SHA_256 -> 32).
std::size_t SigningDigestBytes(std::string_view algorithm);

// Signs `message` (RAW: hashed here) or a precomputed digest (DIGEST: exactly SigningDigestBytes
// long). RSASSA-PSS uses a salt as long as the digest, as AWS KMS does. ECDSA signatures are DER.
core::Result<std::string> Sign(std::string_view private_key_der, std::string_view algorithm, std::string_view message,
                               bool is_digest);
// True when `signature` verifies; a wrong signature is false, not an error.
core::Result<bool> Verify(std::string_view private_key_der, std::string_view algorithm, std::string_view message,
                          bool is_digest, std::string_view signature);

// HMAC_SHA_224/256/384/512 of `message`.
core::Result<std::string> Mac(std::string_view key, std::string_view algorithm, std::string_view message);

}  // namespace bulwark::kms
