// The tables behind IAM's credential-hygiene calls, as migrations of their own store component
// ("iam_credentials", independent of the "iam" entity tables so the two evolve without colliding):
//   iam_login_profiles      one console password per user (argon2id hash), keyed by the user's id
//   iam_password_history    recent password hashes per user, for PasswordReusePrevention (<= 24)
//   iam_password_policy     the account password policy (at most one row)
//   iam_account_aliases     the account alias (IAM allows one)
//   iam_mfa_devices         virtual MFA devices: seed sealed under the master key, assignment,
//                           last accepted TOTP step and clock drift
//   iam_credential_reports  the last generated credential report
// Rows refer to users by their unique id (AIDA...), never by name, so a user deleted and created
// again under the same name inherits nothing.
// Thread-safety: pure (returns data).
#pragma once

#include <vector>

#include "store/migrations.h"

namespace bulwark::iam {

std::vector<store::Migration> CredentialMigrations();

}  // namespace bulwark::iam
