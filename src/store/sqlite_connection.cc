#include "store/sqlite_connection.h"

#include <sqlite3.h>

#include <array>
#include <cctype>
#include <climits>
#include <string>
#include <utility>
#include <vector>

namespace bulwark::store {

namespace {

// Parameters outlive the statement's use of them (bindings are cleared before a call returns), so
// SQLite need not copy them. SQLITE_STATIC is a macro with an old-style cast.
const sqlite3_destructor_type kStaticBinding = nullptr;

constexpr std::size_t kMaxCachedStatements = 256;
constexpr std::size_t kMaxSqlInMessage = 160;

constexpr std::array<std::string_view, 10> kControlKeywords{
    "BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE", "PRAGMA", "ATTACH", "DETACH", "VACUUM"};

bool IsBlank(std::string_view rest) {
  for (char c : rest) {
    if (c != ';' && std::isspace(static_cast<unsigned char>(c)) == 0) return false;
  }
  return true;
}

std::string Abbreviated(std::string_view sql) {
  std::string out;
  bool space = false;
  for (char c : sql) {
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
    if (out.size() >= kMaxSqlInMessage) {
      out += "...";
      break;
    }
  }
  return out;
}

core::Error Internal(std::string message) {
  return core::Error{std::string(kErrorInternal), "store: " + std::move(message)};
}

// Result codes after which the database file cannot be trusted to hold what the writer commits.
bool IsFatal(int primary, bool read_only) {
  switch (primary) {
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_CANTOPEN:
    case SQLITE_NOMEM:
    case SQLITE_PROTOCOL:
    case SQLITE_PERM: return true;
    case SQLITE_READONLY:
      // On the writer, the file became read-only or was moved; on a reader, a write was attempted.
      return !read_only;
    default: return false;
  }
}

}  // namespace

bool IsStoreControlStatement(std::string_view sql) {
  std::size_t i = 0;
  while (i < sql.size() && std::isspace(static_cast<unsigned char>(sql[i])) != 0) ++i;
  std::size_t start = i;
  while (i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i])) != 0) ++i;
  std::string keyword;
  for (char c : sql.substr(start, i - start))
    keyword.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  for (std::string_view k : kControlKeywords) {
    if (keyword == k) return true;
  }
  return false;
}

// A prepared statement borrowed for one call: from the cache (reset and returned on destruction) or,
// when the cached one is busy (a nested query of the same text) or the cache is full, prepared for
// this call alone and finalized.
class SqliteConnection::Lease {
 public:
  Lease() = default;
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  ~Lease() {
    if (statement_ == nullptr) return;
    if (cached_ != nullptr) {
      sqlite3_reset(statement_);
      sqlite3_clear_bindings(statement_);
      cached_->in_use = false;
    } else {
      sqlite3_finalize(statement_);
    }
  }
  void Set(sqlite3_stmt* statement, CachedStatement* cached) {
    statement_ = statement;
    cached_ = cached;
    if (cached_ != nullptr) cached_->in_use = true;
  }
  sqlite3_stmt* get() const { return statement_; }

 private:
  sqlite3_stmt* statement_ = nullptr;
  CachedStatement* cached_ = nullptr;
};

core::Result<std::unique_ptr<SqliteConnection>> SqliteConnection::Open(
    const std::string& path, const SqliteConnectionOptions& options) {
  // NOMUTEX: the store guarantees one thread per connection at a time, so SQLite's per-connection
  // mutex would only cost.
  int flags = SQLITE_OPEN_NOMUTEX;
  flags |= options.read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, options.vfs.empty() ? nullptr : options.vfs.c_str());
  if (rc != SQLITE_OK) {
    std::string reason = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return core::Error{std::string(kErrorUnavailable), "store: cannot open " + path + ": " + reason};
  }
  std::unique_ptr<SqliteConnection> connection(new SqliteConnection(db, options.read_only));
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  // Defensive mode: no writable_schema, no journal_mode=OFF, no writes to shadow tables; and schema
  // objects may not call functions with side effects.
  sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
  return connection;
}

SqliteConnection::~SqliteConnection() {
  for (auto& [sql, cached] : cache_) sqlite3_finalize(cached.statement);
  sqlite3_close_v2(db_);
}

bool SqliteConnection::in_transaction() const {
  return sqlite3_get_autocommit(db_) == 0;
}

core::Error SqliteConnection::ErrorFor(int rc, std::string_view sql) {
  const int primary = rc & 0xff;
  if (IsFatal(primary, read_only_) && fatal_code_ == 0) fatal_code_ = rc;
  // sqlite3_errmsg describes the most recent failure on this handle, which is this one.
  std::string reason = sqlite3_errmsg(db_);
  std::string message = "store: " + reason + " (" + sqlite3_errstr(rc) + ", code " + std::to_string(rc) +
                        ") in: " + Abbreviated(sql);
  std::string_view code = kErrorInternal;
  if (IsFatal(primary, read_only_) || primary == SQLITE_BUSY || primary == SQLITE_LOCKED ||
      primary == SQLITE_INTERRUPT) {
    code = kErrorUnavailable;
  } else if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY ||
             rc == SQLITE_CONSTRAINT_FOREIGNKEY) {
    code = kErrorConflict;
  }
  return core::Error{std::string(code), std::move(message)};
}

