#include "iam/password_policy.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "crypto/password_hash.h"

namespace bulwark::iam {
namespace {

// Helper verbs.
std::string Violation(const std::optional<PasswordPolicy>& policy, std::string_view password) {
  core::Status status = CheckPasswordAgainstPolicy(policy, password);
  if (status.ok()) return "ok";
  EXPECT_EQ(status.error().code, "PasswordPolicyViolation");
  return status.error().message;
}

std::string ValidationMessage(const PasswordPolicyUpdate& update) {
  auto policy = ResolvePasswordPolicy(update);
  if (policy.ok()) return "ok";
  EXPECT_EQ(policy.error().code, "ValidationError");
  return policy.error().message;
}

std::string Hash(std::string_view password) {
  auto hash = crypto::HashPassword(password, {.memory_kib = 8, .iterations = 1, .parallelism = 1});
  EXPECT_TRUE(hash.ok());
  return hash.ok() ? *hash : std::string();
}

PasswordPolicy Strict() {
  PasswordPolicy policy;
  policy.minimum_password_length = 12;
  policy.require_symbols = true;
  policy.require_numbers = true;
  policy.require_uppercase_characters = true;
  policy.require_lowercase_characters = true;
  return policy;
}

TEST(PasswordPolicy, UpdateWithNothingGivesAwsDefaults) {
  auto policy = ResolvePasswordPolicy({});
  ASSERT_TRUE(policy.ok());
  EXPECT_EQ(policy->minimum_password_length, 6);
  EXPECT_FALSE(policy->require_symbols);
  EXPECT_FALSE(policy->allow_users_to_change_password);
  EXPECT_EQ(policy->max_password_age, 0);
  EXPECT_FALSE(policy->ExpirePasswords());
  EXPECT_EQ(policy->password_reuse_prevention, 0);
}

TEST(PasswordPolicy, UpdateKeepsGivenValues) {
  PasswordPolicyUpdate update;
  update.minimum_password_length = 14;
  update.max_password_age = 90;
  update.password_reuse_prevention = 24;
  update.require_symbols = true;
  update.hard_expiry = true;
  auto policy = ResolvePasswordPolicy(update);
  ASSERT_TRUE(policy.ok());
  EXPECT_EQ(policy->minimum_password_length, 14);
  EXPECT_TRUE(policy->ExpirePasswords());
  EXPECT_EQ(policy->password_reuse_prevention, 24);
  EXPECT_TRUE(policy->require_symbols);
  EXPECT_TRUE(policy->hard_expiry);
}

TEST(PasswordPolicy, MinimumLengthOutOfRangeIsAValidationError) {
  PasswordPolicyUpdate update;
  update.minimum_password_length = 5;
  EXPECT_EQ(ValidationMessage(update),
            "1 validation error detected: Value '5' at 'minimumPasswordLength' failed to satisfy constraint: "
            "Member must have value greater than or equal to 6");
  update.minimum_password_length = 129;
  EXPECT_EQ(ValidationMessage(update),
            "1 validation error detected: Value '129' at 'minimumPasswordLength' failed to satisfy constraint: "
            "Member must have value less than or equal to 128");
}

TEST(PasswordPolicy, EveryOutOfRangeMemberIsListed) {
  PasswordPolicyUpdate update;
  update.max_password_age = 1096;
  update.password_reuse_prevention = 0;
  EXPECT_EQ(ValidationMessage(update),
            "2 validation errors detected: Value '1096' at 'maxPasswordAge' failed to satisfy constraint: Member "
            "must have value less than or equal to 1095; Value '0' at 'passwordReusePrevention' failed to satisfy "
            "constraint: Member must have value greater than or equal to 1");
}

TEST(PasswordPolicy, RangeBoundariesAreAccepted) {
  PasswordPolicyUpdate update;
  update.minimum_password_length = 128;
  update.max_password_age = 1;
  update.password_reuse_prevention = 24;
  EXPECT_EQ(ValidationMessage(update), "ok");
  update.minimum_password_length = 6;
  update.max_password_age = 1095;
  update.password_reuse_prevention = 1;
  EXPECT_EQ(ValidationMessage(update), "ok");
}

TEST(PasswordPolicy, SymbolsAreAwsSet) {
  for (char c : std::string_view("!@#$%^&*()_+-=[]{}|'")) EXPECT_TRUE(IsPasswordSymbol(c)) << c;
  for (char c : std::string_view("\"~`,.<>/?;:\\ aZ0")) EXPECT_FALSE(IsPasswordSymbol(c)) << c;
  EXPECT_FALSE(IsPasswordSymbol(U'\u00a7'));
}

TEST(PasswordPolicy, DefaultPolicyNeedsEightCharacters) {
  EXPECT_EQ(Violation(std::nullopt, "Ab1!xyz"), "Password should have a minimum length of 8");
}

TEST(PasswordPolicy, DefaultPolicyNeedsThreeOfFourClasses) {
  EXPECT_EQ(Violation(std::nullopt, "lowercase1"),
            "Password should meet 1 more of the following requirements: Password should have at least one "
            "uppercase letter, Password should have at least one symbol");
  EXPECT_EQ(Violation(std::nullopt, "onlylowercase"),
            "Password should meet 2 more of the following requirements: Password should have at least one "
            "uppercase letter, Password should have at least one number, Password should have at least one symbol");
  EXPECT_EQ(Violation(std::nullopt, "Lowercase1"), "ok");
  EXPECT_EQ(Violation(std::nullopt, "lowercase1!"), "ok");
}

TEST(PasswordPolicy, CustomMinimumLength) {
  PasswordPolicy policy;
  policy.minimum_password_length = 10;
  EXPECT_EQ(Violation(policy, "123456789"), "Password should have a minimum length of 10");
  EXPECT_EQ(Violation(policy, "1234567890"), "ok");  // A custom policy need not ask for classes.
}

TEST(PasswordPolicy, LengthCountsCharactersNotBytes) {
  PasswordPolicy policy;
  policy.minimum_password_length = 6;
  EXPECT_EQ(Violation(policy, "\xc3\xa9\xc3\xa9\xc3\xa9"), "Password should have a minimum length of 6");  // 3 chars, 6 bytes.
}

TEST(PasswordPolicy, EachRequiredClassHasItsMessage) {
  const PasswordPolicy policy = Strict();
  EXPECT_EQ(Violation(policy, "lower1!lower1!"), "Password should have at least one uppercase letter");
  EXPECT_EQ(Violation(policy, "UPPER1!UPPER1!"), "Password should have at least one lowercase letter");
  EXPECT_EQ(Violation(policy, "Upper!Lower!xx"), "Password should have at least one number");
  EXPECT_EQ(Violation(policy, "Upper1Lower1xx"), "Password should have at least one symbol");
  EXPECT_EQ(Violation(policy, "Upper1Lower1x!"), "ok");
}

TEST(PasswordPolicy, SeveralUnmetRequirementsAreAllNamed) {
  EXPECT_EQ(Violation(Strict(), "onlylowercaseletters"),
            "Password should have at least one uppercase letter, Password should have at least one number, "
            "Password should have at least one symbol");
}

TEST(PasswordPolicy, CharacterOutsideTheSymbolSetIsNotASymbol) {
  EXPECT_EQ(Violation(Strict(), "Upper1Lower1x~"), "Password should have at least one symbol");
}

TEST(PasswordPolicy, ParameterMustBeOneTo128AllowedCharacters) {
  EXPECT_TRUE(ValidatePasswordParameter("password", "tab\tand \xc3\xbf").ok());
  EXPECT_TRUE(ValidatePasswordParameter("password", std::string(128, 'a')).ok());
  core::Status too_long = ValidatePasswordParameter("password", std::string(129, 'a'));
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.error().code, "ValidationError");
  EXPECT_EQ(too_long.error().message,
            "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must have "
            "length less than or equal to 128");
  EXPECT_FALSE(ValidatePasswordParameter("password", "").ok());
  EXPECT_FALSE(ValidatePasswordParameter("password", "bell\x07").ok());
  EXPECT_FALSE(ValidatePasswordParameter("password", "\xe2\x82\xac").ok());  // U+20AC is beyond U+00FF.
  EXPECT_FALSE(ValidatePasswordParameter("password", "\xc3").ok());          // Truncated UTF-8.
  EXPECT_FALSE(ValidatePasswordParameter("password", "\xc0\xa1").ok());      // Overlong '!'.
}

TEST(PasswordPolicy, ValidationMessageNeverEchoesThePassword) {
  core::Status status = ValidatePasswordParameter("newPassword", "Secret\x07Value");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message.find("Secret"), std::string::npos);
  EXPECT_NE(status.error().message.find("'newPassword'"), std::string::npos);
}

