#include "store/migrations.h"

#include <map>
#include <set>
#include <string>
#include <utility>

namespace bulwark::store {

namespace {

constexpr std::string_view kCreateMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " component TEXT NOT NULL,"
    " version BIGINT NOT NULL,"
    " name TEXT NOT NULL,"
    " applied_at TEXT NOT NULL,"
    " PRIMARY KEY (component, version))";

core::Error Refuse(std::string message) {
  return core::Error{std::string(kErrorInternal),
                     "store: refusing to open the database: " + std::move(message)};
}

std::string Label(std::string_view component, std::int64_t version) {
  return std::string(component) + "/" + std::to_string(version);
}

}  // namespace

core::Status ValidateMigrations(std::span<const Migration> migrations) {
  std::map<std::string, std::int64_t, std::less<>> last;
  for (const Migration& m : migrations) {
    if (m.component.empty() || m.name.empty()) {
      return core::Error{std::string(kErrorInternal), "store: migration " + Label(m.component, m.version) +
                                                          " needs a component and a name"};
    }
    auto [it, first] = last.try_emplace(m.component, 0);
    if (m.version <= it->second) {
      return core::Error{std::string(kErrorInternal), "store: migration " + Label(m.component, m.version) +
                                                          " follows version " + std::to_string(it->second) +
                                                          "; versions start at 1 and increase"};
    }
    it->second = m.version;
  }
  return core::Status::Ok();
}

core::Result<std::vector<AppliedMigration>> ListAppliedMigrations(ReadView& view) {
  auto rows =
      view.QueryAll("SELECT component, version, name FROM schema_migrations ORDER BY component, version");
  if (!rows.ok()) return rows.error();
  std::vector<AppliedMigration> applied;
  applied.reserve(rows->size());
  for (const Row& row : *rows) {
    auto component = row.Text(0);
    auto version = row.Int64(1);
    auto name = row.Text(2);
    if (!component.ok()) return component.error();
    if (!version.ok()) return version.error();
    if (!name.ok()) return name.error();
    applied.push_back(AppliedMigration{std::string(*component), *version, std::string(*name)});
  }
  return applied;
}

core::Result<int> ApplyMigrations(Store& store, std::span<const Migration> migrations) {
  if (auto st = ValidateMigrations(migrations); !st.ok()) return st.error();

  auto applied = store.Write([](Transaction& txn) -> core::Result<std::vector<AppliedMigration>> {
    if (auto st = txn.ExecuteScript(kCreateMigrationsTable); !st.ok()) return st.error();
    return ListAppliedMigrations(txn);
  });
  if (!applied.ok()) return applied.error();

  // component -> version -> migration, as this binary knows them.
  std::map<std::string_view, std::map<std::int64_t, const Migration*>> known;
  for (const Migration& m : migrations) known[m.component][m.version] = &m;

  std::set<std::pair<std::string_view, std::int64_t>> present;
  for (const AppliedMigration& a : *applied) {
    auto component = known.find(a.component);
    if (component == known.end()) {
      return Refuse("it holds migrations of component '" + a.component +
                    "', which this binary does not know (written by a newer Bulwark?)");
    }
    const std::int64_t newest = component->second.rbegin()->first;
    if (a.version > newest) {
      return Refuse("the schema of '" + a.component + "' is at version " + std::to_string(a.version) +
                    ", newer than the " + std::to_string(newest) + " this binary knows");
    }
    auto migration = component->second.find(a.version);
    if (migration == component->second.end() || migration->second->name != a.name) {
      return Refuse("migration " + Label(a.component, a.version) + " is '" + a.name +
                    "' in the database but " +
                    (migration == component->second.end() ? std::string("unknown")
                                                          : "'" + migration->second->name + "'") +
                    " in this binary");
    }
    present.emplace(migration->second->component, a.version);
  }
  // Applied versions of each component must be a prefix of the known ones.
  for (const auto& [component, versions] : known) {
    bool missing_seen = false;
    std::int64_t missing = 0;
    for (const auto& [version, migration] : versions) {
      if (!present.contains({component, version})) {
        if (!missing_seen) missing = version;
        missing_seen = true;
      } else if (missing_seen) {
        return Refuse("migration " + Label(component, missing) + " is missing although " +
                      Label(component, version) + " is applied");
      }
    }
  }

  int count = 0;
  for (const Migration& m : migrations) {
    if (present.contains({m.component, m.version})) continue;
    auto ran = store.Write([&m](Transaction& txn) -> core::Result<bool> {
      // Another process may have applied it since the check above.
      auto existing = txn.QueryOne("SELECT name FROM schema_migrations WHERE component = ? AND version = ?",
                                   {m.component, m.version});
      if (!existing.ok()) return existing.error();
      if (existing->has_value()) return false;
      if (auto st = txn.ExecuteScript(m.sql); !st.ok()) {
        return core::Error{st.error().code, "store: migration " + Label(m.component, m.version) + " (" +
                                                m.name + ") failed: " + std::string(Cause(st.error()))};
      }
      auto inserted = txn.Execute(
          "INSERT INTO schema_migrations (component, version, name, applied_at) VALUES (?, ?, ?, "
          "CURRENT_TIMESTAMP)",
          {m.component, m.version, m.name});
      if (!inserted.ok()) return inserted.error();
      return true;
    });
    if (!ran.ok()) return ran.error();
    if (*ran) ++count;
  }
  return count;
}

}  // namespace bulwark::store
