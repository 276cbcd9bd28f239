// Constant-time comparison, secure random bytes and cleansing.
#include <gtest/gtest.h>

#include <string>

#include "crypto/cleanse.h"
#include "crypto/constant_time.h"
#include "crypto/random.h"

namespace bulwark::crypto {
namespace {

TEST(ConstantTimeEquals, EqualStrings) {
  EXPECT_TRUE(ConstantTimeEquals("signature", "signature"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
}

TEST(ConstantTimeEquals, DifferentContentOrLength) {
  EXPECT_FALSE(ConstantTimeEquals("signature", "signaturE"));
  EXPECT_FALSE(ConstantTimeEquals("signature", "signatur"));
  EXPECT_FALSE(ConstantTimeEquals("", "x"));
  EXPECT_FALSE(ConstantTimeEquals(std::string_view("a\0b", 3), std::string_view("a\0c", 3)));
}

TEST(RandomBytes, ReturnsRequestedLength) {
  auto bytes = RandomBytes(32);
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(bytes->size(), 32u);
  auto none = RandomBytes(0);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST(RandomBytes, TwoDrawsDiffer) {
  auto a = RandomBytes(32);
  auto b = RandomBytes(32);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);  // Probability of a collision: 2^-256.
}

TEST(RandomBytes, RejectsOversizedRequest) {
  auto bytes = RandomBytes(kMaxRandomBytes + 1);
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.error().code, "InternalFailure");
}

TEST(Cleanse, ZeroesTheBytes) {
  std::string secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  Cleanse(secret);
  EXPECT_EQ(secret, std::string(40, '\0'));
}

}  // namespace
}  // namespace bulwark::crypto
