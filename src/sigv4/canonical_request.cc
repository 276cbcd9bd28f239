#include "sigv4/canonical_request.h"

#include <algorithm>
#include <utility>

#include "sigv4/errors.h"
#include "sigv4/query_params.h"
#include "sigv4/uri_encoding.h"

namespace bulwark::sigv4 {

namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

}  // namespace

std::string CanonicalUri(std::string_view raw_path, const CanonicalOptions& options) {
  // NormalizePath never returns "", so only the raw path needs the "/" default.
  const std::string path = options.normalize_path ? NormalizePath(raw_path)
                           : raw_path.empty()     ? std::string(1, '/')
                                                  : std::string(raw_path);
  return options.double_encode_path ? UriEncode(path, /*keep_slash=*/true) : path;
}

core::Result<std::string> CanonicalQueryString(std::string_view raw_query, bool drop_signature,
                                               const Limits& limits) {
  auto params = ParseQuery(raw_query, limits);
  if (!params.ok()) return params.error();
  std::vector<std::pair<std::string, std::string>> encoded;
  encoded.reserve(params->size());
  for (const QueryParam& param : *params) {
    if (drop_signature && param.name == "X-Amz-Signature") continue;
    encoded.emplace_back(UriEncode(param.name, false), UriEncode(param.value, false));
  }
  std::sort(encoded.begin(), encoded.end());
  std::string out;
  for (const auto& [name, value] : encoded) {
    if (!out.empty()) out.push_back('&');
    out.append(name).append("=").append(value);
  }
  return out;
}

std::string CanonicalHeaderValue(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  bool pending_space = false;
  for (char c : value) {
    if (IsSpace(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

core::Result<CanonicalHeaders> BuildCanonicalHeaders(const std::vector<HeaderField>& headers,
                                                     const std::vector<std::string>& signed_headers,
                                                     const Limits& limits) {
  if (headers.size() > limits.max_headers) {
    return core::Error{kRequestEntityTooLarge, "The request has too many headers."};
  }
  if (signed_headers.size() > limits.max_signed_headers) {
    return core::Error{kIncompleteSignature, "SignedHeaders lists too many headers."};
  }
  CanonicalHeaders out;
  for (const std::string& name : signed_headers) {
    bool found = false;
    out.block.append(name).append(":");
    for (const HeaderField& header : headers) {
      if (!EqualsIgnoreCase(header.name, name)) continue;
      if (found) out.block.push_back(',');
      out.block.append(CanonicalHeaderValue(header.value));
      found = true;
    }
    if (!found) {
      return core::Error{kSignatureDoesNotMatch,
                         "The request does not carry the header '" + name + "' listed in SignedHeaders."};
    }
    out.block.push_back('\n');
    if (!out.signed_headers.empty()) out.signed_headers.push_back(';');
    out.signed_headers.append(name);
  }
  return out;
}

core::Result<std::string> CanonicalRequest(const HttpRequest& request,
                                           const std::vector<std::string>& signed_headers,
                                           std::string_view payload_hash, bool presigned,
                                           const CanonicalOptions& options, const Limits& limits) {
  if (request.path.size() > limits.max_path_bytes) {
    return core::Error{kRequestEntityTooLarge, "The request path is too long."};
  }
  auto query = CanonicalQueryString(request.query, presigned, limits);
  if (!query.ok()) return query.error();
  auto headers = BuildCanonicalHeaders(request.headers, signed_headers, limits);
  if (!headers.ok()) return headers.error();
  std::string out;
  out.append(request.method).append("\n");
  out.append(CanonicalUri(request.path, options)).append("\n");
  out.append(*query).append("\n");
  out.append(headers->block).append("\n");
  out.append(headers->signed_headers).append("\n");
  out.append(payload_hash);
  return out;
}

}  // namespace bulwark::sigv4
