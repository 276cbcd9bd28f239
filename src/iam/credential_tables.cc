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
  )sql"},
          // Version 3 (issue 11): the account-wide settings are per account, and so are the lists of MFA
          // devices. Login profiles, password history and MFA attempts are keyed by a user's unique id or
          // a device's ARN, which already name one account. Existing rows belong to the first account.
          store::Migration{"iam_credentials", 3, "accounts: account settings and MFA devices per account", R"sql(
    CREATE TABLE iam_password_policy_v3 (
      account_id TEXT PRIMARY KEY,
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
    INSERT INTO iam_password_policy_v3 (account_id, minimum_password_length, require_symbols, require_numbers,
                                        require_uppercase_characters, require_lowercase_characters,
                                        allow_users_to_change_password, max_password_age, password_reuse_prevention,
                                        hard_expiry)
      SELECT (SELECT account_id FROM accounts ORDER BY created, account_id LIMIT 1), minimum_password_length,
             require_symbols, require_numbers, require_uppercase_characters, require_lowercase_characters,
             allow_users_to_change_password, max_password_age, password_reuse_prevention, hard_expiry
      FROM iam_password_policy;
    DROP TABLE iam_password_policy;
    ALTER TABLE iam_password_policy_v3 RENAME TO iam_password_policy;
    CREATE TABLE iam_account_aliases_v3 (
      alias TEXT PRIMARY KEY,
      account_id TEXT NOT NULL UNIQUE
    );
    INSERT INTO iam_account_aliases_v3 (alias, account_id)
      SELECT alias, (SELECT account_id FROM accounts ORDER BY created, account_id LIMIT 1) FROM iam_account_aliases;
    DROP TABLE iam_account_aliases;
    ALTER TABLE iam_account_aliases_v3 RENAME TO iam_account_aliases;
    CREATE TABLE iam_credential_reports_v3 (
      account_id TEXT PRIMARY KEY,
      generated BIGINT NOT NULL,
      content TEXT NOT NULL
    );
    INSERT INTO iam_credential_reports_v3 (account_id, generated, content)
      SELECT (SELECT account_id FROM accounts ORDER BY created, account_id LIMIT 1), generated, content
      FROM iam_credential_reports;
    DROP TABLE iam_credential_reports;
    ALTER TABLE iam_credential_reports_v3 RENAME TO iam_credential_reports;
    ALTER TABLE iam_mfa_devices ADD COLUMN account_id TEXT NOT NULL DEFAULT '';
    UPDATE iam_mfa_devices SET account_id = (SELECT account_id FROM accounts ORDER BY created, account_id LIMIT 1);
    CREATE INDEX IF NOT EXISTS iam_mfa_devices_by_account ON iam_mfa_devices (account_id, serial_lower);
  )sql"}};
}

}  // namespace bulwark::iam
