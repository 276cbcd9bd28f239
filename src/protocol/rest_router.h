// Picks the operation a REST request (rest-xml or rest-json) calls from the service model's HTTP bindings:
// method plus the requestUri template, whose path has literal segments and labels ("{Bucket}", and
// the greedy "{Key+}" that takes the rest of the path, slashes included) and whose query names
// literal keys the request must carry ("?acl", "?list-type=2", "?select&select-type=2").
//
// Several operations share a template (GET /{Bucket}/{Key+} is GetObject, or ListParts when
// ?uploadId is given; PUT /{Bucket}/{Key+} is PutObject, UploadPart, UploadPartCopy or CopyObject).
// AWS tells them apart by what the request carries, so the most specific one wins, ranked by:
//   1. literal path segments plus literal query keys matched (GET /{Bucket}?acl beats GET /{Bucket});
//   2. every required querystring/header member present (GetBucketAnalyticsConfiguration needs
//      ?id, without it the request is ListBucketAnalyticsConfigurations);
//   3. more required querystring/header members present (UploadPartCopy's x-amz-copy-source);
//   4. not deprecated (GetBucketLifecycleConfiguration over GetBucketLifecycle);
//   5. not only on S3's directory-bucket control endpoint (ListBuckets over ListDirectoryBuckets);
//   6. the model's order (by name), so the choice is deterministic.
// Path-style requests only ("/bucket/key"); virtual-hosted style ("bucket.s3.example.com/key")
// needs the bucket taken from the Host header first, which is left to the S3 service (TODO).
// Thread-safety: pure functions.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/form_encoding.h"
#include "core/result.h"
#include "protocol/service_model.h"
#include "protocol/wire.h"

namespace bulwark::protocol {

// One REST request as the router and the REST decoders read it.
struct RestRequest {
  std::string_view method;
  std::string_view path;   // Percent-encoded, without the query.
  std::string_view query;  // Percent-encoded, without the '?'.
  const std::vector<Header>* headers = nullptr;
  std::string_view body;
};

// The labels of `request_uri` (a model template; its query part is ignored) in `raw_path`, percent-
// decoded, or nullopt when the path does not have the template's form. Errors: InvalidURI (a
// malformed escape or a label that is not UTF-8 once decoded).
core::Result<std::optional<std::map<std::string, std::string>>> MatchUriTemplate(std::string_view request_uri,
                                                                                 std::string_view raw_path);

// The operation of `model` that `method`, `raw_path` (percent-encoded, without the query) and the
// decoded `query` pairs call. Errors, in S3's terms (REST-JSON's reader answers both "no such
// operation" errors as UnknownOperationException): MethodNotAllowed (the path has the form of some
// operation, not with this method), InvalidURI (no operation has this path's form, or a malformed
// path).
core::Result<const OperationModel*> RouteRestOperation(const ServiceModel& model, std::string_view method,
                                                       std::string_view raw_path,
                                                       const std::vector<core::FormPair>& query,
                                                       const std::vector<Header>& headers);

// The values of a comma-separated header list (REST list headers); a value holding a comma or quote
// is quoted with '"' and its quotes escaped with '\\' (how the SDKs write them).
std::vector<std::string> SplitHeaderList(std::string_view text);

// Header names compare without regard to case (RFC 9110). The first header named `name`, if any.
bool HeaderNameEquals(std::string_view a, std::string_view b);
std::optional<std::string_view> FindHeader(const std::vector<Header>& headers, std::string_view name);
// The headers whose name starts with `prefix` (any case), as (the name's rest, value): a REST
// prefix-headers map member ("x-amz-meta-").
std::vector<std::pair<std::string, std::string_view>> HeadersWithPrefix(const std::vector<Header>& headers,
                                                                        std::string_view prefix);
// A REST member's name on the wire (URI label, query key, header): its locationName, else its name.
std::string RestWireName(const Member& member);

}  // namespace bulwark::protocol
