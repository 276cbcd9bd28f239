// Temporary credentials (STS): everything a session is, sealed into its session token, so any node
// that holds the master key verifies a request signed with ASIA... credentials without a database
// read. The token is AES-256-GCM (crypto/aead.h) under a key derived from the master key, bound to
// the access key id, so it can be neither read, forged, altered nor moved to another key id.
//
// Format: "BWST1." + base64(sealed JSON claims). The claims hold the secret access key (the
// signature proves the caller knows it), the principal, issue and expiry times, MFA facts, source
// identity, session tags and session policies.
// Thread-safety: pure functions (plus the DRBG for the nonce).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/caller.h"
#include "core/result.h"

namespace bulwark::iam {

struct SessionClaims {
  core::Caller caller;             // kind, arn, ids, issuer, times, MFA, tags, session policies
  std::string secret_access_key;   // Of the temporary credentials.
};

// The key tokens are sealed with: HMAC-SHA256(master key, label), a PRF of a uniformly random key.
std::string SessionTokenKey(std::string_view master_key);

core::Result<std::string> SealSessionToken(std::string_view token_key, const SessionClaims& claims);
// Errors: InvalidClientTokenId when the token is malformed, forged or not for `access_key_id`;
// ExpiredToken when `now` is past its expiry.
core::Result<SessionClaims> OpenSessionToken(std::string_view token_key, std::string_view token,
                                             std::string_view access_key_id, int64_t now);

}  // namespace bulwark::iam
