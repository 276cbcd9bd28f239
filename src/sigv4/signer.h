// The client side of SigV4: signing a request with an Authorization header, or presigning it with
// query parameters, the way the AWS SDKs do. Used by tests, the e2e harness and tools; the server
// only verifies (verifier.h). Each result carries the intermediate stages so they can be checked
// byte for byte.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.h"
#include "sigv4/canonical_request.h"
#include "sigv4/http_request.h"
#include "sigv4/limits.h"

namespace bulwark::sigv4 {

struct SigningInput {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // Empty for long-term keys.
  std::string region;
  std::string service;
  int64_t time = 0;  // Epoch seconds.
  CanonicalOptions canonical;
  // Header form: add x-amz-content-sha256 (S3 requires it; other services accept it).
  bool add_content_sha256_header = false;
  // Add the session token after signing, unsigned (a few services expect this).
  bool omit_session_token_from_signature = false;
  int64_t expires_seconds = 3600;  // Query form only.
};

struct SigningResult {
  HttpRequest request;  // The signed request, ready to send.
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;
};

// Adds X-Amz-Date (and X-Amz-Security-Token, x-amz-content-sha256 as configured) and the
// Authorization header. Every header present is signed except Authorization, User-Agent,
// X-Amzn-Trace-Id and Expect, which proxies and SDKs rewrite. Fails only beyond `limits`.
core::Result<SigningResult> SignWithAuthorizationHeader(HttpRequest request, const SigningInput& input,
                                                        const Limits& limits = {});

// Appends X-Amz-Algorithm, -Credential, -Date, -Expires, -SignedHeaders (and -Security-Token),
// then X-Amz-Signature, to the query string.
core::Result<SigningResult> Presign(HttpRequest request, const SigningInput& input,
                                    const Limits& limits = {});

}  // namespace bulwark::sigv4
