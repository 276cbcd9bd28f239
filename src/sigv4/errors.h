// The AWS error codes the SigV4 layer returns, spelled as on the wire. The HTTP status of each lives
// in the one code-to-status table (protocol/error_codes.cc), not here.
// Thread-safety: constants.
#pragma once

namespace bulwark::sigv4 {

// A component of the signature (Authorization header part, X-Amz-* query parameter, date) is
// missing or malformed. AWS: "The request signature does not conform to AWS standards."
inline constexpr char kIncompleteSignature[] = "IncompleteSignature";
// Neither an Authorization header nor presigned query parameters.
inline constexpr char kMissingAuthenticationToken[] = "MissingAuthenticationToken";
// Wrong signature, wrong credential scope (date, region, service, terminator), or a header-signed
// request outside the 15-minute clock-skew window (see verifier.h for why not RequestTimeTooSkewed).
inline constexpr char kSignatureDoesNotMatch[] = "SignatureDoesNotMatch";
// A presigned request used after X-Amz-Date + X-Amz-Expires, or dated too far in the future.
inline constexpr char kRequestExpired[] = "RequestExpired";
// The request exceeds a configured bound (Limits): too many headers, too long a query, ...
inline constexpr char kRequestEntityTooLarge[] = "RequestEntityTooLarge";
// S3 rules only: a header-signed request without x-amz-content-sha256.
inline constexpr char kInvalidRequest[] = "InvalidRequest";

}  // namespace bulwark::sigv4
