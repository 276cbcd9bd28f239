// Identifiers IAM hands out: unique ids with their type prefix (AIDA users, AGPA groups, AROA roles,
// ANPA policies, ASIA/AKIA keys), secret access keys and account ids, all from the OpenSSL DRBG.
// Thread-safety: thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace bulwark::iam {

inline constexpr std::string_view kUserIdPrefix = "AIDA";
inline constexpr std::string_view kGroupIdPrefix = "AGPA";
inline constexpr std::string_view kRoleIdPrefix = "AROA";
inline constexpr std::string_view kPolicyIdPrefix = "ANPA";
inline constexpr std::string_view kLongTermKeyPrefix = "AKIA";
inline constexpr std::string_view kTemporaryKeyPrefix = "ASIA";

// `prefix` followed by 17 characters of AWS's id alphabet (A-Z, 2-7): 21 characters, as AWS's
// unique ids are.
core::Result<std::string> NewUniqueId(std::string_view prefix);
// `prefix` followed by 16 characters: 20, as access key ids are.
core::Result<std::string> NewAccessKeyId(std::string_view prefix);
// 40 base64 characters (30 random bytes), the length of AWS secret access keys.
core::Result<std::string> NewSecretAccessKey();
// 12 decimal digits, not starting with 0.
core::Result<std::string> NewAccountId();

}  // namespace bulwark::iam
