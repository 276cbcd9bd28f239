#include "iam/password_policy.h"

#include <algorithm>
#include <string>

#include "crypto/password_hash.h"

namespace bulwark::iam {
namespace {

constexpr std::string_view kSymbols = "!@#$%^&*()_+-=[]{}|'";

constexpr std::string_view kUppercaseMessage = "Password should have at least one uppercase letter";
constexpr std::string_view kLowercaseMessage = "Password should have at least one lowercase letter";
constexpr std::string_view kNumberMessage = "Password should have at least one number";
constexpr std::string_view kSymbolMessage = "Password should have at least one symbol";

core::Error Violation(std::string message) { return core::Error{"PasswordPolicyViolation", std::move(message)}; }

// The AWS validation message: "1 validation error detected: Value '5' at 'minimumPasswordLength'
// failed to satisfy constraint: Member must have value greater than or equal to 6" (several joined
// with "; ").
core::Error ValidationErrors(const std::vector<std::string>& problems) {
  std::string message = std::to_string(problems.size()) +
                        (problems.size() == 1 ? " validation error detected: " : " validation errors detected: ");
  for (std::size_t i = 0; i < problems.size(); ++i) {
    if (i > 0) message += "; ";
    message += problems[i];
  }
  return core::Error{"ValidationError", std::move(message)};
}

void CheckRange(std::vector<std::string>& problems, std::string_view member, const std::optional<int64_t>& value,
                int64_t min, int64_t max) {
  if (!value.has_value()) return;
  const std::string prefix = "Value '" + std::to_string(*value) + "' at '" + std::string(member) +
                             "' failed to satisfy constraint: Member must have value ";
  if (*value < min) problems.push_back(prefix + "greater than or equal to " + std::to_string(min));
  if (*value > max) problems.push_back(prefix + "less than or equal to " + std::to_string(max));
}

// Decodes UTF-8 into code points; false on malformed input (overlong forms included).
bool DecodeUtf8(std::string_view text, std::u32string* out) {
  for (std::size_t i = 0; i < text.size();) {
    const auto b0 = static_cast<unsigned char>(text[i]);
    char32_t c = 0;
    std::size_t extra = 0;
    if (b0 < 0x80) {
      c = b0;
    } else if ((b0 & 0xe0) == 0xc0) {
      c = b0 & 0x1f;
      extra = 1;
    } else if ((b0 & 0xf0) == 0xe0) {
      c = b0 & 0x0f;
      extra = 2;
    } else if ((b0 & 0xf8) == 0xf0) {
      c = b0 & 0x07;
      extra = 3;
    } else {
      return false;
    }
    if (i + extra >= text.size()) return false;  // Truncated sequence.
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto b = static_cast<unsigned char>(text[i + k]);
      if ((b & 0xc0) != 0x80) return false;
      c = (c << 6) | (b & 0x3f);
    }
    static constexpr char32_t kMinimum[] = {0, 0x80, 0x800, 0x10000};
    if (c < kMinimum[extra] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) return false;
    out->push_back(c);
    i += extra + 1;
  }
  return true;
}

bool AllowedPasswordCharacter(char32_t c) { return c == 0x09 || c == 0x0a || c == 0x0d || (c >= 0x20 && c <= 0xff); }

struct Classes {
  bool upper = false;
  bool lower = false;
  bool number = false;
  bool symbol = false;
};

Classes Classify(const std::u32string& password) {
  Classes classes;
  for (const char32_t c : password) {
    classes.upper |= c >= U'A' && c <= U'Z';
    classes.lower |= c >= U'a' && c <= U'z';
    classes.number |= c >= U'0' && c <= U'9';
    classes.symbol |= IsPasswordSymbol(c);
  }
  return classes;
}

std::string Join(const std::vector<std::string_view>& parts) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += ", ";
    out += parts[i];
  }
  return out;
}

}  // namespace

core::Result<PasswordPolicy> ResolvePasswordPolicy(const PasswordPolicyUpdate& update) {
  std::vector<std::string> problems;
  CheckRange(problems, "minimumPasswordLength", update.minimum_password_length, 6,
             static_cast<int64_t>(kMaxPasswordCharacters));
  CheckRange(problems, "maxPasswordAge", update.max_password_age, 1, 1095);
  CheckRange(problems, "passwordReusePrevention", update.password_reuse_prevention, 1, kMaxPasswordReusePrevention);
  if (!problems.empty()) return ValidationErrors(problems);
  PasswordPolicy policy;
  policy.minimum_password_length = update.minimum_password_length.value_or(policy.minimum_password_length);
  policy.require_symbols = update.require_symbols.value_or(false);
  policy.require_numbers = update.require_numbers.value_or(false);
  policy.require_uppercase_characters = update.require_uppercase_characters.value_or(false);
  policy.require_lowercase_characters = update.require_lowercase_characters.value_or(false);
  policy.allow_users_to_change_password = update.allow_users_to_change_password.value_or(false);
  policy.max_password_age = update.max_password_age.value_or(0);
  policy.password_reuse_prevention = update.password_reuse_prevention.value_or(0);
  policy.hard_expiry = update.hard_expiry.value_or(false);
  return policy;
}

