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

TEST(ServerConfig, ReadsMaxConnections) {
  auto config = Load("max_connections: 16\n");
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->listener.max_connections, 16u);
  EXPECT_EQ(ServerConfig().listener.max_connections, 1024u);
}

TEST(ServerConfig, ZeroMaxConnectionsIsInvalid) {
  auto config = Load("max_connections: 0\n");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().code, "InvalidConfiguration");
}

// Issue 17, item 13: these values became folders of `trail export`, which wrote outside --to.
TEST(ServerConfig, AccountIdIsExactlyTwelveDigits) {
  EXPECT_TRUE(ValidateAccountId("123456789012").ok());
  for (const char* bad : {"", "12345678901", "1234567890123", "12345678901a", "../../../tmp", "123456789012/",
                          "/23456789012", "１２３４５６７８９０１２"}) {
    auto s = ValidateAccountId(bad);
    ASSERT_FALSE(s.ok()) << bad;
    EXPECT_EQ(s.error().code, "InvalidConfiguration");
  }
}

TEST(ServerConfig, RegionFollowsAwsRegionSyntax) {
  for (const char* good : {"us-east-1", "ap-southeast-2", "us-gov-west-1", "us-isob-east-1", "cn-north-1",
                           "eu-central-2", "il-central-1"}) {
    EXPECT_TRUE(ValidateRegion(good).ok()) << good;
  }
  for (const char* bad : {"", "us", "us-east", "useast1", "US-EAST-1", "us_east_1", "us-east-1/..", "../../x",
                          "us--east-1", "-us-east-1", "us-east-1-", "us-east-123", "u-east-1", "use-east-1",
                          "us-east1-1", "us-e.st-1", "us-east-1\n", "us-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-1"}) {
    auto s = ValidateRegion(bad);
    ASSERT_FALSE(s.ok()) << bad;
    EXPECT_EQ(s.error().code, "InvalidConfiguration");
  }
}

TEST(ServerConfig, YamlRegionAndAccountIdWithPathComponentsAreInvalid) {
  for (const char* yaml : {"region: ../../escape\n", "region: us-east-1/../../escape\n",
                           "account_id: '../../123456'\n", "account_id: '1234567890'\n"}) {
    auto config = Load(yaml);
    ASSERT_FALSE(config.ok()) << yaml;
    EXPECT_EQ(config.error().code, "InvalidConfiguration") << yaml;
  }
  auto config = Load("region: us-gov-west-1\naccount_id: '123456789012'\n");
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->region, "us-gov-west-1");
}

TEST(ServerConfig, ValidateServerConfigChecksFlagOverrides) {
  ServerConfig config;
  EXPECT_TRUE(ValidateServerConfig(config).ok());
  config.region = "../x";
  EXPECT_FALSE(ValidateServerConfig(config).ok());
  config.region = "us-east-1";
  config.account_id = "../../../tmp/x";
  EXPECT_FALSE(ValidateServerConfig(config).ok());
}

}  // namespace
}  // namespace bulwark::server
