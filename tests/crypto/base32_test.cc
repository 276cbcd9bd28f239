#include "crypto/base32.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace bulwark::crypto {
namespace {

// RFC 4648 section 10 test vectors.
const std::vector<std::pair<std::string, std::string>> kRfc4648Vectors = {
    {"", ""},
    {"f", "MY======"},
    {"fo", "MZXQ===="},
    {"foo", "MZXW6==="},
    {"foob", "MZXW6YQ="},
    {"fooba", "MZXW6YTB"},
    {"foobar", "MZXW6YTBOI======"},
};

std::string DecodeOk(std::string_view text) {
  auto decoded = Base32Decode(text);
  EXPECT_TRUE(decoded.ok()) << text;
  return decoded.ok() ? *decoded : std::string("<error>");
}

bool Rejected(std::string_view text) {
  auto decoded = Base32Decode(text);
  return !decoded.ok() && decoded.error().code == "InvalidParameterValue";
}

TEST(Base32, EncodesRfc4648Vectors) {
  for (const auto& [plain, encoded] : kRfc4648Vectors) EXPECT_EQ(Base32Encode(plain), encoded) << plain;
}

TEST(Base32, DecodesRfc4648Vectors) {
  for (const auto& [plain, encoded] : kRfc4648Vectors) EXPECT_EQ(DecodeOk(encoded), plain) << encoded;
}

TEST(Base32, EncodesWithoutPaddingWhenAsked) {
  EXPECT_EQ(Base32Encode("foobar", /*pad=*/false), "MZXW6YTBOI");
  EXPECT_EQ(Base32Encode("fooba", /*pad=*/false), "MZXW6YTB");
}

TEST(Base32, DecodesUnpaddedAndLowerCase) {
  EXPECT_EQ(DecodeOk("MZXW6YTBOI"), "foobar");
  EXPECT_EQ(DecodeOk("mzxw6ytboi"), "foobar");
  EXPECT_EQ(DecodeOk("MY"), "f");
}

TEST(Base32, RoundTripsEveryByteValue) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  for (std::size_t n = 0; n <= all.size(); n += 7) {
    const std::string bytes = all.substr(0, n);
    EXPECT_EQ(DecodeOk(Base32Encode(bytes)), bytes);
    EXPECT_EQ(DecodeOk(Base32Encode(bytes, false)), bytes);
  }
}

TEST(Base32, RejectsCharactersOutsideTheAlphabet) {
  EXPECT_TRUE(Rejected("MZXW6YT1"));  // '1' is not base32 (it is easily confused with 'I').
  EXPECT_TRUE(Rejected("MZXW6YT0"));
  EXPECT_TRUE(Rejected("MZXW 6YTB"));
  EXPECT_TRUE(Rejected("MZXW6YTB\n"));
}

TEST(Base32, RejectsImpossibleLengths) {
  EXPECT_TRUE(Rejected("M"));
  EXPECT_TRUE(Rejected("MZX"));
  EXPECT_TRUE(Rejected("MZXW6Y"));
}

TEST(Base32, RejectsMisplacedOrExcessPadding) {
  EXPECT_TRUE(Rejected("MY==MY=="));
  EXPECT_TRUE(Rejected("MY====="));           // Padding not reaching a multiple of 8.
  EXPECT_TRUE(Rejected("MZXW6YTB========"));  // A whole group of padding.
}

TEST(Base32, RejectsNonZeroTrailingBits) {
  // "MZ" would carry 10 bits of which only 8 are data; 'Z' sets a trailing bit.
  EXPECT_TRUE(Rejected("MZ======"));
}

TEST(Base32, RejectsInputBeyondTheLimit) {
  EXPECT_TRUE(Rejected(std::string(kMaxBase32Input + 8, 'A')));
}

}  // namespace
}  // namespace bulwark::crypto
