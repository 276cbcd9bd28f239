// Settings of `bulwark serve`: from a YAML config file, overridden by command-line flags.
// Thread-safety: value type.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.h"
#include "server/http_listener.h"

namespace bulwark::server {

struct TlsConfig {
  bool enabled = false;
  // Both or neither: without them a self-signed pair is made in the data folder (tls_certificate.h).
  std::string certificate_file;
  std::string private_key_file;
};

struct ServerConfig {
  ListenerOptions listener;       // address 127.0.0.1 by default
  std::string data_dir = "bulwark-data";
  std::string region = "us-east-1";
  std::string account_id;         // Empty: a random 12-digit id on first start.
  int64_t max_clock_skew_seconds = 15 * 60;
  int64_t seal_interval_seconds = 3600;  // Trail seals (trail_sealer.h); at least 60.
  TlsConfig tls;
  // Denials carry an encoded authorization failure message for sts:DecodeAuthorizationMessage.
  bool encode_authorization_messages = false;
};

// Reads a YAML file with keys: listen, port, threads, data_dir, region, account_id,
// max_body_bytes, max_header_bytes, idle_timeout_seconds, seal_interval_seconds (60 or more),
// encode_authorization_messages (boolean), tls (boolean), tls_certificate_file, tls_private_key_file (both or neither). Unknown keys are errors (typos must not
// silently fall back to defaults). Errors: "InvalidConfiguration".
core::Result<ServerConfig> LoadServerConfig(const std::string& path, ServerConfig base = {});

}  // namespace bulwark::server
