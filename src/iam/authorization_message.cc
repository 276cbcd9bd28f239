#include "iam/authorization_message.h"

#include "crypto/aead.h"
#include "crypto/base64.h"
#include "crypto/hmac.h"

namespace bulwark::iam {

namespace {

constexpr std::string_view kBinding = "bulwark authorization message v1";

core::Error Invalid() {
  return core::Error{"InvalidAuthorizationMessageException", "The encoded message is not valid."};
}

}  // namespace

std::string AuthorizationMessageKey(std::string_view master_key) {
  const auto mac = crypto::HmacSha256(master_key, "bulwark authorization message key v1");
  return std::string(reinterpret_cast<const char*>(mac.data()), mac.size());
}

core::Result<std::string> EncodeAuthorizationMessage(std::string_view key, std::string_view decoded_json) {
  auto sealed = crypto::Seal(key, decoded_json, kBinding);
  if (!sealed.ok()) return sealed.error();
  return crypto::Base64Encode(*sealed);
}

core::Result<std::string> DecodeAuthorizationMessage(std::string_view key, std::string_view encoded) {
  if (encoded.size() > 10240) return Invalid();
  auto sealed = crypto::Base64Decode(std::string(encoded));
  if (!sealed.ok()) return Invalid();
  auto plain = crypto::Open(key, *sealed, kBinding);
  if (!plain.ok()) return Invalid();
  return std::move(plain.value());
}

}  // namespace bulwark::iam
