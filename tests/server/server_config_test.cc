// `serve` settings from YAML, including TLS.
#include "server/server_config.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

namespace bulwark::server {
namespace {

core::Result<ServerConfig> Load(const std::string& yaml) {
  std::random_device rd;
  const auto path = std::filesystem::temp_directory_path() / ("bulwark-config-" + std::to_string(rd()) + ".yaml");
  std::ofstream(path) << yaml;
  auto config = LoadServerConfig(path.string());
  std::filesystem::remove(path);
  return config;
}

TEST(ServerConfig, TlsIsOffByDefault) {
  auto config = Load("port: 8080\n");
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_FALSE(config->tls.enabled);
}

TEST(ServerConfig, ReadsTlsSettings) {
  auto config = Load("tls: true\ntls_certificate_file: /etc/b/cert.pem\ntls_private_key_file: /etc/b/key.pem\n");
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_TRUE(config->tls.enabled);
  EXPECT_EQ(config->tls.certificate_file, "/etc/b/cert.pem");
  EXPECT_EQ(config->tls.private_key_file, "/etc/b/key.pem");
}

TEST(ServerConfig, CertificateWithoutKeyIsInvalid) {
  auto config = Load("tls: true\ntls_certificate_file: /etc/b/cert.pem\n");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().code, "InvalidConfiguration");
}

TEST(ServerConfig, UnknownSettingIsInvalid) {
  auto config = Load("tls_cert: /etc/b/cert.pem\n");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().code, "InvalidConfiguration");
}

}  // namespace
}  // namespace bulwark::server
