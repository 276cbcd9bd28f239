#include "sigv4/string_to_sign.h"

#include "crypto/digest.h"

namespace bulwark::sigv4 {

std::string StringToSign(std::string_view amz_date, const CredentialScope& scope,
                         std::string_view canonical_request) {
  std::string out;
  out.append(kAlgorithm).append("\n");
  out.append(amz_date).append("\n");
  out.append(scope.ToString()).append("\n");
  out.append(crypto::Sha256Hex(canonical_request));
  return out;
}

}  // namespace bulwark::sigv4
