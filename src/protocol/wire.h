// The HTTP exchange as the pipeline sees it, independent of the transport (Beast) so codecs and
// the pipeline are testable without sockets.
// Thread-safety: value types.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bulwark::protocol {

using Header = std::pair<std::string, std::string>;

struct WireRequest {
  std::string method;             // "POST"
  std::string target;             // Request target as on the wire: path plus "?query".
  std::vector<Header> headers;    // In arrival order; names as sent.
  std::string body;
  std::string source_ip;          // Peer address, for aws:SourceIp.
  bool secure_transport = false;  // Arrived over TLS.
  std::string tls_version;        // "TLSv1.3" when secure_transport.
  std::string tls_cipher_suite;   // "TLS_AES_128_GCM_SHA256" when secure_transport.

  std::string_view Path() const;
  std::string_view Query() const;  // Without the '?'.
  // First header with this name (case-insensitive), or empty.
  std::string_view HeaderValue(std::string_view name) const;
  bool HasHeader(std::string_view name) const;
};

struct WireResponse {
  unsigned status = 200;
  std::vector<Header> headers;
  std::string body;
};

}  // namespace bulwark::protocol
