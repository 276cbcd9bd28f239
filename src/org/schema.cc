#include "org/schema.h"

namespace bulwark::org {

std::vector<store::Migration> OrgMigrations() {
  std::vector<store::Migration> out;
  out.push_back(store::Migration{"org", 1, "organizations, units, accounts, policies, attachments", R"sql(
    CREATE TABLE IF NOT EXISTS org_organizations (
      id TEXT PRIMARY KEY,
      management_account_id TEXT NOT NULL UNIQUE,
      management_email TEXT NOT NULL,
      root_id TEXT NOT NULL UNIQUE,
      root_name TEXT NOT NULL,
      created BIGINT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS org_policy_types (
      org_id TEXT NOT NULL REFERENCES org_organizations (id) ON DELETE CASCADE,
      policy_type TEXT NOT NULL,
      PRIMARY KEY (org_id, policy_type)
    );
    CREATE TABLE IF NOT EXISTS org_units (
      org_id TEXT NOT NULL REFERENCES org_organizations (id) ON DELETE CASCADE,
      id TEXT PRIMARY KEY,
      parent_id TEXT NOT NULL,
      name TEXT NOT NULL,
      depth BIGINT NOT NULL,
      created BIGINT NOT NULL,
      UNIQUE (org_id, parent_id, name)
    );
    CREATE INDEX IF NOT EXISTS org_units_by_parent ON org_units (parent_id);
    CREATE TABLE IF NOT EXISTS org_accounts (
      account_id TEXT PRIMARY KEY,
      org_id TEXT NOT NULL REFERENCES org_organizations (id) ON DELETE CASCADE,
      parent_id TEXT NOT NULL,
      name TEXT NOT NULL,
      email TEXT NOT NULL,
      status TEXT NOT NULL,
      joined_method TEXT NOT NULL,
      joined BIGINT NOT NULL,
      UNIQUE (org_id, email)
    );
    CREATE INDEX IF NOT EXISTS org_accounts_by_parent ON org_accounts (parent_id);
    CREATE TABLE IF NOT EXISTS org_create_account_status (
      id TEXT PRIMARY KEY,
      org_id TEXT NOT NULL REFERENCES org_organizations (id) ON DELETE CASCADE,
      account_name TEXT NOT NULL,
      state TEXT NOT NULL,
      requested BIGINT NOT NULL,
      completed BIGINT NOT NULL,
      account_id TEXT NOT NULL,
      failure_reason TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS org_policies (
      org_id TEXT NOT NULL REFERENCES org_organizations (id) ON DELETE CASCADE,
      id TEXT NOT NULL,
      policy_type TEXT NOT NULL,
      name TEXT NOT NULL,
      description TEXT NOT NULL,
      content TEXT NOT NULL,
      aws_managed BIGINT NOT NULL,
      PRIMARY KEY (org_id, id),
      UNIQUE (org_id, policy_type, name)
    );
    CREATE TABLE IF NOT EXISTS org_attachments (
      org_id TEXT NOT NULL REFERENCES org_organizations (id) ON DELETE CASCADE,
      policy_id TEXT NOT NULL,
      target_id TEXT NOT NULL,
      PRIMARY KEY (org_id, policy_id, target_id)
    );
    CREATE INDEX IF NOT EXISTS org_attachments_by_target ON org_attachments (org_id, target_id);
    CREATE TABLE IF NOT EXISTS org_tags (
      org_id TEXT NOT NULL REFERENCES org_organizations (id) ON DELETE CASCADE,
      resource_id TEXT NOT NULL,
      tag_key TEXT NOT NULL,
      tag_value TEXT NOT NULL,
      PRIMARY KEY (org_id, resource_id, tag_key)
    );
    CREATE TABLE IF NOT EXISTS org_service_access (
      org_id TEXT NOT NULL REFERENCES org_organizations (id) ON DELETE CASCADE,
      service_principal TEXT NOT NULL,
      enabled BIGINT NOT NULL,
      PRIMARY KEY (org_id, service_principal)
    );
    CREATE TABLE IF NOT EXISTS org_delegated_admins (
      org_id TEXT NOT NULL REFERENCES org_organizations (id) ON DELETE CASCADE,
      account_id TEXT NOT NULL,
      service_principal TEXT NOT NULL,
      enabled BIGINT NOT NULL,
      PRIMARY KEY (org_id, account_id, service_principal)
    );
  )sql"});
  return out;
}

}  // namespace bulwark::org