core::Status SqliteConnection::Acquire(std::string_view sql, Lease& lease) {
  if (sql.size() > static_cast<std::size_t>(INT_MAX)) return Internal("statement too long");
  auto it = cache_.find(sql);
  if (it != cache_.end() && !it->second.in_use) {
    lease.Set(it->second.statement, &it->second);
    return core::Status::Ok();
  }
  const bool cache = it == cache_.end() && cache_.size() < kMaxCachedStatements;
  sqlite3_stmt* statement = nullptr;
  const char* tail = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              cache ? SQLITE_PREPARE_PERSISTENT : 0, &statement, &tail);
  if (rc != SQLITE_OK) return ErrorFor(rc, sql);
  if (statement == nullptr) return Internal("empty statement: " + Abbreviated(sql));
  const std::size_t used = static_cast<std::size_t>(tail - sql.data());
  if (!IsBlank(sql.substr(used))) {
    sqlite3_finalize(statement);
    return Internal("one statement per call (use ExecuteScript for several): " + Abbreviated(sql));
  }
  if (cache) {
    auto [inserted, ok] = cache_.emplace(std::string(sql), CachedStatement{statement, false});
    lease.Set(statement, &inserted->second);
  } else {
    lease.Set(statement, nullptr);
  }
  return core::Status::Ok();
}

core::Status SqliteConnection::Run(std::string_view sql, std::span<const Value> params,
                                   const ReadView::RowCallback* on_row) {
  Lease lease;
  if (auto st = Acquire(sql, lease); !st.ok()) return st;
  sqlite3_stmt* statement = lease.get();
  const int expected = sqlite3_bind_parameter_count(statement);
  if (static_cast<std::size_t>(expected) != params.size()) {
    return Internal("statement has " + std::to_string(expected) + " parameters, " +
                    std::to_string(params.size()) + " were given: " + Abbreviated(sql));
  }
  for (std::size_t i = 0; i < params.size(); ++i) {
    const int index = static_cast<int>(i) + 1;
    const Value& v = params[i];
    int rc = SQLITE_OK;
    switch (v.kind()) {
      case Value::Kind::kNull: rc = sqlite3_bind_null(statement, index); break;
      case Value::Kind::kInt64: rc = sqlite3_bind_int64(statement, index, v.int64()); break;
      case Value::Kind::kText:
        rc = sqlite3_bind_text64(statement, index, v.text().data(), v.text().size(), kStaticBinding,
                                 SQLITE_UTF8);
        break;
      case Value::Kind::kBlob:
        // A zero-length blob bound from a null pointer would read back as NULL.
        rc = v.blob().empty()
                 ? sqlite3_bind_zeroblob(statement, index, 0)
                 : sqlite3_bind_blob64(statement, index, v.blob().data(), v.blob().size(), kStaticBinding);
        break;
    }
    if (rc != SQLITE_OK) return ErrorFor(rc, sql);
  }
  const int columns = sqlite3_column_count(statement);
  bool wanted = true;
  for (;;) {
    int rc = sqlite3_step(statement);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return ErrorFor(rc, sql);
    if (on_row == nullptr || !wanted) continue;  // Step to the end: RETURNING applies all changes.
    std::vector<Value> values;
    values.reserve(static_cast<std::size_t>(columns));
    for (int c = 0; c < columns; ++c) {
      switch (sqlite3_column_type(statement, c)) {
        case SQLITE_NULL: values.emplace_back(); break;
        case SQLITE_INTEGER:
          values.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(statement, c)));
          break;
        case SQLITE_TEXT: {
          const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, c));
          const int bytes = sqlite3_column_bytes(statement, c);
          values.emplace_back(std::string(text == nullptr ? "" : text, static_cast<std::size_t>(bytes)));
          break;
        }
        case SQLITE_BLOB: {
          const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(statement, c));
          const int bytes = sqlite3_column_bytes(statement, c);
          values.emplace_back(data == nullptr ? Bytes() : Bytes(data, data + bytes));
          break;
        }
        default:
          return Internal("column " + std::to_string(c) +
                          " holds a floating-point value; the store supports integers, text and bytes: " +
                          Abbreviated(sql));
      }
    }
    wanted = (*on_row)(Row(std::move(values)));
    // A read stops here; a statement with side effects (RETURNING) must still run to completion.
    if (!wanted && sqlite3_stmt_readonly(statement) != 0) break;
  }
  return core::Status::Ok();
}

core::Status SqliteConnection::Query(std::string_view sql, std::span<const Value> params,
                                     const ReadView::RowCallback& on_row) {
  return Run(sql, params, &on_row);
}

core::Result<std::int64_t> SqliteConnection::Execute(std::string_view sql, std::span<const Value> params) {
  // sqlite3_changes64 keeps the count of the last INSERT/UPDATE/DELETE, even across other
  // statements; the total only moves when this statement changed rows.
  const sqlite3_int64 before = sqlite3_total_changes64(db_);
  if (auto st = Run(sql, params, nullptr); !st.ok()) return st.error();
  if (sqlite3_total_changes64(db_) == before) return std::int64_t{0};
  return static_cast<std::int64_t>(sqlite3_changes64(db_));
}

core::Status SqliteConnection::ExecuteScript(std::string_view sql, bool refuse_control) {
  if (sql.size() > static_cast<std::size_t>(INT_MAX)) return Internal("script too long");
  const char* next = sql.data();
  const char* const end = sql.data() + sql.size();
  while (next < end) {
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v2(db_, next, static_cast<int>(end - next), &raw, &tail);
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> statement(raw, sqlite3_finalize);
    const std::string_view text(next, static_cast<std::size_t>(tail - next));
    if (rc != SQLITE_OK) return ErrorFor(rc, text);
    next = tail;
    if (statement == nullptr) continue;  // White space or a comment.
    if (refuse_control && IsStoreControlStatement(text)) {
      return Internal("transaction control and PRAGMA belong to the store: " + Abbreviated(text));
    }
    for (;;) {
      rc = sqlite3_step(statement.get());
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return ErrorFor(rc, text);
    }
  }
  return core::Status::Ok();
}

}  // namespace bulwark::store
