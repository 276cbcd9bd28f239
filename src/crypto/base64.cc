#include "crypto/base64.h"

#include <openssl/evp.h>

#include <cstdlib>

namespace bulwark::crypto {

namespace {

bool IsBase64Char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

core::Error Invalid(std::string message) {
  return core::Error{"InvalidParameterValue", std::move(message)};
}

}  // namespace

std::string Base64Encode(std::string_view bytes) {
  if (bytes.size() > kMaxBase64Input) std::abort();         // Callers bound their inputs far below this.
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');  // EVP_EncodeBlock writes a NUL.
  const int written =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                      reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(written));
  return out;
}

core::Result<std::string> Base64Decode(std::string_view text) {
  if (text.size() > kMaxBase64Input) return Invalid("Base64 input is too long.");
  if (text.size() % 4 != 0) return Invalid("Base64 input length is not a multiple of 4.");
  std::size_t padding = 0;
  if (!text.empty() && text.back() == '=') ++padding;
  if (text.size() >= 2 && text[text.size() - 2] == '=') ++padding;
  for (std::size_t i = 0; i < text.size() - padding; ++i) {
    if (!IsBase64Char(text[i])) return Invalid("Base64 input has a character outside the alphabet.");
  }
  if (text.empty()) return std::string();
  std::string out(text.size() / 4 * 3, '\0');
  // EVP_DecodeBlock decodes whole quanta and counts padding as zero bytes; the checks above already
  // rejected what it would otherwise tolerate (surrounding white space).
  const int written =
      EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                      reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (written < 0 || static_cast<std::size_t>(written) != out.size())
    return Invalid("Base64 input is malformed.");
  out.resize(out.size() - padding);
  return out;
}

}  // namespace bulwark::crypto
