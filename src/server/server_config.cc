#include "server/server_config.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>
#include <vector>

namespace bulwark::server {

core::Result<ServerConfig> LoadServerConfig(const std::string& path, ServerConfig config) {
  static const std::set<std::string> kKnown{"listen",
                                            "port",
                                            "threads",
                                            "data_dir",
                                            "region",
                                            "account_id",
                                            "max_body_bytes",
                                            "max_header_bytes",
                                            "idle_timeout_seconds",
                                            "seal_interval_seconds",
                                            "tls",
                                            "tls_certificate_file",
                                            "tls_private_key_file",
                                            "encode_authorization_messages",
                                            "max_connections"};
  try {
    YAML::Node root = YAML::LoadFile(path);
    if (!root.IsMap()) return core::Error{"InvalidConfiguration", path + ": the configuration must be a mapping"};
    for (const auto& entry : root) {
      const auto key = entry.first.as<std::string>();
      if (!kKnown.count(key)) return core::Error{"InvalidConfiguration", path + ": unknown setting '" + key + "'"};
    }
    if (root["listen"]) config.listener.address = root["listen"].as<std::string>();
    if (root["port"]) config.listener.port = root["port"].as<uint16_t>();
    if (root["threads"]) config.listener.threads = root["threads"].as<unsigned>();
    if (root["data_dir"]) config.data_dir = root["data_dir"].as<std::string>();
    if (root["region"]) config.region = root["region"].as<std::string>();
    if (root["account_id"]) config.account_id = root["account_id"].as<std::string>();
    if (root["max_body_bytes"]) config.listener.max_body_bytes = root["max_body_bytes"].as<std::size_t>();
    if (root["max_header_bytes"]) config.listener.max_header_bytes = root["max_header_bytes"].as<std::size_t>();
    if (root["idle_timeout_seconds"]) config.listener.idle_timeout_seconds = root["idle_timeout_seconds"].as<unsigned>();
    if (root["max_connections"]) config.listener.max_connections = root["max_connections"].as<std::size_t>();
    if (root["encode_authorization_messages"]) {
      config.encode_authorization_messages = root["encode_authorization_messages"].as<bool>();
    }
    if (root["seal_interval_seconds"]) {
      config.seal_interval_seconds = root["seal_interval_seconds"].as<int64_t>();
      if (config.seal_interval_seconds < 60) {
        return core::Error{"InvalidConfiguration", path + ": seal_interval_seconds must be at least 60"};
      }
    }
    if (root["tls"]) config.tls.enabled = root["tls"].as<bool>();
    if (root["tls_certificate_file"]) config.tls.certificate_file = root["tls_certificate_file"].as<std::string>();
    if (root["tls_private_key_file"]) config.tls.private_key_file = root["tls_private_key_file"].as<std::string>();
  } catch (const YAML::Exception& e) {
    return core::Error{"InvalidConfiguration", path + ": " + e.what()};
  }
  if (config.tls.certificate_file.empty() != config.tls.private_key_file.empty()) {
    return core::Error{"InvalidConfiguration", path + ": tls_certificate_file and tls_private_key_file go together"};
  }
  if (auto valid = ValidateServerConfig(config); !valid.ok()) {
    return core::Error{"InvalidConfiguration", path + ": " + valid.error().message};
  }
  return config;
}

namespace {

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}
bool IsLower(char c) {
  return c >= 'a' && c <= 'z';
}

// Quoted for the message with anything outside printable ASCII shown as '?', so a hostile value
// cannot write control sequences to the operator's terminal.
std::string Printable(std::string_view v) {
  std::string out = "'";
  for (char c : v.substr(0, 64)) out += c >= 0x20 && c < 0x7f ? c : '?';
  return out + (v.size() > 64 ? "...'" : "'");
}

}  // namespace

core::Status ValidateAccountId(std::string_view account_id) {
  if (account_id.size() == 12 && std::all_of(account_id.begin(), account_id.end(), IsDigit)) return {};
  return core::Error{"InvalidConfiguration", "account id " + Printable(account_id) + " is not 12 digits"};
}

core::Status ValidateRegion(std::string_view region) {
  auto invalid = [&] {
    return core::Error{
        "InvalidConfiguration",
        "region " + Printable(region) + " is not an AWS region name such as us-east-1 or us-gov-west-1"};
  };
  if (region.size() > 32) return invalid();
  // Split on '-': a two-letter area, at least one word of letters, then a number of one or two digits.
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    const auto hyphen = region.find('-', start);
    parts.push_back(
        region.substr(start, hyphen == std::string_view::npos ? std::string_view::npos : hyphen - start));
    if (hyphen == std::string_view::npos) break;
    start = hyphen + 1;
  }
  if (parts.size() < 3 || parts.front().size() != 2 || parts.back().empty() || parts.back().size() > 2)
    return invalid();
  if (!std::all_of(parts.back().begin(), parts.back().end(), IsDigit)) return invalid();
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    if (parts[i].empty() || !std::all_of(parts[i].begin(), parts[i].end(), IsLower)) return invalid();
  }
  return {};
}

core::Status ValidateServerConfig(const ServerConfig& config) {
  if (auto s = ValidateRegion(config.region); !s.ok()) return s;
  if (!config.account_id.empty()) {
    if (auto s = ValidateAccountId(config.account_id); !s.ok()) return s;
  }
  if (config.listener.max_connections == 0)
    return core::Error{"InvalidConfiguration", "max_connections must be at least 1"};
  if (config.seal_interval_seconds < 60) {
    return core::Error{"InvalidConfiguration", "the seal interval must be at least 60 seconds"};
  }
  return {};
}

}  // namespace bulwark::server
