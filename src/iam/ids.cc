#include "iam/ids.h"

#include "crypto/base64.h"
#include "crypto/random.h"

namespace bulwark::iam {

namespace {

core::Result<std::string> RandomId(std::string_view prefix, std::size_t length) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";  // 32 symbols: no modulo bias.
  auto bytes = crypto::RandomBytes(length);
  if (!bytes.ok()) return bytes.error();
  std::string id(prefix);
  for (unsigned char b : *bytes) id += kAlphabet[b & 31];
  return id;
}

}  // namespace

core::Result<std::string> NewUniqueId(std::string_view prefix) { return RandomId(prefix, 17); }

core::Result<std::string> NewAccessKeyId(std::string_view prefix) { return RandomId(prefix, 16); }

core::Result<std::string> NewSecretAccessKey() {
  auto bytes = crypto::RandomBytes(30);
  if (!bytes.ok()) return bytes.error();
  return crypto::Base64Encode(*bytes);
}

core::Result<std::string> NewAccountId() {
  std::string id;
  while (id.size() < 12) {
    auto bytes = crypto::RandomBytes(16);
    if (!bytes.ok()) return bytes.error();
    for (unsigned char b : *bytes) {
      // Rejection sampling keeps the digits uniform (250 = 25 * 10).
      if (b < 250 && id.size() < 12 && !(id.empty() && b % 10 == 0)) id += static_cast<char>('0' + b % 10);
    }
  }
  return id;
}

}  // namespace bulwark::iam
