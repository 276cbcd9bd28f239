// Stage 2 of SigV4: the string to sign, from the request date, the credential scope and the
// canonical request (stage 1, canonical_request.h).
// Thread-safety: pure function.
#pragma once

#include <string>
#include <string_view>

#include "sigv4/credential_scope.h"

namespace bulwark::sigv4 {

inline constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";

// "AWS4-HMAC-SHA256\n<amz_date>\n<scope>\n<hex sha256 of canonical_request>"
std::string StringToSign(std::string_view amz_date, const CredentialScope& scope,
                         std::string_view canonical_request);

}  // namespace bulwark::sigv4
