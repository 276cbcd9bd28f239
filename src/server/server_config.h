// Settings of `bulwark serve`: from a YAML config file, overridden by command-line flags.
// Thread-safety: value type.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

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
// max_body_bytes, max_header_bytes, idle_timeout_seconds, max_connections (1 or more),
// seal_interval_seconds (60 or more),
// encode_authorization_messages (boolean), tls (boolean), tls_certificate_file, tls_private_key_file (both or
// neither). Unknown keys are errors (typos must not silently fall back to defaults). Errors:
// "InvalidConfiguration". The region and account id are checked with ValidateServerConfig.
core::Result<ServerConfig> LoadServerConfig(const std::string& path, ServerConfig base = {});

// Operator input that ends up in ARNs, trail records and the paths of exported trail files
// (AWSLogs/<account>/CloudTrail/<region>/...), so it must never carry path components.
// An account id is exactly 12 ASCII digits ("Your AWS account identifiers", AWS Account
// Management Reference Guide). Errors: "InvalidConfiguration".
core::Status ValidateAccountId(std::string_view account_id);
// A region name as AWS spells them: two lowercase letters, one or more hyphen-separated parts of
// lowercase letters, and a number: us-east-1, ap-southeast-2, us-gov-west-1, us-isob-east-1.
// At most 32 characters. Errors: "InvalidConfiguration".
core::Status ValidateRegion(std::string_view region);
// The checks a loaded and flag-overridden configuration must pass before anything is served: the
// region, the account id when one is given, max_connections of at least 1, the seal interval.
// Errors: "InvalidConfiguration".
core::Status ValidateServerConfig(const ServerConfig& config);

}  // namespace bulwark::server
