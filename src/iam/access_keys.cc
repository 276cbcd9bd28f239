#include "iam/access_keys.h"

#include "iam/rows.h"

namespace bulwark::iam {

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

namespace {

core::Error NoSuchKey(const std::string& user_name, const std::string& access_key_id) {
  return core::Error{"NoSuchEntity",
                     "The Access Key with id " + access_key_id + " cannot be found for user " + user_name + "."};
}

}  // namespace

core::Result<std::vector<AccessKeyMetadata>> ListUserAccessKeys(store::ReadView& view, const std::string& account,
                                                                const std::string& user_name) {
  std::vector<AccessKeyMetadata> out;
  core::Status s = view.Query(
      "SELECT access_key_id, user_name, status, created FROM access_keys WHERE account_id = ? "
      "AND principal_kind = 'user' AND user_name = ? ORDER BY created, access_key_id",
      {store::Value(account), store::Value(user_name)}, [&](const store::Row& r) {
        AccessKeyMetadata m;
        m.access_key_id = TextAt(r, 0);
        m.user_name = TextAt(r, 1);
        m.active = TextAt(r, 2) == "Active";
        m.created = IntAt(r, 3);
        out.push_back(std::move(m));
        return true;
      });
  if (!s.ok()) return s.error();
  return out;
}

core::Status SetAccessKeyStatus(store::Transaction& txn, const std::string& account, const std::string& user_name,
                                const std::string& access_key_id, bool active) {
  auto changed = txn.Execute(
      "UPDATE access_keys SET status = ? WHERE access_key_id = ? AND account_id = ? AND principal_kind = 'user' "
      "AND user_name = ?",
      {store::Value(std::string(active ? "Active" : "Inactive")), store::Value(access_key_id), store::Value(account),
       store::Value(user_name)});
  if (!changed.ok()) return changed.error();
  if (*changed == 0) return NoSuchKey(user_name, access_key_id);
  return core::Status::Ok();
}

core::Status DeleteAccessKey(store::Transaction& txn, const std::string& account, const std::string& user_name,
                             const std::string& access_key_id) {
  auto changed = txn.Execute(
      "DELETE FROM access_keys WHERE access_key_id = ? AND account_id = ? AND principal_kind = 'user' AND user_name = ?",
      {store::Value(access_key_id), store::Value(account), store::Value(user_name)});
  if (!changed.ok()) return changed.error();
  if (*changed == 0) return NoSuchKey(user_name, access_key_id);
  return core::Status::Ok();
}

}  // namespace bulwark::iam
