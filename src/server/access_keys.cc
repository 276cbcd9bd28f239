#include "server/access_keys.h"

namespace bulwark::server {

std::vector<store::Migration> AccessKeyMigrations() {
  return {store::Migration{"auth", 1, "create accounts and access_keys", R"sql(
    CREATE TABLE IF NOT EXISTS accounts (
      account_id TEXT PRIMARY KEY,
      created BIGINT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS access_keys (
      access_key_id TEXT PRIMARY KEY,
      account_id TEXT NOT NULL REFERENCES accounts (account_id),
      principal_kind TEXT NOT NULL,
      principal_arn TEXT NOT NULL,
      principal_id TEXT NOT NULL,
      user_name TEXT NOT NULL,
      status TEXT NOT NULL,
      secret_sealed BYTEA NOT NULL,
      created BIGINT NOT NULL
    );
  )sql"}};
}

core::Status InsertAccount(store::Transaction& txn, const std::string& account_id, int64_t now) {
  return txn.Execute("INSERT INTO accounts (account_id, created) VALUES (?, ?)", {store::Value(account_id), store::Value(now)})
      .status();
}

core::Result<std::optional<std::string>> FindAccount(store::ReadView& view) {
  auto row = view.QueryOne("SELECT account_id FROM accounts ORDER BY created LIMIT 1");
  if (!row.ok()) return row.error();
  if (!*row) return std::optional<std::string>();
  auto id = (*row)->Text(0);
  if (!id.ok()) return id.error();
  return std::optional<std::string>(std::string(*id));
}

core::Status InsertAccessKey(store::Transaction& txn, const AccessKeyRecord& k, int64_t now) {
  return txn
      .Execute(
          "INSERT INTO access_keys (access_key_id, account_id, principal_kind, principal_arn, principal_id, "
          "user_name, status, secret_sealed, created) VALUES (?,?,?,?,?,?,?,?,?)",
          {store::Value(k.access_key_id), store::Value(k.account_id),
           store::Value(std::string(k.kind == core::CallerKind::kRoot ? "root" : "user")), store::Value(k.principal_arn),
           store::Value(k.principal_id), store::Value(k.user_name), store::Value(std::string(k.active ? "Active" : "Inactive")),
           store::Value::Blob(k.secret_sealed), store::Value(now)})
      .status();
}

core::Result<std::optional<AccessKeyRecord>> FindAccessKey(store::ReadView& view, const std::string& access_key_id) {
  auto row = view.QueryOne(
      "SELECT access_key_id, account_id, principal_kind, principal_arn, principal_id, user_name, status, "
      "secret_sealed FROM access_keys WHERE access_key_id = ?",
      {store::Value(access_key_id)});
  if (!row.ok()) return row.error();
  if (!*row) return std::optional<AccessKeyRecord>();
  const store::Row& r = **row;
  AccessKeyRecord k;
  auto text = [&](std::size_t i) { return r.Text(i).ok() ? std::string(*r.Text(i)) : std::string(); };
  k.access_key_id = text(0);
  k.account_id = text(1);
  k.kind = text(2) == "root" ? core::CallerKind::kRoot : core::CallerKind::kIamUser;
  k.principal_arn = text(3);
  k.principal_id = text(4);
  k.user_name = text(5);
  k.active = text(6) == "Active";
  auto sealed = r.BlobString(7);
  if (!sealed.ok()) return sealed.error();
  k.secret_sealed = std::move(sealed.value());
  return std::optional<AccessKeyRecord>(std::move(k));
}

}  // namespace bulwark::server
