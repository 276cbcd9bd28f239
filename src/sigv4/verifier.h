// Verification of a SigV4-signed request (Authorization header or presigned query), with the
// server's clock and key lookup injected.
//
// Checks, in order (cheap rejections before the secret is looked up):
//  1. shape (authorization.h): MissingAuthenticationToken / IncompleteSignature;
//  2. request date: header form X-Amz-Date, else Date; query form X-Amz-Date (IncompleteSignature);
//  3. credential scope: terminator "aws4_request", scope date == request date's day, region ==
//     VerifierOptions::region, service == the expected signing name (SignatureDoesNotMatch, AWS's
//     messages);
//  4. "host" is a signed header (SignatureDoesNotMatch);
//  5. time:
//     - header form: |request date - now| <= 15 min, else SignatureDoesNotMatch with "Signature
//       expired: <date> is now earlier than <now - 15 min> (<now> - 15 min.)" or "Signature not yet
//       current: ...". Why not RequestTimeTooSkewed: that is S3's code; AWS STS and IAM answer
//       skewed requests with SignatureDoesNotMatch and this message (observed from STS
//       GetCallerIdentity/AssumeRole, e.g. github.com/aws/aws-cli/issues/6676).
//     - query form: X-Amz-Expires an integer in 1..604800 (IncompleteSignature); now after
//       X-Amz-Date + X-Amz-Expires, or X-Amz-Date more than 15 min ahead of now: RequestExpired
//       ("The request reached the service more than 15 minutes after the date stamp on the
//       request or ... after the request expiration date (such as for pre-signed URLs), or the date
//       stamp on the request is more than 15 minutes in the future", IAM API Reference, Common
//       Errors: docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html). We grant no grace
//       after the expiry.
//  6. the secret: `lookup(access_key_id)`; its error (InvalidClientTokenId, ...) is returned as is;
//  7. the signature, recomputed and compared in constant time (SignatureDoesNotMatch).
// Thread-safety: Verify() may be called concurrently; the signing-key cache is internally locked.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "sigv4/authorization.h"
#include "sigv4/canonical_request.h"
#include "sigv4/credential_scope.h"
#include "sigv4/http_request.h"
#include "sigv4/limits.h"
#include "sigv4/signing_key_cache.h"

namespace bulwark::sigv4 {

struct VerifierOptions {
  std::string region = "us-east-1";  // The region this endpoint answers for.
  CanonicalOptions canonical;        // kS3CanonicalOptions for S3.
  // S3 payload rules: the payload hash is the x-amz-content-sha256 header (required in the header
  // form; the query form defaults to UNSIGNED-PAYLOAD). The caller then checks the body against it.
  // Otherwise the payload hash is HttpRequest::payload_hash or the SHA-256 of the body.
  bool s3_payload = false;
  int64_t max_clock_skew_seconds = 15 * 60;
  int64_t max_presign_expires_seconds = 7 * 24 * 3600;
  // Append the canonical request and string to sign we computed to a SignatureDoesNotMatch
  // message, as AWS's query services do (useful to debug clients; reveals no secret).
  bool explain_signature_mismatch = false;
  Limits limits;
  std::size_t signing_key_cache_capacity = 4096;
};

// Returns the secret access key of an access key id, or the error to answer with
// (InvalidClientTokenId for unknown or inactive keys).
using SecretLookup = std::function<core::Result<std::string>(std::string_view access_key_id)>;

struct VerifiedRequest {
  SignatureLocation location = SignatureLocation::kAuthorizationHeader;
  std::string access_key_id;
  CredentialScope scope;
  int64_t request_time = 0;    // Epoch seconds of X-Amz-Date (or Date).
  int64_t expires_at = 0;      // Query form: request_time + X-Amz-Expires; header form: 0.
  std::string security_token;  // X-Amz-Security-Token, empty when absent; the caller validates it.
  std::vector<std::string> signed_headers;
};

class Verifier {
 public:
  explicit Verifier(VerifierOptions options);

  // `service` is the signing name the endpoint expects ("iam", "sts", ...); `now` epoch seconds.
  core::Result<VerifiedRequest> Verify(const HttpRequest& request, const SignatureParameters& parameters,
                                       std::string_view service, int64_t now,
                                       const SecretLookup& lookup) const;

  // ParseSignedRequest() then Verify().
  core::Result<VerifiedRequest> Verify(const HttpRequest& request, std::string_view service, int64_t now,
                                       const SecretLookup& lookup) const;

  const VerifierOptions& options() const { return options_; }
  const SigningKeyCache& signing_key_cache() const { return *cache_; }

 private:
  VerifierOptions options_;
  std::unique_ptr<SigningKeyCache> cache_;
};

}  // namespace bulwark::sigv4
