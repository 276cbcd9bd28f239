#include "trail/trail_log.h"

#include <boost/json/serialize.hpp>

#include "trail/chain_hash.h"
#include "trail/trail_keys.h"

namespace bulwark::trail {

std::vector<store::Migration> TrailMigrations() {
  std::vector<store::Migration> migrations{store::Migration{"trail", 1, "create trail_events", R"sql(
    CREATE TABLE IF NOT EXISTS trail_events (
      seq BIGINT PRIMARY KEY,
      event_time BIGINT NOT NULL,
      event_id TEXT NOT NULL UNIQUE,
      event_name TEXT NOT NULL,
      event_source TEXT NOT NULL,
      read_only BIGINT NOT NULL,
      username TEXT NOT NULL,
      access_key_id TEXT NOT NULL,
      resource_type TEXT NOT NULL,
      resource_name TEXT NOT NULL,
      record TEXT NOT NULL,
      prev_hash TEXT NOT NULL,
      hash TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS trail_events_time ON trail_events (event_time, seq);
  )sql"},
  // Version 2 (issue 17, findings 4 and 11): LookupEvents reads newest first, so a lookup by an
  // attribute costs the page it returns when the attribute's index ends in seq. Only attributes whose
  // values can be rare get one (access key, user, event name, resource name); for the
  // low-cardinality ones (ReadOnly, EventSource, ResourceType) a newest-first scan meets its matches
  // at once, and every index slows every append (bench: 8 indexes cost 35% of GetCallerIdentity
  // throughput, these 4 about 10%). GetAccessKeyLastUsed and the credential report read a key's
  // newest call by its owner through the access-key index (failed attempts, the only rows it skips,
  // are bounded per source by the pipeline).
  store::Migration{"trail", 2, "index trail_events for lookups", R"sql(
    CREATE INDEX IF NOT EXISTS trail_events_access_key_id ON trail_events (access_key_id, seq);
    CREATE INDEX IF NOT EXISTS trail_events_username ON trail_events (username, seq);
    CREATE INDEX IF NOT EXISTS trail_events_event_name ON trail_events (event_name, seq);
    CREATE INDEX IF NOT EXISTS trail_events_resource_name ON trail_events (resource_name, seq);
  )sql"},
  // Version 3 (issue 11): one server, many accounts. Each record is stored with the account it
  // belongs to (its recipientAccountId) and LookupEvents reads one account, so every lookup index
  // leads with the account. The chain stays one sequence for the whole server: evidence covers every
  // account's records, and no account can drop another's. Records written before accounts existed
  // belong to the home account: the server adopts them at start (AdoptUnownedRecords), since only
  // it knows which account that is.
  store::Migration{"trail", 3, "accounts: records carry their account, lookups are per account", R"sql(
    ALTER TABLE trail_events ADD COLUMN account_id TEXT NOT NULL DEFAULT '';
    DROP INDEX IF EXISTS trail_events_time;
    DROP INDEX IF EXISTS trail_events_access_key_id;
    DROP INDEX IF EXISTS trail_events_username;
    DROP INDEX IF EXISTS trail_events_event_name;
    DROP INDEX IF EXISTS trail_events_resource_name;
    CREATE INDEX IF NOT EXISTS trail_events_account ON trail_events (account_id, seq);
    CREATE INDEX IF NOT EXISTS trail_events_account_time ON trail_events (account_id, event_time, seq);
    CREATE INDEX IF NOT EXISTS trail_events_account_access_key_id ON trail_events (account_id, access_key_id, seq);
    CREATE INDEX IF NOT EXISTS trail_events_account_username ON trail_events (account_id, username, seq);
    CREATE INDEX IF NOT EXISTS trail_events_account_event_name ON trail_events (account_id, event_name, seq);
    CREATE INDEX IF NOT EXISTS trail_events_account_resource_name ON trail_events (account_id, resource_name, seq);
  )sql"}};
  // Seals (keys, digests) are their own component: trail_keys.h.
  for (auto& m : SealMigrations()) migrations.push_back(std::move(m));
  return migrations;
}

IndexedFields IndexedFieldsOf(const EventRecord& r) {
  IndexedFields f;
  const UserIdentity& u = r.user_identity;
  if (u.type == "Root") {
    f.username = "root";
  } else if (!u.user_name.empty()) {
    f.username = u.user_name;
  } else if (!u.issuer_user_name.empty()) {
    f.username = u.issuer_user_name;  // Role sessions: the role's name.
  }
  if (!r.resources.empty()) {
    f.resource_type = r.resources.front().type;
    f.resource_name = r.resources.front().arn;
  }
  return f;
}

core::Result<int64_t> AppendEvent(store::Transaction& txn, const EventRecord& record, int64_t event_epoch) {
  auto last = txn.QueryOne("SELECT seq, hash FROM trail_events ORDER BY seq DESC LIMIT 1");
  if (!last.ok()) return last.error();
  int64_t seq = 1;
  std::string prev_hash(kGenesisChainHash);
  if (*last) {
    auto s = (*last)->Int64(0);
    auto h = (*last)->Text(1);
    if (!s.ok()) return s.error();
    if (!h.ok()) return h.error();
    seq = *s + 1;
    prev_hash = std::string(*h);
  }
  const std::string text = boost::json::serialize(ToJson(record));
  const std::string hash = ChainHash(prev_hash, text);
  const IndexedFields f = IndexedFieldsOf(record);
  auto inserted = txn.Execute(
      "INSERT INTO trail_events (seq, account_id, event_time, event_id, event_name, event_source, read_only, "
      "username, access_key_id, resource_type, resource_name, record, prev_hash, hash) "
      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
      {store::Value(seq), store::Value(record.recipient_account_id), store::Value(event_epoch), store::Value(record.event_id), store::Value(record.event_name),
       store::Value(record.event_source), store::Value(int64_t{record.read_only ? 1 : 0}), store::Value(f.username),
       store::Value(record.user_identity.access_key_id), store::Value(f.resource_type), store::Value(f.resource_name),
       store::Value(text), store::Value(prev_hash), store::Value(hash)});
  if (!inserted.ok()) return inserted.error();
  return seq;
}

core::Status AdoptUnownedRecords(store::Transaction& txn, const std::string& account_id) {
  return txn.Execute("UPDATE trail_events SET account_id = ? WHERE account_id = ''", {store::Value(account_id)})
      .status();
}

core::Result<LookupPage> LookupEvents(store::ReadView& view, const LookupQuery& q) {
  static const std::pair<const char*, const char*> kColumns[] = {
      {"EventId", "event_id"},         {"EventName", "event_name"},       {"ReadOnly", "read_only"},
      {"Username", "username"},        {"ResourceType", "resource_type"}, {"ResourceName", "resource_name"},
      {"EventSource", "event_source"}, {"AccessKeyId", "access_key_id"}};
  std::string sql =
      "SELECT seq, event_time, event_id, event_name, event_source, read_only, username, access_key_id, "
      "resource_type, resource_name, record FROM trail_events WHERE account_id = ?";
  std::vector<store::Value> params{store::Value(q.account_id)};
  if (!q.attribute_key.empty()) {
    const char* column = nullptr;
    for (const auto& [key, col] : kColumns) {
      if (q.attribute_key == key) column = col;
    }
    if (column == nullptr) {
      return core::Error{"InvalidLookupAttributesException", "Unknown lookup attribute key " + q.attribute_key};
    }
    sql += std::string(" AND ") + column + " = ?";
    if (q.attribute_key == "ReadOnly") {
      params.emplace_back(int64_t{q.attribute_value == "true" ? 1 : 0});
    } else {
      params.emplace_back(q.attribute_value);
    }
  }
  if (q.start_time) {
    sql += " AND event_time >= ?";
    params.emplace_back(*q.start_time);
  }
  if (q.end_time) {
    sql += " AND event_time <= ?";
    params.emplace_back(*q.end_time);
  }
  if (q.before_seq) {
    sql += " AND seq < ?";
    params.emplace_back(*q.before_seq);
  }
  sql += " ORDER BY seq DESC LIMIT ?";
  params.emplace_back(int64_t{q.max_results + 1});  // One more tells whether there is a next page.

  LookupPage page;
  core::Status status = view.Query(sql, params, [&](const store::Row& row) {
    StoredEvent e;
    e.seq = row.Int64(0).ok() ? *row.Int64(0) : 0;
    e.event_time = row.Int64(1).ok() ? *row.Int64(1) : 0;
    auto text = [&](std::size_t i) { return row.Text(i).ok() ? std::string(*row.Text(i)) : std::string(); };
    e.event_id = text(2);
    e.event_name = text(3);
    e.event_source = text(4);
    e.read_only = row.Int64(5).ok() && *row.Int64(5) == 1;
    e.username = text(6);
    e.access_key_id = text(7);
    e.resource_type = text(8);
    e.resource_name = text(9);
    e.record = text(10);
    page.events.push_back(std::move(e));
    return true;
  });
  if (!status.ok()) return status.error();
  if (static_cast<int>(page.events.size()) > q.max_results) {
    page.events.pop_back();
    page.next_before_seq = page.events.back().seq;
  }
  return page;
}

}  // namespace bulwark::trail
