// Bounds on every input the SigV4 parsers and canonicalisation read. Anything over a bound is
// rejected (RequestEntityTooLarge, or IncompleteSignature for signature components) before work
// proportional to it is done.
// Thread-safety: value type.
#pragma once

#include <cstddef>

namespace bulwark::sigv4 {

struct Limits {
  std::size_t max_path_bytes = 8 * 1024;
  std::size_t max_query_bytes = 16 * 1024;  // Presigned URLs carry session tokens of a few KiB.
  std::size_t max_query_params = 256;
  std::size_t max_headers = 128;
  std::size_t max_header_bytes = 64 * 1024;  // Sum of all header names and values.
  std::size_t max_authorization_bytes = 8 * 1024;
  std::size_t max_signed_headers = 64;
};

}  // namespace bulwark::sigv4