bool IsPasswordSymbol(char32_t c) {
  return c < 0x80 && kSymbols.find(static_cast<char>(c)) != std::string_view::npos;
}

core::Status ValidatePasswordParameter(std::string_view member, std::string_view password) {
  const std::string at = "Value at '" + std::string(member) + "' failed to satisfy constraint: ";
  const std::string pattern =
      at + "Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+";
  const std::string too_long = at + "Member must have length less than or equal to 128";
  // Four bytes per character at most: anything longer cannot be 128 characters (and is not decoded).
  if (password.size() > 4 * kMaxPasswordCharacters) return ValidationErrors({too_long});
  std::u32string decoded;
  if (!DecodeUtf8(password, &decoded)) return ValidationErrors({pattern});
  if (decoded.empty()) return ValidationErrors({at + "Member must have length greater than or equal to 1"});
  if (decoded.size() > kMaxPasswordCharacters) return ValidationErrors({too_long});
  for (const char32_t c : decoded) {
    if (!AllowedPasswordCharacter(c)) return ValidationErrors({pattern});
  }
  return core::Status::Ok();
}

core::Status CheckPasswordAgainstPolicy(const std::optional<PasswordPolicy>& policy, std::string_view password) {
  std::u32string decoded;
  if (!DecodeUtf8(password, &decoded)) {
    return Violation("Password should have a minimum length of " +
                     std::to_string(policy ? policy->minimum_password_length : kDefaultPolicyMinimumLength));
  }
  const Classes has = Classify(decoded);
  const auto length = static_cast<int64_t>(decoded.size());
  if (!policy.has_value()) {
    // IAM's default policy: the length first, alone (as IAM answers), then three of four classes.
    if (length < kDefaultPolicyMinimumLength) {
      return Violation("Password should have a minimum length of " + std::to_string(kDefaultPolicyMinimumLength));
    }
    std::vector<std::string_view> missing;
    if (!has.upper) missing.push_back(kUppercaseMessage);
    if (!has.lower) missing.push_back(kLowercaseMessage);
    if (!has.number) missing.push_back(kNumberMessage);
    if (!has.symbol) missing.push_back(kSymbolMessage);
    const int present = 4 - static_cast<int>(missing.size());
    if (present >= kDefaultPolicyRequiredClasses) return core::Status::Ok();
    return Violation("Password should meet " + std::to_string(kDefaultPolicyRequiredClasses - present) +
                     " more of the following requirements: " + Join(missing));
  }
  if (length < policy->minimum_password_length) {
    return Violation("Password should have a minimum length of " + std::to_string(policy->minimum_password_length));
  }
  // Every unmet requirement, in the order the console lists them, joined as IAM joins requirement
  // lists; one unmet requirement reads exactly as IAM's single message.
  std::vector<std::string_view> unmet;
  if (policy->require_uppercase_characters && !has.upper) unmet.push_back(kUppercaseMessage);
  if (policy->require_lowercase_characters && !has.lower) unmet.push_back(kLowercaseMessage);
  if (policy->require_numbers && !has.number) unmet.push_back(kNumberMessage);
  if (policy->require_symbols && !has.symbol) unmet.push_back(kSymbolMessage);
  if (!unmet.empty()) return Violation(Join(unmet));
  return core::Status::Ok();
}

core::Status CheckPasswordReuse(const std::optional<PasswordPolicy>& policy, std::string_view password,
                                const std::vector<std::string>& recent_hashes) {
  if (!policy.has_value() || policy->password_reuse_prevention <= 0) return core::Status::Ok();
  const auto count = std::min<std::size_t>(recent_hashes.size(),
                                           static_cast<std::size_t>(std::min(policy->password_reuse_prevention,
                                                                             kMaxPasswordReusePrevention)));
  for (std::size_t i = 0; i < count; ++i) {
    auto matches = crypto::VerifyPassword(password, recent_hashes[i]);
    if (!matches.ok()) return core::Error{"ServiceFailure", "The password history could not be read."};
    if (*matches) {
      return Violation("Password should not be one of your previous " +
                       std::to_string(policy->password_reuse_prevention) + " passwords");
    }
  }
  return core::Status::Ok();
}

std::optional<int64_t> PasswordExpiresAt(const std::optional<PasswordPolicy>& policy, int64_t last_changed) {
  if (!policy.has_value() || !policy->ExpirePasswords()) return std::nullopt;
  return last_changed + policy->max_password_age * 86400;
}

}  // namespace bulwark::iam
