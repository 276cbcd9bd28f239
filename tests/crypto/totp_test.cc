#include "crypto/totp.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "crypto/hmac.h"

namespace bulwark::crypto {
namespace {

// The RFC 4226 appendix D / RFC 6238 appendix B SHA-1 seed.
constexpr std::string_view kRfcSecret = "12345678901234567890";

std::string HmacSha1Hex(std::string_view key, std::string_view data) {
  const Sha1Digest mac = HmacSha1(key, data);
  return HexEncode(mac.data(), mac.size());
}

// Helper verbs: the code a device shows `steps` steps away from `t`.
std::string CodeAtStepOffset(int64_t t, int64_t steps) {
  return TotpCodeAt(kRfcSecret, t + steps * kTotpStepSeconds);
}

TotpCheck At(int64_t t) {
  TotpCheck check;
  check.unix_seconds = t;
  return check;
}

// RFC 2202 section 3, HMAC-SHA-1 test cases 1 and 2.
TEST(HmacSha1, Rfc2202Vectors) {
  EXPECT_EQ(HmacSha1Hex(std::string(20, '\x0b'), "Hi There"), "b617318655057264e28bc0b6fb378c8ef146be00");
  EXPECT_EQ(HmacSha1Hex("Jefe", "what do ya want for nothing?"), "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
}

// RFC 4226 appendix D.
TEST(Hotp, Rfc4226AppendixDVectors) {
  const char* expected[] = {"755224", "287082", "359152", "969429", "338314",
                            "254676", "287922", "162583", "399871", "520489"};
  for (uint64_t counter = 0; counter < 10; ++counter) {
    EXPECT_EQ(Hotp(kRfcSecret, counter), expected[counter]) << counter;
  }
}

// RFC 6238 appendix B, the SHA-1 rows (8 digits), and their 6-digit forms (same value mod 10^6).
TEST(Totp, Rfc6238AppendixBSha1Vectors) {
  const struct {
    int64_t time;
    const char* code;
  } rows[] = {{59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
              {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"}};
  for (const auto& row : rows) {
    EXPECT_EQ(TotpCodeAt(kRfcSecret, row.time, 8), row.code) << row.time;
    EXPECT_EQ(TotpCodeAt(kRfcSecret, row.time), std::string(row.code).substr(2)) << row.time;
  }
}

TEST(Totp, StepIsThirtySecondsFromTheEpoch) {
  EXPECT_EQ(TotpStepAt(0), 0u);
  EXPECT_EQ(TotpStepAt(29), 0u);
  EXPECT_EQ(TotpStepAt(30), 1u);
  EXPECT_EQ(TotpStepAt(1111111109), 37037036u);  // RFC 6238 appendix B: T = 0x23523EC.
  EXPECT_FALSE(TotpStepAt(-1).has_value());
}

TEST(Totp, WellFormedCodeIsExactlySixDigits) {
  EXPECT_TRUE(IsWellFormedTotpCode("012345"));
  EXPECT_FALSE(IsWellFormedTotpCode("12345"));
  EXPECT_FALSE(IsWellFormedTotpCode("1234567"));
  EXPECT_FALSE(IsWellFormedTotpCode("12345a"));
  EXPECT_FALSE(IsWellFormedTotpCode(" 12345"));
}

TEST(Totp, VerifyAcceptsTheCurrentCodeAndReportsItsStep) {
  const int64_t t = 1111111111;
  EXPECT_EQ(VerifyTotp(kRfcSecret, CodeAtStepOffset(t, 0), At(t)), TotpStepAt(t));
}

TEST(Totp, VerifyAcceptsOneStepEitherSide) {
  const int64_t t = 1111111111;
  EXPECT_EQ(VerifyTotp(kRfcSecret, CodeAtStepOffset(t, -1), At(t)), *TotpStepAt(t) - 1);
  EXPECT_EQ(VerifyTotp(kRfcSecret, CodeAtStepOffset(t, 1), At(t)), *TotpStepAt(t) + 1);
}

TEST(Totp, VerifyRefusesTwoStepsAway) {
  const int64_t t = 1111111111;
  EXPECT_FALSE(VerifyTotp(kRfcSecret, CodeAtStepOffset(t, -2), At(t)).has_value());
  EXPECT_FALSE(VerifyTotp(kRfcSecret, CodeAtStepOffset(t, 2), At(t)).has_value());
}

TEST(Totp, VerifyRefusesAWrongSecret) {
  const int64_t t = 1111111111;
  EXPECT_FALSE(VerifyTotp("another secret value", CodeAtStepOffset(t, 0), At(t)).has_value());
}

TEST(Totp, VerifyRefusesReplayOfTheAcceptedStep) {
  const int64_t t = 1111111111;
  TotpCheck check = At(t);
  const auto step = VerifyTotp(kRfcSecret, CodeAtStepOffset(t, 0), check);
  ASSERT_TRUE(step.has_value());
  check.last_accepted_step = step;
  EXPECT_FALSE(VerifyTotp(kRfcSecret, CodeAtStepOffset(t, 0), check).has_value());
  EXPECT_FALSE(VerifyTotp(kRfcSecret, CodeAtStepOffset(t, -1), check).has_value());  // Earlier steps too.
  EXPECT_EQ(VerifyTotp(kRfcSecret, CodeAtStepOffset(t, 1), check), *step + 1);       // The next is fine.
}

TEST(Totp, VerifyFollowsTheRecordedDrift) {
  const int64_t t = 1111111111;
  TotpCheck check = At(t);
  check.drift_steps = 5;  // The device runs 2.5 minutes fast.
  EXPECT_EQ(VerifyTotp(kRfcSecret, CodeAtStepOffset(t, 5), check), *TotpStepAt(t) + 5);
  EXPECT_FALSE(VerifyTotp(kRfcSecret, CodeAtStepOffset(t, 0), check).has_value());
}

TEST(Totp, VerifyRefusesMalformedCodes) {
  const int64_t t = 1111111111;
  const std::string code = CodeAtStepOffset(t, 0);
  EXPECT_FALSE(VerifyTotp(kRfcSecret, code + "0", At(t)).has_value());
  EXPECT_FALSE(VerifyTotp(kRfcSecret, CodeAtStepOffset(t, 0).substr(1), At(t)).has_value());
  EXPECT_FALSE(VerifyTotp(kRfcSecret, "", At(t)).has_value());
}

TEST(Totp, VerifyNearTheEpochDoesNotWrap) {
  EXPECT_EQ(VerifyTotp(kRfcSecret, Hotp(kRfcSecret, 0), At(5)), 0u);
  EXPECT_EQ(VerifyTotp(kRfcSecret, Hotp(kRfcSecret, 0), At(-100000)), 0u);  // Clamped to step 0.
  TotpCheck check = At(0);
  check.drift_steps = -10;
  EXPECT_FALSE(VerifyTotp(kRfcSecret, Hotp(kRfcSecret, 0), check).has_value());
}

TEST(Totp, ConsecutiveCodesReportTheLaterStep) {
  const int64_t t = 1111111111;
  const auto step = VerifyConsecutiveTotp(kRfcSecret, CodeAtStepOffset(t, -1), CodeAtStepOffset(t, 0), At(t));
  EXPECT_EQ(step, TotpStepAt(t));
}

TEST(Totp, ConsecutiveCodesInTheWrongOrderAreRefused) {
  const int64_t t = 1111111111;
  EXPECT_FALSE(
      VerifyConsecutiveTotp(kRfcSecret, CodeAtStepOffset(t, 0), CodeAtStepOffset(t, -1), At(t)).has_value());
}

TEST(Totp, NonConsecutiveCodesAreRefused) {
  const int64_t t = 1111111111;
  EXPECT_FALSE(
      VerifyConsecutiveTotp(kRfcSecret, CodeAtStepOffset(t, -1), CodeAtStepOffset(t, 1), At(t)).has_value());
  EXPECT_FALSE(
      VerifyConsecutiveTotp(kRfcSecret, CodeAtStepOffset(t, 0), CodeAtStepOffset(t, 0), At(t)).has_value());
}

TEST(Totp, ConsecutiveCodesOutsideTheWindowNeedAWiderWindow) {
  const int64_t t = 1111111111;
  const std::string code1 = CodeAtStepOffset(t, 6);
  const std::string code2 = CodeAtStepOffset(t, 7);
  EXPECT_FALSE(VerifyConsecutiveTotp(kRfcSecret, code1, code2, At(t)).has_value());
  TotpCheck resync = At(t);
  resync.window_steps = 10;
  const auto step = VerifyConsecutiveTotp(kRfcSecret, code1, code2, resync);
  ASSERT_EQ(step, *TotpStepAt(t) + 7);
  EXPECT_EQ(ConsecutiveTotpDrift(*step, t), 7);
}

TEST(Totp, ConsecutiveCodesRefuseAReplayedPair) {
  const int64_t t = 1111111111;
  TotpCheck check = At(t);
  const std::string code1 = CodeAtStepOffset(t, -1);
  const std::string code2 = CodeAtStepOffset(t, 0);
  const auto step = VerifyConsecutiveTotp(kRfcSecret, code1, code2, check);
  ASSERT_TRUE(step.has_value());
  check.last_accepted_step = step;
  EXPECT_FALSE(VerifyConsecutiveTotp(kRfcSecret, code1, code2, check).has_value());
}

}  // namespace
}  // namespace bulwark::crypto
