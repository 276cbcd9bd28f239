// Stage 1 of SigV4: the canonical request, and its parts, each testable on its own.
//
//   <METHOD>\n<canonical URI>\n<canonical query>\n<canonical headers>\n<signed headers>\n<payload hash>
//
// Rules (AWS General Reference, "Create a canonical request for Signature Version 4"):
//  - URI: for every service but S3 the path is normalised (empty, "." and ".." segments removed) and
//    URI-encoded once more although it arrived encoded ("double encoding"); S3 uses the wire path as
//    is. CanonicalOptions selects.
//  - Query: parameters decoded then re-encoded, sorted by encoded name then value; for presigned
//    requests X-Amz-Signature is left out.
//  - Headers: names lower-cased; values trimmed with inner white-space runs (including folded
//    line breaks) collapsed to one space; repeated headers joined with ',' in arrival order; in the
//    order of the signed-headers list, which the signer sorts.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "sigv4/http_request.h"
#include "sigv4/limits.h"

namespace bulwark::sigv4 {

struct CanonicalOptions {
  bool normalize_path = true;      // false for S3.
  bool double_encode_path = true;  // false for S3.
};

inline constexpr CanonicalOptions kS3CanonicalOptions{false, false};

std::string CanonicalUri(std::string_view raw_path, const CanonicalOptions& options);

// RequestEntityTooLarge when the query breaks `limits`.
core::Result<std::string> CanonicalQueryString(std::string_view raw_query, bool drop_signature,
                                               const Limits& limits);

// Trims and collapses white space (space, tab, CR, LF) as described above.
std::string CanonicalHeaderValue(std::string_view value);

struct CanonicalHeaders {
  std::string block;           // "name:value\n" per signed header.
  std::string signed_headers;  // "host;x-amz-date"
};

// `signed_headers` are lower-case names. SignatureDoesNotMatch when one is absent from `headers`;
// IncompleteSignature beyond limits.max_signed_headers; RequestEntityTooLarge beyond max_headers.
core::Result<CanonicalHeaders> BuildCanonicalHeaders(const std::vector<HeaderField>& headers,
                                                     const std::vector<std::string>& signed_headers,
                                                     const Limits& limits);

// The whole canonical request. `presigned` drops X-Amz-Signature from the query.
core::Result<std::string> CanonicalRequest(const HttpRequest& request,
                                           const std::vector<std::string>& signed_headers,
                                           std::string_view payload_hash, bool presigned,
                                           const CanonicalOptions& options, const Limits& limits);

}  // namespace bulwark::sigv4
