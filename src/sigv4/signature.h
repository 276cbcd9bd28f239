// Stage 3 of SigV4: the signing key (four chained HMACs over the scope) and the signature.
// Derivation is the costly part; verifier.h caches keys (signing_key_cache.h).
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "crypto/digest.h"

namespace bulwark::sigv4 {

// HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request").
crypto::Sha256Digest DeriveSigningKey(std::string_view secret_access_key, std::string_view date,
                                      std::string_view region, std::string_view service);

// Lower-case hex HMAC-SHA256(signing_key, string_to_sign).
std::string Signature(const crypto::Sha256Digest& signing_key, std::string_view string_to_sign);

}  // namespace bulwark::sigv4
