#include "crypto/password_hash.h"

#include <gtest/gtest.h>

#include <string>

namespace bulwark::crypto {
namespace {

// The cheapest parameters libargon2 accepts, so the tests run fast; production uses the defaults.
Argon2Parameters Fast() { return Argon2Parameters{.memory_kib = 8, .iterations = 1, .parallelism = 1}; }

// Known answers from the reference implementation's test suite (P-H-C/phc-winner-argon2, src/test.c,
// CC0/Apache-2.0): argon2id v=19, password "password", salt "somesalt", 32-byte tag.
constexpr std::string_view kReferenceM256 =
    "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4";
constexpr std::string_view kReferenceM65536 =
    "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";

bool Verifies(std::string_view password, std::string_view encoded) {
  auto result = VerifyPassword(password, encoded);
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message);
  return result.ok() && *result;
}

TEST(PasswordHash, MatchesReferenceVectors) {
  auto small = HashPasswordWithSalt("password", "somesalt", {.memory_kib = 256, .iterations = 2, .parallelism = 1});
  ASSERT_TRUE(small.ok());
  EXPECT_EQ(*small, kReferenceM256);
  auto large =
      HashPasswordWithSalt("password", "somesalt", {.memory_kib = 65536, .iterations = 2, .parallelism = 1});
  ASSERT_TRUE(large.ok());
  EXPECT_EQ(*large, kReferenceM65536);
}

TEST(PasswordHash, VerifiesReferenceVectors) {
  EXPECT_TRUE(Verifies("password", kReferenceM256));
  EXPECT_FALSE(Verifies("passwore", kReferenceM256));
}

TEST(PasswordHash, HashUsesTheEncodedArgon2idForm) {
  auto hash = HashPassword("Correct-Horse-1", Fast());
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->rfind("$argon2id$v=19$m=8,t=1,p=1$", 0), 0u) << *hash;
}

TEST(PasswordHash, RoundTripsAndRefusesOtherPasswords) {
  auto hash = HashPassword("Correct-Horse-1", Fast());
  ASSERT_TRUE(hash.ok());
  EXPECT_TRUE(Verifies("Correct-Horse-1", *hash));
  EXPECT_FALSE(Verifies("Correct-Horse-2", *hash));
  EXPECT_FALSE(Verifies("", *hash));
}

TEST(PasswordHash, FreshSaltPerHash) {
  auto a = HashPassword("same password", Fast());
  auto b = HashPassword("same password", Fast());
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
}

TEST(PasswordHash, DefaultsAreOwaspParameters) {
  const Argon2Parameters defaults;
  EXPECT_EQ(defaults.memory_kib, 19456u);
  EXPECT_EQ(defaults.iterations, 2u);
  EXPECT_EQ(defaults.parallelism, 1u);
}

TEST(PasswordHash, RefusesOversizedPasswords) {
  const std::string huge(kMaxPasswordBytes + 1, 'a');
  auto hash = HashPassword(huge, Fast());
  ASSERT_FALSE(hash.ok());
  EXPECT_EQ(hash.error().code, "InvalidParameterValue");
  auto verify = VerifyPassword(huge, kReferenceM256);
  ASSERT_FALSE(verify.ok());
}

TEST(PasswordHash, RefusesStoredHashesBeyondTheCostLimits) {
  // A tampered row asking for 4 GiB must be refused before any hashing.
  auto result = VerifyPassword("password", "$argon2id$v=19$m=4194304,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, "InvalidParameterValue");
}

TEST(PasswordHash, RefusesOtherAlgorithmsAndGarbage) {
  for (std::string_view bad : {
           "$argon2i$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
           "$argon2id$v=16$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
           "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$!!!!",
           "$argon2id$v=19$m=,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
           "",
           "plaintext",
       }) {
    auto result = VerifyPassword("password", bad);
    EXPECT_FALSE(result.ok()) << bad;
  }
}

TEST(PasswordHash, ParsesRecordedParameters) {
  auto parameters = ParsePasswordHashParameters(kReferenceM65536);
  ASSERT_TRUE(parameters.ok());
  EXPECT_EQ(parameters->memory_kib, 65536u);
  EXPECT_EQ(parameters->iterations, 2u);
  EXPECT_EQ(parameters->parallelism, 1u);
}

TEST(PasswordHash, NeedsRehashWhenWeakerThanCurrent) {
  EXPECT_TRUE(PasswordHashNeedsRehash(kReferenceM256, Argon2Parameters{}));
  EXPECT_FALSE(PasswordHashNeedsRehash(kReferenceM65536, Argon2Parameters{}));
  EXPECT_TRUE(PasswordHashNeedsRehash("garbage", Argon2Parameters{}));
}

}  // namespace
}  // namespace bulwark::crypto
