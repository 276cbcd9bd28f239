#include "kms/ciphertext.h"

#include "crypto/aead.h"

namespace bulwark::kms {

namespace {

constexpr char kFormatVersion = 0x01;

void PutU32(std::string& out, uint32_t v) {
  out.push_back(static_cast<char>(v >> 24));
  out.push_back(static_cast<char>(v >> 16));
  out.push_back(static_cast<char>(v >> 8));
  out.push_back(static_cast<char>(v));
}

core::Error Invalid() { return core::Error{"InvalidCiphertextException", ""}; }

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::string HeaderBytes(const CiphertextHeader& h) {
  std::string out;
  out.reserve(kCiphertextHeaderBytes);
  out.push_back(kFormatVersion);
  out += h.account_id;
  out += h.key_id;
  PutU32(out, h.material_version);
  return out;
}

}  // namespace

std::string CanonicalEncryptionContext(const EncryptionContext& context) {
  std::string out;
  for (const auto& [k, v] : context) {  // std::map: sorted by key (bytewise).
    PutU32(out, static_cast<uint32_t>(k.size()));
    out += k;
    PutU32(out, static_cast<uint32_t>(v.size()));
    out += v;
  }
  return out;
}

core::Result<CiphertextHeader> ParseCiphertextHeader(std::string_view blob) {
  if (blob.size() < kCiphertextOverheadBytes || blob[0] != kFormatVersion) return Invalid();
  CiphertextHeader h;
  h.account_id = std::string(blob.substr(1, 12));
  h.key_id = std::string(blob.substr(13, 36));
  const auto* p = reinterpret_cast<const unsigned char*>(blob.data() + 49);
  h.material_version = (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
  if (!AllDigits(h.account_id) || h.material_version == 0) return Invalid();
  for (char c : h.key_id) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == '-')) return Invalid();
  }
  return h;
}

core::Result<std::string> EncryptSymmetric(const CiphertextHeader& header, std::string_view material,
                                           std::string_view plaintext, const EncryptionContext& context) {
  std::string out = HeaderBytes(header);
  if (out.size() != kCiphertextHeaderBytes) return core::Error{"KMSInternalException", "kms: malformed key identity"};
  auto sealed = crypto::Seal(material, plaintext, out + CanonicalEncryptionContext(context));
  if (!sealed.ok()) return core::Error{"KMSInternalException", "kms: encryption failed"};
  out += *sealed;
  return out;
}

core::Result<std::string> DecryptSymmetric(std::string_view blob, std::string_view material,
                                           const EncryptionContext& context) {
  if (blob.size() < kCiphertextOverheadBytes) return Invalid();
  const std::string aad = std::string(blob.substr(0, kCiphertextHeaderBytes)) + CanonicalEncryptionContext(context);
  auto opened = crypto::Open(material, blob.substr(kCiphertextHeaderBytes), aad);
  if (!opened.ok()) return Invalid();
  return opened;
}

}  // namespace bulwark::kms
