// Parsing the signature a request carries, either in the Authorization header
//
//   Authorization: AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/iam/aws4_request,
//                  SignedHeaders=host;x-amz-date, Signature=<64 hex>
//
// or as presigned query parameters (X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date, X-Amz-Expires,
// X-Amz-SignedHeaders, X-Amz-Signature, optional X-Amz-Security-Token). Parsing only checks shape;
// verifier.h checks scope, time and the signature itself. The parsed access key id is available
// even when verification later fails, so a failed call can be recorded against it (looking the key
// up, and answering InvalidClientTokenId, is the caller's job).
//
// Errors (AWS codes and wording): MissingAuthenticationToken when the request carries neither form;
// IncompleteSignature when a component is missing, repeated or malformed, when both forms are
// present, or the algorithm is not AWS4-HMAC-SHA256; RequestEntityTooLarge beyond Limits.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "sigv4/credential_scope.h"
#include "sigv4/http_request.h"
#include "sigv4/limits.h"

namespace bulwark::sigv4 {

enum class SignatureLocation { kAuthorizationHeader, kQueryString };

struct SignatureParameters {
  SignatureLocation location = SignatureLocation::kAuthorizationHeader;
  Credential credential;
  std::vector<std::string> signed_headers;  // Lower-cased, in the order the client listed them.
  std::string signature;                    // As sent (a valid one is 64 lower-case hex digits).
  // Query form only (the header form takes its date from X-Amz-Date or Date at verification).
  std::string amz_date;  // X-Amz-Date.
  std::string expires;   // X-Amz-Expires, unparsed.
  // X-Amz-Security-Token from the query or header (temporary credentials); empty when absent.
  std::string security_token;
};

// The value of one Authorization header.
core::Result<SignatureParameters> ParseAuthorizationHeader(std::string_view value, const Limits& limits);

// A raw query string carrying presigned parameters.
core::Result<SignatureParameters> ParsePresignedQuery(std::string_view raw_query, const Limits& limits);

// Decides which form the request uses and parses it, also enforcing the request-wide Limits
// (header count and bytes, path and query length) and picking up X-Amz-Security-Token.
core::Result<SignatureParameters> ParseSignedRequest(const HttpRequest& request, const Limits& limits);

}  // namespace bulwark::sigv4
