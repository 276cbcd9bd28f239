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
  for (auto& m : CredentialMigrations()) out.push_back(std::move(m));
  for (auto& m : PolicyPrincipalMigrations()) out.push_back(std::move(m));
  return out;
}

}  // namespace bulwark::iam
