#include "iam/session_token.h"

#include <gtest/gtest.h>

namespace bulwark::iam {
namespace {

const std::string kMaster(32, 'm');

SessionClaims Claims() {
  SessionClaims s;
  s.caller.kind = core::CallerKind::kAssumedRole;
  s.caller.account_id = "123456789012";
  s.caller.arn = "arn:aws:sts::123456789012:assumed-role/deployer/ci";
  s.caller.principal_id = "AROAEXAMPLEEXAMPLE12:ci";
  s.caller.access_key_id = "ASIAEXAMPLEEXAMPLE12";
  s.caller.issuer_arn = "arn:aws:iam::123456789012:role/deployer";
  s.caller.session_issued_at = 1000;
  s.caller.session_expires_at = 4600;
  s.caller.mfa_present = true;
  s.caller.mfa_authenticated_at = 999;
  s.caller.tags = {{"team", "core"}};
  s.caller.transitive_tag_keys = {"team"};
  s.caller.session_policy = R"({"Version":"2012-10-17","Statement":[]})";
  s.caller.session_policy_arns = {"arn:aws:iam::aws:policy/ReadOnlyAccess"};
  s.secret_access_key = "secret/EXAMPLE";
  return s;
}

TEST(SessionTokenTest, RoundTripsEveryClaim) {
  const std::string key = SessionTokenKey(kMaster);
  auto token = SealSessionToken(key, Claims());
  ASSERT_TRUE(token.ok());
  auto opened = OpenSessionToken(key, *token, "ASIAEXAMPLEEXAMPLE12", 2000);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  const core::Caller& c = opened->caller;
  EXPECT_EQ(c.kind, core::CallerKind::kAssumedRole);
  EXPECT_EQ(c.arn, "arn:aws:sts::123456789012:assumed-role/deployer/ci");
  EXPECT_EQ(c.issuer_arn, "arn:aws:iam::123456789012:role/deployer");
  EXPECT_EQ(c.session_expires_at, 4600);
  EXPECT_TRUE(c.mfa_present);
  EXPECT_EQ(c.mfa_authenticated_at, 999);
  EXPECT_EQ(c.tags.at("team"), "core");
  EXPECT_EQ(c.transitive_tag_keys, std::vector<std::string>{"team"});
  EXPECT_EQ(c.session_policy_arns.size(), 1u);
  EXPECT_EQ(opened->secret_access_key, "secret/EXAMPLE");
  EXPECT_EQ(token->find("secret/EXAMPLE"), std::string::npos);  // Sealed, not merely encoded.
}

TEST(SessionTokenTest, ExpiredTokenSaysSo) {
  const std::string key = SessionTokenKey(kMaster);
  auto token = SealSessionToken(key, Claims());
  ASSERT_TRUE(token.ok());
  auto opened = OpenSessionToken(key, *token, "ASIAEXAMPLEEXAMPLE12", 4600);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, "ExpiredToken");
}

TEST(SessionTokenTest, RefusesAnotherKeyIdAnotherMasterKeyAndAnyChangedByte) {
  const std::string key = SessionTokenKey(kMaster);
  auto token = SealSessionToken(key, Claims());
  ASSERT_TRUE(token.ok());
  EXPECT_EQ(OpenSessionToken(key, *token, "ASIAOTHEROTHEROTHER1", 2000).error().code, "InvalidClientTokenId");
  EXPECT_EQ(OpenSessionToken(SessionTokenKey(std::string(32, 'x')), *token, "ASIAEXAMPLEEXAMPLE12", 2000).error().code,
            "InvalidClientTokenId");
  // The last base64 quantum is left out: there 'A' and 'B' can differ only in padding bits that
  // decode to the same bytes (the token is random, so that made this test fail now and then).
  for (std::size_t i = 6; i + 4 < token->size(); i += 7) {
    std::string damaged = *token;
    damaged[i] = damaged[i] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(OpenSessionToken(key, damaged, "ASIAEXAMPLEEXAMPLE12", 2000).ok()) << i;
  }
  EXPECT_FALSE(OpenSessionToken(key, "", "ASIAEXAMPLEEXAMPLE12", 2000).ok());
  EXPECT_FALSE(OpenSessionToken(key, std::string(20000, 'A'), "ASIAEXAMPLEEXAMPLE12", 2000).ok());
}

TEST(SessionTokenTest, KeyIsDerivedNotTheMasterKey) {
  EXPECT_NE(SessionTokenKey(kMaster), kMaster);
  EXPECT_EQ(SessionTokenKey(kMaster).size(), 32u);
  EXPECT_EQ(SessionTokenKey(kMaster), SessionTokenKey(kMaster));
}

}  // namespace
}  // namespace bulwark::iam
