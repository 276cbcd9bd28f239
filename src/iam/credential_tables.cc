#include "iam/credential_tables.h"

namespace bulwark::iam {

std::vector<store::Migration> CredentialMigrations() {
  return {store::Migration{"iam_credentials", 1, "login profiles, password policy, aliases, MFA devices, reports",
                           R"sql(
    CREATE TABLE IF NOT EXISTS iam_login_profiles (
      user_id TEXT PRIMARY KEY,
      password_hash TEXT NOT NULL,
      created BIGINT NOT NULL,
      password_changed BIGINT NOT NULL,
      password_last_used BIGINT,
      reset_required BIGINT NOT NULL DEFAULT 0
    );
    CREATE TABLE IF NOT EXISTS iam_password_history (
      user_id TEXT NOT NULL,
      seq BIGINT NOT NULL,
      password_hash TEXT NOT NULL,
      PRIMARY KEY (user_id, seq)
    );
    CREATE TABLE IF NOT EXISTS iam_password_policy (
      id BIGINT PRIMARY KEY CHECK (id = 1),
      minimum_password_length BIGINT NOT NULL,
      require_symbols BIGINT NOT NULL,
      require_numbers BIGINT NOT NULL,
      require_uppercase_characters BIGINT NOT NULL,
      require_lowercase_characters BIGINT NOT NULL,
      allow_users_to_change_password BIGINT NOT NULL,
      max_password_age BIGINT NOT NULL,
      password_reuse_prevention BIGINT NOT NULL,
      hard_expiry BIGINT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS iam_account_aliases (
      alias TEXT PRIMARY KEY
    );
    CREATE TABLE IF NOT EXISTS iam_mfa_devices (
      serial_lower TEXT PRIMARY KEY,
      serial_number TEXT NOT NULL,
      name TEXT NOT NULL,
      path TEXT NOT NULL,
      seed_sealed BYTEA NOT NULL,
      created BIGINT NOT NULL,
      user_id TEXT NOT NULL DEFAULT '',
      user_name TEXT NOT NULL DEFAULT '',
      enable_date BIGINT NOT NULL DEFAULT 0,
      last_step BIGINT NOT NULL DEFAULT -1,
      drift_steps BIGINT NOT NULL DEFAULT 0
    );
    CREATE INDEX IF NOT EXISTS iam_mfa_devices_by_user ON iam_mfa_devices (user_id);
    CREATE TABLE IF NOT EXISTS iam_credential_reports (
      id BIGINT PRIMARY KEY CHECK (id = 1),
      generated BIGINT NOT NULL,
      content TEXT NOT NULL
    );
  )sql"},
          // Failed MFA codes per device, so guessing is throttled (mfa_devices.h, MfaThrottle). Kept in the
          // store so a lockout survives a restart and holds across nodes sharing the store.
          store::Migration{"iam_credentials", 2, "MFA attempt throttling", R"sql(
    CREATE TABLE IF NOT EXISTS iam_mfa_attempts (
      serial_lower TEXT PRIMARY KEY,
      failures BIGINT NOT NULL,
      window_start BIGINT NOT NULL,
      locked_until BIGINT NOT NULL
    );
  )sql"}};
}

}  // namespace bulwark::iam
