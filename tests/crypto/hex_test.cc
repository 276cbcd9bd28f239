#include "crypto/hex.h"

#include <gtest/gtest.h>

namespace bulwark::crypto {
namespace {

TEST(Hex, EncodesLowerCase) {
  EXPECT_EQ(HexEncode(std::string_view("\x00\x01\xab\xff", 4)), "0001abff");
}

TEST(Hex, DecodesEitherCase) {
  auto decoded = HexDecode("0001ABff");
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, std::string("\x00\x01\xab\xff", 4));
}

TEST(Hex, RoundTripsEveryByteValue) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
  auto decoded = HexDecode(HexEncode(bytes));
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, bytes);
}

TEST(Hex, RejectsOddLength) {
  EXPECT_FALSE(HexDecode("abc").ok());
}

TEST(Hex, RejectsNonHexCharacters) {
  EXPECT_FALSE(HexDecode("0g").ok());
  EXPECT_FALSE(HexDecode(" 0").ok());
}

}  // namespace
}  // namespace bulwark::crypto