TEST(PasswordPolicy, ReuseOfARecentPasswordIsRefused) {
  PasswordPolicy policy;
  policy.password_reuse_prevention = 2;
  const std::vector<std::string> recent = {Hash("current-1A!"), Hash("previous-1A!"), Hash("older-1A!")};
  core::Status current = CheckPasswordReuse(policy, "current-1A!", recent);
  ASSERT_FALSE(current.ok());
  EXPECT_EQ(current.error().code, "PasswordPolicyViolation");
  EXPECT_FALSE(CheckPasswordReuse(policy, "previous-1A!", recent).ok());
  EXPECT_TRUE(CheckPasswordReuse(policy, "older-1A!", recent).ok());  // Beyond the last 2.
  EXPECT_TRUE(CheckPasswordReuse(policy, "brand-new-1A!", recent).ok());
}

TEST(PasswordPolicy, ReuseIsAllowedWithoutPrevention) {
  const std::vector<std::string> recent = {Hash("current-1A!")};
  EXPECT_TRUE(CheckPasswordReuse(std::nullopt, "current-1A!", recent).ok());
  EXPECT_TRUE(CheckPasswordReuse(PasswordPolicy{}, "current-1A!", recent).ok());
}

TEST(PasswordPolicy, UnreadableHistoryFailsClosed) {
  PasswordPolicy policy;
  policy.password_reuse_prevention = 1;
  core::Status status = CheckPasswordReuse(policy, "anything", {"not a hash"});
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, "ServiceFailure");
}

TEST(PasswordPolicy, ExpiryFollowsMaxPasswordAge) {
  PasswordPolicy policy;
  EXPECT_FALSE(PasswordExpiresAt(policy, 1000).has_value());
  EXPECT_FALSE(PasswordExpiresAt(std::nullopt, 1000).has_value());
  policy.max_password_age = 90;
  EXPECT_EQ(PasswordExpiresAt(policy, 1000), 1000 + 90 * 86400);
}

}  // namespace
}  // namespace bulwark::iam
