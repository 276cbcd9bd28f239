// RSA through OpenSSL 3's EVP interface: key generation, SHA256withRSA (RSASSA-PKCS1-v1_5 over SHA-256)
// signatures, and the public-key forms CloudTrail uses for digest files.
//
// Key forms (all DER bytes held in std::string):
//   private key  PKCS#8 PrivateKeyInfo (what is sealed under the master key at rest);
//   public key   PKCS#1 RSAPublicKey, the "DER encoded public key value in PKCS#1 format" that
//                cloudtrail:ListPublicKeys returns as Value.
// The fingerprint is the lower-case hex MD5 of the PKCS#1 DER bytes: AWS does not document the
// derivation, but it reproduces the Fingerprint of all three keys in the ListPublicKeys sample of
// "Custom implementations of CloudTrail log file integrity validation" (tests/crypto/rsa_test.cc).
// MD5 only names the key here; trust comes from the signature and from pinning the key.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace bulwark::crypto {

inline constexpr int kTrailRsaBits = 2048;
// Bounds on what the parsers below accept.
inline constexpr std::size_t kMaxRsaKeyDerBytes = 16 * 1024;
inline constexpr std::size_t kMaxRsaSignatureBytes = 1024;

// A new RSA private key of `bits` (2048 to 4096), PKCS#8 DER. Errors: InternalFailure.
core::Result<std::string> GenerateRsaPrivateKey(int bits = kTrailRsaBits);

// The PKCS#1 RSAPublicKey DER of a PKCS#8 private key. Errors: InvalidParameterValue for a key that
// does not parse or is not RSA.
core::Result<std::string> RsaPublicKeyOf(std::string_view private_key_der);

// SHA256withRSA signature (PKCS#1 v1.5 padding) of `message`. Errors: InvalidParameterValue (key),
// InternalFailure (OpenSSL).
core::Result<std::string> SignSha256WithRsa(std::string_view private_key_der, std::string_view message);

// True when `signature` is a valid SHA256withRSA signature of `message` under the PKCS#1 public key.
// A wrong signature is `false`, not an error. Errors: InvalidParameterValue when the key does not parse.
core::Result<bool> VerifySha256WithRsa(std::string_view public_key_der, std::string_view message,
                                       std::string_view signature);

// The PKCS#1 public key as a PEM "PUBLIC KEY" (SubjectPublicKeyInfo), the form `openssl dgst -verify`
// reads. Errors: InvalidParameterValue.
core::Result<std::string> RsaPublicKeyPem(std::string_view public_key_der);

// Lower-case hex MD5 of the PKCS#1 DER bytes (see above).
std::string PublicKeyFingerprint(std::string_view public_key_der);

}  // namespace bulwark::crypto
