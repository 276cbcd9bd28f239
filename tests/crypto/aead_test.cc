#include "crypto/aead.h"

#include <gtest/gtest.h>

namespace bulwark::crypto {
namespace {

const std::string kKey(32, 'k');

TEST(Aead, RoundTripsAndBindsAssociatedData) {
  auto sealed = Seal(kKey, "secret-access-key", "AKIAEXAMPLE");
  ASSERT_TRUE(sealed.ok());
  EXPECT_EQ(sealed->find("secret-access-key"), std::string::npos);
  auto opened = Open(kKey, *sealed, "AKIAEXAMPLE");
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(*opened, "secret-access-key");
  EXPECT_FALSE(Open(kKey, *sealed, "AKIAOTHER").ok());
}

TEST(Aead, RejectsTamperingAndWrongKeys) {
  auto sealed = Seal(kKey, "payload", "");
  ASSERT_TRUE(sealed.ok());
  std::string tampered = *sealed;
  tampered[14] ^= 1;
  EXPECT_FALSE(Open(kKey, tampered, "").ok());
  EXPECT_FALSE(Open(std::string(32, 'x'), *sealed, "").ok());
  EXPECT_FALSE(Open(kKey, sealed->substr(0, 10), "").ok());
  EXPECT_FALSE(Seal("short", "payload", "").ok());
}

TEST(Aead, NoncesDifferBetweenSeals) {
  EXPECT_NE(*Seal(kKey, "same", ""), *Seal(kKey, "same", ""));
}

}  // namespace
}  // namespace bulwark::crypto
