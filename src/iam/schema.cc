#include "iam/schema.h"

#include "iam/access_keys.h"
#include "iam/credential_tables.h"
#include "iam/policy_principals.h"

namespace bulwark::iam {

std::vector<store::Migration> IamMigrations() {
  std::vector<store::Migration> out = AccessKeyMigrations();
  out.push_back(store::Migration{"iam", 1, "users, groups, roles, policies, attachments, tags", R"sql(
    CREATE TABLE IF NOT EXISTS iam_entities (
      kind TEXT NOT NULL CHECK (kind IN ('user', 'group', 'role')),
      name_lower TEXT NOT NULL,
      name TEXT NOT NULL,
      id TEXT NOT NULL UNIQUE,
      path TEXT NOT NULL,
      arn TEXT NOT NULL UNIQUE,
      created BIGINT NOT NULL,
      boundary_arn TEXT NOT NULL DEFAULT '',
      description TEXT NOT NULL DEFAULT '',
      trust_policy TEXT NOT NULL DEFAULT '',
      max_session_duration BIGINT NOT NULL DEFAULT 3600,
      PRIMARY KEY (kind, name_lower)
    );
    CREATE TABLE IF NOT EXISTS iam_policies (
      arn TEXT PRIMARY KEY,
      name_lower TEXT NOT NULL UNIQUE,
      name TEXT NOT NULL,
      id TEXT NOT NULL UNIQUE,
      path TEXT NOT NULL,
      description TEXT NOT NULL DEFAULT '',
      default_version TEXT NOT NULL,
      next_version BIGINT NOT NULL,
      created BIGINT NOT NULL,
      updated BIGINT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS iam_policy_versions (
      policy_arn TEXT NOT NULL REFERENCES iam_policies (arn) ON DELETE CASCADE,
      version_id TEXT NOT NULL,
      number BIGINT NOT NULL,
      document TEXT NOT NULL,
      created BIGINT NOT NULL,
      PRIMARY KEY (policy_arn, version_id)
    );
    CREATE TABLE IF NOT EXISTS iam_attachments (
      kind TEXT NOT NULL,
      name_lower TEXT NOT NULL,
      policy_arn TEXT NOT NULL,
      PRIMARY KEY (kind, name_lower, policy_arn)
    );
    CREATE INDEX IF NOT EXISTS iam_attachments_by_policy ON iam_attachments (policy_arn);
    CREATE TABLE IF NOT EXISTS iam_inline_policies (
      kind TEXT NOT NULL,
      name_lower TEXT NOT NULL,
      policy_name TEXT NOT NULL,
      document TEXT NOT NULL,
      PRIMARY KEY (kind, name_lower, policy_name)
    );
    CREATE TABLE IF NOT EXISTS iam_group_members (
      group_lower TEXT NOT NULL,
      user_lower TEXT NOT NULL,
      PRIMARY KEY (group_lower, user_lower)
    );
    CREATE INDEX IF NOT EXISTS iam_group_members_by_user ON iam_group_members (user_lower);
    CREATE TABLE IF NOT EXISTS iam_tags (
      resource_arn TEXT NOT NULL,
      key_lower TEXT NOT NULL,
      tag_key TEXT NOT NULL,
      tag_value TEXT NOT NULL,
      PRIMARY KEY (resource_arn, key_lower)
    );
  )sql"});
  // Version 2 (issue 11): one server hosts many accounts, so names are unique per account and every
  // row says whose it is. Tables whose keys change are rebuilt (neither SQLite nor PostgreSQL can
  // change a primary key in place); rows written before accounts existed belong to the first account
  // (the only one there was). Children are dropped before their parents so no cascade fires.
  out.push_back(store::Migration{"iam", 2, "accounts: every IAM row carries its account", R"sql(
    CREATE TABLE iam_entities_v2 (
      account_id TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('user', 'group', 'role')),
      name_lower TEXT NOT NULL,
      name TEXT NOT NULL,
      id TEXT NOT NULL UNIQUE,
      path TEXT NOT NULL,
      arn TEXT NOT NULL UNIQUE,
      created BIGINT NOT NULL,
      boundary_arn TEXT NOT NULL DEFAULT '',
      description TEXT NOT NULL DEFAULT '',
      trust_policy TEXT NOT NULL DEFAULT '',
      max_session_duration BIGINT NOT NULL DEFAULT 3600,
      PRIMARY KEY (account_id, kind, name_lower)
    );
    INSERT INTO iam_entities_v2 (account_id, kind, name_lower, name, id, path, arn, created, boundary_arn,
                                 description, trust_policy, max_session_duration)
      SELECT (SELECT account_id FROM accounts ORDER BY created, account_id LIMIT 1), kind, name_lower, name, id,
             path, arn, created, boundary_arn, description, trust_policy, max_session_duration
      FROM iam_entities;
    CREATE TABLE iam_policies_v2 (
      account_id TEXT NOT NULL,
      arn TEXT PRIMARY KEY,
      name_lower TEXT NOT NULL,
      name TEXT NOT NULL,
      id TEXT NOT NULL UNIQUE,
      path TEXT NOT NULL,
      description TEXT NOT NULL DEFAULT '',
      default_version TEXT NOT NULL,
      next_version BIGINT NOT NULL,
      created BIGINT NOT NULL,
      updated BIGINT NOT NULL,
      UNIQUE (account_id, name_lower)
    );
    INSERT INTO iam_policies_v2 (account_id, arn, name_lower, name, id, path, description, default_version,
                                 next_version, created, updated)
      SELECT (SELECT account_id FROM accounts ORDER BY created, account_id LIMIT 1), arn, name_lower, name, id,
             path, description, default_version, next_version, created, updated
      FROM iam_policies;
    CREATE TABLE iam_policy_versions_v2 (
      policy_arn TEXT NOT NULL REFERENCES iam_policies_v2 (arn) ON DELETE CASCADE,
      version_id TEXT NOT NULL,
      number BIGINT NOT NULL,
      document TEXT NOT NULL,
      created BIGINT NOT NULL,
      PRIMARY KEY (policy_arn, version_id)
    );
    INSERT INTO iam_policy_versions_v2 (policy_arn, version_id, number, document, created)
      SELECT policy_arn, version_id, number, document, created FROM iam_policy_versions;
    CREATE TABLE iam_attachments_v2 (
      account_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      name_lower TEXT NOT NULL,
      policy_arn TEXT NOT NULL,
      PRIMARY KEY (account_id, kind, name_lower, policy_arn)
    );
    INSERT INTO iam_attachments_v2 (account_id, kind, name_lower, policy_arn)
      SELECT (SELECT account_id FROM accounts ORDER BY created, account_id LIMIT 1), kind, name_lower, policy_arn
      FROM iam_attachments;
    CREATE TABLE iam_inline_policies_v2 (
      account_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      name_lower TEXT NOT NULL,
      policy_name TEXT NOT NULL,
      document TEXT NOT NULL,
      PRIMARY KEY (account_id, kind, name_lower, policy_name)
    );
    INSERT INTO iam_inline_policies_v2 (account_id, kind, name_lower, policy_name, document)
      SELECT (SELECT account_id FROM accounts ORDER BY created, account_id LIMIT 1), kind, name_lower, policy_name,
             document
      FROM iam_inline_policies;
    CREATE TABLE iam_group_members_v2 (
      account_id TEXT NOT NULL,
      group_lower TEXT NOT NULL,
      user_lower TEXT NOT NULL,
      PRIMARY KEY (account_id, group_lower, user_lower)
    );
    INSERT INTO iam_group_members_v2 (account_id, group_lower, user_lower)
      SELECT (SELECT account_id FROM accounts ORDER BY created, account_id LIMIT 1), group_lower, user_lower
      FROM iam_group_members;
    CREATE TABLE iam_tags_v2 (
      account_id TEXT NOT NULL,
      resource_arn TEXT NOT NULL,
      key_lower TEXT NOT NULL,
      tag_key TEXT NOT NULL,
      tag_value TEXT NOT NULL,
      PRIMARY KEY (resource_arn, key_lower)
    );
    INSERT INTO iam_tags_v2 (account_id, resource_arn, key_lower, tag_key, tag_value)
      SELECT (SELECT account_id FROM accounts ORDER BY created, account_id LIMIT 1), resource_arn, key_lower,
             tag_key, tag_value
      FROM iam_tags;
    DROP TABLE iam_policy_versions;
    DROP TABLE iam_policies;
    DROP TABLE iam_entities;
    DROP TABLE iam_attachments;
    DROP TABLE iam_inline_policies;
    DROP TABLE iam_group_members;
    DROP TABLE iam_tags;
    ALTER TABLE iam_entities_v2 RENAME TO iam_entities;
    ALTER TABLE iam_policies_v2 RENAME TO iam_policies;
    ALTER TABLE iam_policy_versions_v2 RENAME TO iam_policy_versions;
    ALTER TABLE iam_attachments_v2 RENAME TO iam_attachments;
    ALTER TABLE iam_inline_policies_v2 RENAME TO iam_inline_policies;
    ALTER TABLE iam_group_members_v2 RENAME TO iam_group_members;
    ALTER TABLE iam_tags_v2 RENAME TO iam_tags;
    CREATE INDEX IF NOT EXISTS iam_attachments_by_policy ON iam_attachments (policy_arn);
    CREATE INDEX IF NOT EXISTS iam_group_members_by_user ON iam_group_members (account_id, user_lower);
  )sql"});
  for (auto& m : CredentialMigrations()) out.push_back(std::move(m));
  for (auto& m : PolicyPrincipalMigrations()) out.push_back(std::move(m));
  return out;
}

}  // namespace bulwark::iam
