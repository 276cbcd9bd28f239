// The account password policy (iam UpdateAccountPasswordPolicy / GetAccountPasswordPolicy) and the
// checks IAM applies to a new console password: length, character classes, reuse of recent passwords.
//
// Messages follow what IAM answers on the wire (PasswordPolicyViolation "Password should have a
// minimum length of 8", "Password should meet 1 more of the following requirements: Password should
// have at least one uppercase letter, Password should have at least one symbol"; ValidationError in
// the "N validation error(s) detected: ..." form). Passwords never appear in any message.
//
// When the account has no custom policy, IAM applies its default policy (IAM User Guide, "Set an
// account password policy for IAM users"): at least 8 characters and at least three of the four
// character classes (upper case, lower case, digits, symbols). Its third rule, "not identical to the
// AWS account name or email address", has no counterpart here: this server keeps neither.
// Thread-safety: pure functions over values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace bulwark::iam {

// A custom policy with every member resolved (UpdateAccountPasswordPolicy's defaults applied).
struct PasswordPolicy {
  int64_t minimum_password_length = 6;  // botocore: "the operation uses the default value of 6"
  bool require_symbols = false;
  bool require_numbers = false;
  bool require_uppercase_characters = false;
  bool require_lowercase_characters = false;
  bool allow_users_to_change_password = false;
  int64_t max_password_age = 0;           // Days; 0: passwords never expire.
  int64_t password_reuse_prevention = 0;  // 0: reuse allowed.
  bool hard_expiry = false;

  // GetAccountPasswordPolicy's ExpirePasswords: true when MaxPasswordAge > 0.
  bool ExpirePasswords() const { return max_password_age > 0; }
  bool operator==(const PasswordPolicy&) const = default;
};

// UpdateAccountPasswordPolicy's parameters as given (absent members take the defaults).
struct PasswordPolicyUpdate {
  std::optional<int64_t> minimum_password_length;
  std::optional<bool> require_symbols;
  std::optional<bool> require_numbers;
  std::optional<bool> require_uppercase_characters;
  std::optional<bool> require_lowercase_characters;
  std::optional<bool> allow_users_to_change_password;
  std::optional<int64_t> max_password_age;
  std::optional<int64_t> password_reuse_prevention;
  std::optional<bool> hard_expiry;
};

// The default policy's numbers (IAM User Guide).
inline constexpr int64_t kDefaultPolicyMinimumLength = 8;
inline constexpr int kDefaultPolicyRequiredClasses = 3;
// botocore's passwordType: 1..128 characters of U+0009, U+000A, U+000D, U+0020..U+00FF.
inline constexpr std::size_t kMaxPasswordCharacters = 128;
// PasswordReusePrevention's maximum: no more history than this is ever consulted.
inline constexpr int64_t kMaxPasswordReusePrevention = 24;

// Applies defaults and checks ranges (MinimumPasswordLength 6..128, MaxPasswordAge 1..1095,
// PasswordReusePrevention 1..24, as botocore's model constrains them). Errors: ValidationError listing
// every violated constraint.
core::Result<PasswordPolicy> ResolvePasswordPolicy(const PasswordPolicyUpdate& update);

// AWS's symbol set for RequireSymbols: ! @ # $ % ^ & * ( ) _ + - = [ ] { } | '
bool IsPasswordSymbol(char32_t c);

// The passwordType constraint on a request parameter named `member` (e.g. "password",
// "newPassword"): 1..128 characters from the allowed set, in UTF-8. Errors: ValidationError naming the
// member (never the value).
core::Status ValidatePasswordParameter(std::string_view member, std::string_view password);

// Checks a new password against `policy`, or against IAM's default policy when there is none.
// Errors: PasswordPolicyViolation with IAM's message. Call ValidatePasswordParameter first.
core::Status CheckPasswordAgainstPolicy(const std::optional<PasswordPolicy>& policy, std::string_view password);

// Reuse prevention: `recent_hashes` are the user's argon2id hashes, newest first, starting with the
// current password's. Only the first `policy.password_reuse_prevention` are consulted. Errors:
// PasswordPolicyViolation when `password` matches one; the verifier's error if a hash is unreadable
// (fails closed).
core::Status CheckPasswordReuse(const std::optional<PasswordPolicy>& policy, std::string_view password,
                                const std::vector<std::string>& recent_hashes);

// When a password changed at `last_changed` (epoch seconds) expires under `policy`, or nullopt when
// passwords do not expire. The credential report's password_next_rotation.
std::optional<int64_t> PasswordExpiresAt(const std::optional<PasswordPolicy>& policy, int64_t last_changed);

}  // namespace bulwark::iam
