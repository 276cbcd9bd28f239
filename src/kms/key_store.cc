#include "kms/key_store.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "crypto/aead.h"
#include "crypto/hmac.h"

namespace bulwark::kms {

namespace {

using store::Value;

std::string Text(const store::Row& r, std::size_t i) {
  auto t = r.Text(i);
  return t.ok() ? std::string(*t) : std::string();
}
int64_t Int(const store::Row& r, std::size_t i) {
  auto v = r.Int64(i);
  return v.ok() ? *v : 0;
}
std::optional<int64_t> OptInt(const store::Row& r, std::size_t i) {
  if (r.IsNull(i)) return std::nullopt;
  return Int(r, i);
}
Value Opt(const std::optional<int64_t>& v) { return v ? Value(*v) : Value(); }

constexpr const char* kKeyColumns =
    "key_id, account_id, arn, description, key_spec, key_usage, origin, key_state, creation_date, deletion_date, "
    "pending_window_days, policy, rotation_period_days, next_rotation_date, current_version";

KeyRecord KeyOf(const store::Row& r) {
  KeyRecord k;
  k.key_id = Text(r, 0);
  k.account_id = Text(r, 1);
  k.arn = Text(r, 2);
  k.description = Text(r, 3);
  k.key_spec = Text(r, 4);
  k.key_usage = Text(r, 5);
  k.origin = Text(r, 6);
  k.key_state = Text(r, 7);
  k.creation_date = Int(r, 8);
  k.deletion_date = OptInt(r, 9);
  k.pending_window_days = OptInt(r, 10);
  k.policy = Text(r, 11);
  k.rotation_period_days = OptInt(r, 12);
  k.next_rotation_date = OptInt(r, 13);
  k.current_version = Int(r, 14);
  return k;
}

std::string MaterialAad(std::string_view key_id, int64_t version) {
  return "bulwark kms material\x1f" + std::string(key_id) + "\x1f" + std::to_string(version);
}

boost::json::value ContextJson(const std::optional<EncryptionContext>& c) {
  if (!c) return nullptr;
  boost::json::object o;
  for (const auto& [k, v] : *c) o[k] = v;
  return o;
}
std::optional<EncryptionContext> ContextOf(const boost::json::value& v) {
  if (!v.is_object()) return std::nullopt;
  EncryptionContext c;
  for (const auto& [k, val] : v.get_object()) {
    if (val.is_string()) c[std::string(k)] = std::string(val.get_string());
  }
  return c;
}

constexpr const char* kGrantColumns =
    "grant_id, key_id, account_id, name, grantee_principal, retiring_principal, operations, constraints, "
    "issuing_account, creation_date";

Grant GrantOf(const store::Row& r) {
  Grant g;
  g.grant_id = Text(r, 0);
  g.key_id = Text(r, 1);
  g.account_id = Text(r, 2);
  g.name = Text(r, 3);
  g.grantee_principal = Text(r, 4);
  g.retiring_principal = Text(r, 5);
  const std::string ops = Text(r, 6);
  std::size_t start = 0;
  while (start < ops.size()) {
    auto comma = ops.find(',', start);
    if (comma == std::string::npos) comma = ops.size();
    g.operations.push_back(ops.substr(start, comma - start));
    start = comma + 1;
  }
  boost::system::error_code ec;
  auto constraints = boost::json::parse(Text(r, 7), ec);
  if (!ec && constraints.is_object()) {
    const auto& o = constraints.get_object();
    if (auto* e = o.if_contains("EncryptionContextEquals")) g.context_equals = ContextOf(*e);
    if (auto* s = o.if_contains("EncryptionContextSubset")) g.context_subset = ContextOf(*s);
  }
  g.issuing_account = Text(r, 8);
  g.creation_date = Int(r, 9);
  return g;
}

core::Result<std::vector<Grant>> GrantsWhere(store::ReadView& view, const char* where, std::string_view value) {
  std::vector<Grant> out;
  auto s = view.Query(std::string("SELECT ") + kGrantColumns + " FROM kms_grants WHERE " + where +
                          " = ? ORDER BY creation_date, grant_id",
                      {Value(value)}, [&](const store::Row& r) {
                        out.push_back(GrantOf(r));
                        return true;
                      });
  if (!s.ok()) return s.error();
  return out;
}

}  // namespace

std::vector<store::Migration> KmsMigrations() {
  return {store::Migration{"kms", 1, "create keys, material, aliases, tags, grants", R"sql(
CREATE TABLE IF NOT EXISTS kms_keys (
  key_id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  arn TEXT NOT NULL,
  description TEXT NOT NULL,
  key_spec TEXT NOT NULL,
  key_usage TEXT NOT NULL,
  origin TEXT NOT NULL,
  key_state TEXT NOT NULL,
  creation_date BIGINT NOT NULL,
  deletion_date BIGINT,
  pending_window_days BIGINT,
  policy TEXT NOT NULL,
  rotation_period_days BIGINT,
  next_rotation_date BIGINT,
  current_version BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS kms_keys_by_account ON kms_keys (account_id, key_id);
CREATE INDEX IF NOT EXISTS kms_keys_by_deletion ON kms_keys (deletion_date);
CREATE TABLE IF NOT EXISTS kms_key_material (
  key_id TEXT NOT NULL REFERENCES kms_keys (key_id) ON DELETE CASCADE,
  version BIGINT NOT NULL,
  sealed BYTEA NOT NULL,
  public_key BYTEA NOT NULL,
  created BIGINT NOT NULL,
  rotation_type TEXT NOT NULL,
  PRIMARY KEY (key_id, version)
);
CREATE TABLE IF NOT EXISTS kms_aliases (
  account_id TEXT NOT NULL,
  alias_name TEXT NOT NULL,
  key_id TEXT NOT NULL REFERENCES kms_keys (key_id) ON DELETE CASCADE,
  creation_date BIGINT NOT NULL,
  last_updated BIGINT NOT NULL,
  PRIMARY KEY (account_id, alias_name)
);
CREATE INDEX IF NOT EXISTS kms_aliases_by_key ON kms_aliases (key_id);
CREATE TABLE IF NOT EXISTS kms_tags (
  key_id TEXT NOT NULL REFERENCES kms_keys (key_id) ON DELETE CASCADE,
  tag_key TEXT NOT NULL,
  tag_value TEXT NOT NULL,
  PRIMARY KEY (key_id, tag_key)
);
CREATE TABLE IF NOT EXISTS kms_grants (
  grant_id TEXT PRIMARY KEY,
  key_id TEXT NOT NULL REFERENCES kms_keys (key_id) ON DELETE CASCADE,
  account_id TEXT NOT NULL,
  name TEXT NOT NULL,
  grantee_principal TEXT NOT NULL,
  retiring_principal TEXT NOT NULL,
  operations TEXT NOT NULL,
  constraints TEXT NOT NULL,
  issuing_account TEXT NOT NULL,
  creation_date BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS kms_grants_by_key ON kms_grants (key_id);
CREATE INDEX IF NOT EXISTS kms_grants_by_retiring ON kms_grants (retiring_principal);
)sql"}};
}

std::string MaterialSealingKey(std::string_view master_key) {
  const auto mac = crypto::HmacSha256(master_key, "bulwark kms key material v1");
  return std::string(reinterpret_cast<const char*>(mac.data()), mac.size());
}

core::Result<std::string> SealMaterial(std::string_view sealing_key, std::string_view key_id, int64_t version,
                                       std::string_view material) {
  auto sealed = crypto::Seal(sealing_key, material, MaterialAad(key_id, version));
  if (!sealed.ok()) return core::Error{"KMSInternalException", "kms: cannot seal key material"};
  return sealed;
}

core::Result<std::string> OpenMaterial(std::string_view sealing_key, std::string_view key_id, int64_t version,
                                       std::string_view sealed) {
  auto opened = crypto::Open(sealing_key, sealed, MaterialAad(key_id, version));
  if (!opened.ok()) return core::Error{"KMSInternalException", "kms: key material does not open"};
  return opened;
}

core::Status InsertKey(store::Transaction& txn, const KeyRecord& k) {
  auto r = txn.Execute(std::string("INSERT INTO kms_keys (") + kKeyColumns +
                           ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       {Value(k.key_id), Value(k.account_id), Value(k.arn), Value(k.description), Value(k.key_spec),
                        Value(k.key_usage), Value(k.origin), Value(k.key_state), Value(k.creation_date),
                        Opt(k.deletion_date), Opt(k.pending_window_days), Value(k.policy),
                        Opt(k.rotation_period_days), Opt(k.next_rotation_date), Value(k.current_version)});
  return r.status();
}

core::Status UpdateKey(store::Transaction& txn, const KeyRecord& k) {
  auto r = txn.Execute(
      "UPDATE kms_keys SET description = ?, key_state = ?, deletion_date = ?, pending_window_days = ?, policy = ?, "
      "rotation_period_days = ?, next_rotation_date = ?, current_version = ? WHERE key_id = ?",
      {Value(k.description), Value(k.key_state), Opt(k.deletion_date), Opt(k.pending_window_days), Value(k.policy),
       Opt(k.rotation_period_days), Opt(k.next_rotation_date), Value(k.current_version), Value(k.key_id)});
  return r.status();
}

core::Result<std::optional<KeyRecord>> FindKey(store::ReadView& view, std::string_view account,
                                               std::string_view key_id) {
  auto row = view.QueryOne(std::string("SELECT ") + kKeyColumns + " FROM kms_keys WHERE key_id = ? AND account_id = ?",
                           {Value(key_id), Value(account)});
  if (!row.ok()) return row.error();
  if (!*row) return std::optional<KeyRecord>();
  return std::optional<KeyRecord>(KeyOf(**row));
}

core::Result<KeyPage> ListKeys(store::ReadView& view, std::string_view account, std::string_view after, int limit) {
  KeyPage page;
  auto s = view.Query(std::string("SELECT ") + kKeyColumns +
                          " FROM kms_keys WHERE account_id = ? AND key_id > ? ORDER BY key_id LIMIT ?",
                      {Value(account), Value(after), Value(int64_t{limit} + 1)}, [&](const store::Row& r) {
                        if (static_cast<int>(page.keys.size()) == limit) {
                          page.next_marker = page.keys.back().key_id;
                          return false;
                        }
                        page.keys.push_back(KeyOf(r));
                        return true;
                      });
  if (!s.ok()) return s.error();
  return page;
}

int64_t CountKeys(store::ReadView& view, std::string_view account) {
  auto row = view.QueryOne("SELECT COUNT(*) FROM kms_keys WHERE account_id = ?", {Value(account)});
  return row.ok() && *row ? Int(**row, 0) : 0;
}

core::Status DeleteKey(store::Transaction& txn, std::string_view key_id) {
  for (const char* table : {"kms_key_material", "kms_aliases", "kms_tags", "kms_grants", "kms_keys"}) {
    auto r = txn.Execute(std::string("DELETE FROM ") + table + " WHERE key_id = ?", {Value(key_id)});
    if (!r.ok()) return r.error();
  }
  return core::Status::Ok();
}

core::Result<int64_t> PurgeDueKeys(store::Transaction& txn, int64_t now) {
  std::vector<std::string> due;
  auto s = txn.Query("SELECT key_id FROM kms_keys WHERE deletion_date <= ? AND key_state = 'PendingDeletion'",
                     {Value(now)}, [&](const store::Row& r) {
                       due.push_back(Text(r, 0));
                       return true;
                     });
  if (!s.ok()) return s.error();
  for (const auto& id : due) {
    if (auto d = DeleteKey(txn, id); !d.ok()) return d.error();
  }
  return static_cast<int64_t>(due.size());
}

core::Status InsertMaterial(store::Transaction& txn, std::string_view key_id, const MaterialVersion& m) {
  auto r = txn.Execute(
      "INSERT INTO kms_key_material (key_id, version, sealed, public_key, created, rotation_type) VALUES (?, ?, ?, ?, ?, ?)",
      {Value(key_id), Value(m.version), Value::Blob(m.sealed), Value::Blob(m.public_key), Value(m.created),
       Value(m.rotation_type)});
  return r.status();
}

core::Result<std::optional<MaterialVersion>> FindMaterial(store::ReadView& view, std::string_view key_id,
                                                          int64_t version) {
  auto row = view.QueryOne(
      "SELECT version, sealed, public_key, created, rotation_type FROM kms_key_material WHERE key_id = ? AND version = ?",
      {Value(key_id), Value(version)});
  if (!row.ok()) return row.error();
  if (!*row) return std::optional<MaterialVersion>();
  const store::Row& r = **row;
  MaterialVersion m;
  m.version = Int(r, 0);
  auto sealed = r.BlobString(1);
  auto pub = r.BlobString(2);
  if (!sealed.ok() || !pub.ok()) return core::Error{"KMSInternalException", "kms: unreadable key material"};
  m.sealed = std::move(*sealed);
  m.public_key = std::move(*pub);
  m.created = Int(r, 3);
  m.rotation_type = Text(r, 4);
  return std::optional<MaterialVersion>(std::move(m));
}

core::Result<std::vector<MaterialVersion>> ListRotations(store::ReadView& view, std::string_view key_id) {
  std::vector<MaterialVersion> out;
  auto s = view.Query("SELECT version, created, rotation_type FROM kms_key_material WHERE key_id = ? AND version > 1 "
                      "ORDER BY version",
                      {Value(key_id)}, [&](const store::Row& r) {
                        MaterialVersion m;
                        m.version = Int(r, 0);
                        m.created = Int(r, 1);
                        m.rotation_type = Text(r, 2);
                        out.push_back(std::move(m));
                        return true;
                      });
  if (!s.ok()) return s.error();
  return out;
}

core::Status InsertAlias(store::Transaction& txn, const Alias& a) {
  auto r = txn.Execute(
      "INSERT INTO kms_aliases (account_id, alias_name, key_id, creation_date, last_updated) VALUES (?, ?, ?, ?, ?)",
      {Value(a.account_id), Value(a.name), Value(a.key_id), Value(a.creation_date), Value(a.last_updated)});
  return r.status();
}

core::Status RetargetAlias(store::Transaction& txn, std::string_view account, std::string_view name,
                           std::string_view key_id, int64_t now) {
  auto r = txn.Execute("UPDATE kms_aliases SET key_id = ?, last_updated = ? WHERE account_id = ? AND alias_name = ?",
                       {Value(key_id), Value(now), Value(account), Value(name)});
  return r.status();
}

core::Status DeleteAlias(store::Transaction& txn, std::string_view account, std::string_view name) {
  auto r = txn.Execute("DELETE FROM kms_aliases WHERE account_id = ? AND alias_name = ?", {Value(account), Value(name)});
  return r.status();
}

core::Result<std::optional<Alias>> FindAlias(store::ReadView& view, std::string_view account, std::string_view name) {
  auto row = view.QueryOne(
      "SELECT account_id, alias_name, key_id, creation_date, last_updated FROM kms_aliases WHERE account_id = ? AND "
      "alias_name = ?",
      {Value(account), Value(name)});
  if (!row.ok()) return row.error();
  if (!*row) return std::optional<Alias>();
  const store::Row& r = **row;
  return std::optional<Alias>(Alias{Text(r, 0), Text(r, 1), Text(r, 2), Int(r, 3), Int(r, 4)});
}

core::Result<std::vector<Alias>> ListAliases(store::ReadView& view, std::string_view account, std::string_view key_id) {
  std::vector<Alias> out;
  auto on_row = [&](const store::Row& r) {
    out.push_back(Alias{Text(r, 0), Text(r, 1), Text(r, 2), Int(r, 3), Int(r, 4)});
    return true;
  };
  const std::string select = "SELECT account_id, alias_name, key_id, creation_date, last_updated FROM kms_aliases ";
  auto s = key_id.empty() ? view.Query(select + "WHERE account_id = ? ORDER BY alias_name", {Value(account)}, on_row)
                          : view.Query(select + "WHERE account_id = ? AND key_id = ? ORDER BY alias_name",
                                       {Value(account), Value(key_id)}, on_row);
  if (!s.ok()) return s.error();
  return out;
}

core::Status PutTags(store::Transaction& txn, std::string_view key_id, const std::vector<KeyTag>& tags) {
  for (const auto& t : tags) {
    auto r = txn.Execute(
        "INSERT INTO kms_tags (key_id, tag_key, tag_value) VALUES (?, ?, ?) ON CONFLICT (key_id, tag_key) DO UPDATE "
        "SET tag_value = excluded.tag_value",
        {Value(key_id), Value(t.key), Value(t.value)});
    if (!r.ok()) return r.error();
  }
  return core::Status::Ok();
}

core::Status RemoveTags(store::Transaction& txn, std::string_view key_id, const std::vector<std::string>& keys) {
  for (const auto& k : keys) {
    auto r = txn.Execute("DELETE FROM kms_tags WHERE key_id = ? AND tag_key = ?", {Value(key_id), Value(k)});
    if (!r.ok()) return r.error();
  }
  return core::Status::Ok();
}

core::Result<std::vector<KeyTag>> ListTags(store::ReadView& view, std::string_view key_id) {
  std::vector<KeyTag> out;
  auto s = view.Query("SELECT tag_key, tag_value FROM kms_tags WHERE key_id = ? ORDER BY tag_key", {Value(key_id)},
                      [&](const store::Row& r) {
                        out.push_back(KeyTag{Text(r, 0), Text(r, 1)});
                        return true;
                      });
  if (!s.ok()) return s.error();
  return out;
}

core::Status InsertGrant(store::Transaction& txn, const Grant& g) {
  std::string ops;
  for (const auto& o : g.operations) ops += (ops.empty() ? "" : ",") + o;
  boost::json::object constraints;
  if (g.context_equals) constraints["EncryptionContextEquals"] = ContextJson(g.context_equals);
  if (g.context_subset) constraints["EncryptionContextSubset"] = ContextJson(g.context_subset);
  auto r = txn.Execute(std::string("INSERT INTO kms_grants (") + kGrantColumns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       {Value(g.grant_id), Value(g.key_id), Value(g.account_id), Value(g.name),
                        Value(g.grantee_principal), Value(g.retiring_principal), Value(ops),
                        Value(boost::json::serialize(constraints)), Value(g.issuing_account), Value(g.creation_date)});
  return r.status();
}

core::Result<std::vector<Grant>> ListGrants(store::ReadView& view, std::string_view key_id) {
  return GrantsWhere(view, "key_id", key_id);
}

core::Result<std::vector<Grant>> ListRetirableGrants(store::ReadView& view, std::string_view retiring_principal) {
  return GrantsWhere(view, "retiring_principal", retiring_principal);
}

core::Result<std::optional<Grant>> FindGrant(store::ReadView& view, std::string_view grant_id) {
  auto all = GrantsWhere(view, "grant_id", grant_id);
  if (!all.ok()) return all.error();
  if (all->empty()) return std::optional<Grant>();
  return std::optional<Grant>(std::move(all->front()));
}

core::Status DeleteGrant(store::Transaction& txn, std::string_view grant_id) {
  return txn.Execute("DELETE FROM kms_grants WHERE grant_id = ?", {Value(grant_id)}).status();
}

}  // namespace bulwark::kms
