// The IAM credential report (GetCredentialReport's Content): one CSV row per IAM user plus the
// "<root_account>" row, with AWS's columns in AWS's order and its conventions for missing values
// (IAM User Guide, "Getting credential reports for your AWS account"):
//   - "N/A" where a value does not apply (no password, no access key, key never used);
//   - "no_information" for a password that has never been used;
//   - "not_supported" in the root row's password_enabled, password_last_changed and
//     password_next_rotation;
//   - booleans "true"/"false", times ISO 8601 with an explicit offset ("2014-10-28T19:21:41+00:00").
// Signing certificates do not exist here, so cert_*_active is "false" and cert_*_last_rotated "N/A".
// Fields that need it are quoted as RFC 4180 says (IAM user names may contain ',').
// Thread-safety: pure functions over values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "iam/password_policy.h"

namespace bulwark::iam {

struct CredentialReportAccessKey {
  bool active = false;
  int64_t created = 0;  // access_key_N_last_rotated: "created or last changed".
  std::optional<int64_t> last_used;
  std::string last_used_region;   // Empty: N/A.
  std::string last_used_service;  // Empty: N/A.
};

struct CredentialReportUser {
  bool root = false;      // The "<root_account>" row; `user` is ignored.
  std::string user;       // User name.
  std::string arn;
  int64_t created = 0;    // user_creation_time (the account's for the root row).
  bool password_enabled = false;
  std::optional<int64_t> password_last_used;
  std::optional<int64_t> password_last_changed;
  bool mfa_active = false;
  // At most two, oldest first (IAM's access_key_1 is the older key); more are ignored.
  std::vector<CredentialReportAccessKey> access_keys;
};

// The header row, without its line ending.
std::string CredentialReportHeader();

// Header plus one row per entry, in the given order (IAM puts the root row first), "\n" line endings.
// `policy` (the account's, if any) gives password_next_rotation.
std::string CredentialReportCsv(const std::vector<CredentialReportUser>& rows,
                                const std::optional<PasswordPolicy>& policy);

// "2014-10-28T19:21:41+00:00".
std::string CredentialReportTime(int64_t epoch_seconds);

}  // namespace bulwark::iam
