#include "sigv4/signature.h"

#include "crypto/cleanse.h"
#include "crypto/hex.h"
#include "crypto/hmac.h"
#include "sigv4/credential_scope.h"

namespace bulwark::sigv4 {

namespace {

std::string_view AsBytes(const crypto::Sha256Digest& digest) {
  return std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size());
}

}  // namespace

crypto::Sha256Digest DeriveSigningKey(std::string_view secret_access_key, std::string_view date,
                                      std::string_view region, std::string_view service) {
  std::string initial_key = "AWS4";
  initial_key.append(secret_access_key);
  const crypto::Sha256Digest date_key = crypto::HmacSha256(initial_key, date);
  crypto::Cleanse(initial_key);  // No copy of the secret left behind in freed memory.
  const crypto::Sha256Digest region_key = crypto::HmacSha256(AsBytes(date_key), region);
  const crypto::Sha256Digest service_key = crypto::HmacSha256(AsBytes(region_key), service);
  return crypto::HmacSha256(AsBytes(service_key), kScopeTerminator);
}

std::string Signature(const crypto::Sha256Digest& signing_key, std::string_view string_to_sign) {
  const crypto::Sha256Digest mac = crypto::HmacSha256(AsBytes(signing_key), string_to_sign);
  return crypto::HexEncode(mac.data(), mac.size());
}

}  // namespace bulwark::sigv4
