// The ciphertext blob of a symmetric KMS key (docs/kms_format.md) and the encryption context bound
// to it. A blob names its key (account and key id) and the version of the key material, so Decrypt
// needs no KeyId and old ciphertext keeps decrypting after rotation:
//
//   0      1 byte    format version, 0x01
//   1      12 bytes  owning account id (ASCII digits)
//   13     36 bytes  key id (ASCII UUID)
//   49     4 bytes   material version (big-endian, >= 1)
//   53     12 bytes  AES-GCM nonce
//   65     n bytes   AES-256-GCM ciphertext of the plaintext
//   65+n   16 bytes  GCM tag
//
// The additional authenticated data is the 53-byte header followed by the canonical encryption
// context, so any changed byte, another key or another context fails authentication.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "core/result.h"

namespace bulwark::kms {

inline constexpr std::size_t kCiphertextHeaderBytes = 53;
inline constexpr std::size_t kCiphertextOverheadBytes = kCiphertextHeaderBytes + 12 + 16;

using EncryptionContext = std::map<std::string, std::string>;

// The context as bytes: pairs sorted by key, each as u32 length + key, u32 length + value
// (big-endian). Equal maps give equal bytes whatever order the caller sent.
std::string CanonicalEncryptionContext(const EncryptionContext& context);

struct CiphertextHeader {
  std::string account_id;
  std::string key_id;
  uint32_t material_version = 0;
};

// Reads the header of a blob. Errors: InvalidCiphertextException for anything that is not one of ours.
core::Result<CiphertextHeader> ParseCiphertextHeader(std::string_view blob);

// AES-256-GCM under `material` (32 bytes). Errors: KMSInternalException.
core::Result<std::string> EncryptSymmetric(const CiphertextHeader& header, std::string_view material,
                                           std::string_view plaintext, const EncryptionContext& context);
// Errors: InvalidCiphertextException when the blob, key or context does not authenticate.
core::Result<std::string> DecryptSymmetric(std::string_view blob, std::string_view material,
                                           const EncryptionContext& context);

}  // namespace bulwark::kms
