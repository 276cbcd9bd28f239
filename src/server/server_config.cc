#include "server/server_config.h"

#include <yaml-cpp/yaml.h>

#include <set>

namespace bulwark::server {

core::Result<ServerConfig> LoadServerConfig(const std::string& path, ServerConfig config) {
  static const std::set<std::string> kKnown{"listen", "port", "threads", "data_dir", "region", "account_id",
                                            "max_body_bytes", "max_header_bytes", "idle_timeout_seconds",
                                            "seal_interval_seconds", "tls", "tls_certificate_file",
                                            "tls_private_key_file", "encode_authorization_messages"};
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
  return config;
}

}  // namespace bulwark::server
