// The request model SigV4 signs and verifies: the request line and headers exactly as they came off
// the wire (path and query still percent-encoded, header names as sent, duplicates kept in order),
// plus either the body or its precomputed payload hash.
// Thread-safety: value types; the functions are pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bulwark::sigv4 {

struct HeaderField {
  std::string name;  // As sent; compared case-insensitively.
  std::string value;
};

struct HttpRequest {
  std::string method;                // "GET", "POST", ...
  std::string path;                  // Raw request path as on the wire, without the query ("/a%20b/").
  std::string query;                 // Raw query string as on the wire, without the '?' ("" when absent).
  std::vector<HeaderField> headers;  // In arrival order, duplicates allowed.
  std::string body;
  // When set, the hex SHA-256 of the payload (or a marker such as "UNSIGNED-PAYLOAD") to use in the
  // canonical request instead of hashing `body` (large bodies hashed while streaming).
  std::optional<std::string> payload_hash;
};

std::string ToLowerAscii(std::string_view text);
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

// Values of every header named `name` (case-insensitive), in arrival order.
std::vector<std::string_view> HeaderValues(const HttpRequest& request, std::string_view name);

// `payload_hash` when set, otherwise the lower-case hex SHA-256 of `body`.
std::string PayloadHash(const HttpRequest& request);

}  // namespace bulwark::sigv4
