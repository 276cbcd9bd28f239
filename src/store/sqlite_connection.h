// SqliteConnection: one sqlite3 handle with a cache of prepared statements, parameter binding, row
// materialization and the mapping from SQLite result codes to store errors (store.h). Internal to the
// SQLite backend (sqlite_store.cc); services never see it.
//
// It also remembers the first "fatal" result code seen (I/O error, disk full, corruption, database
// read-only, out of memory...): after one of those the writer cannot trust its transaction, whatever
// the write function made of the error it was handed.
// Thread-safety: none. A connection is used by one thread at a time; the store hands it out.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.h"
#include "store/store.h"
#include "store/value.h"

struct sqlite3;
struct sqlite3_stmt;

namespace bulwark::store {

struct SqliteConnectionOptions {
  bool read_only = false;
  int busy_timeout_ms = 5000;
  std::string vfs;  // empty: SQLite's default VFS
};

// True for statements that would take transaction control or connection settings away from the
// store: BEGIN, COMMIT, END, ROLLBACK, SAVEPOINT, RELEASE, PRAGMA, ATTACH, DETACH, VACUUM (first
// keyword, case-insensitive, after white space). Write and read functions may not run them.
bool IsStoreControlStatement(std::string_view sql);

class SqliteConnection {
 public:
  // Errors: kErrorUnavailable when the file cannot be opened.
  static core::Result<std::unique_ptr<SqliteConnection>> Open(const std::string& path,
                                                              const SqliteConnectionOptions& options);
  ~SqliteConnection();
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  // One statement (a trailing `;` is allowed), parameters bound in order.
  core::Status Query(std::string_view sql, std::span<const Value> params,
                     const ReadView::RowCallback& on_row);
  // Returns the rows the statement itself inserted, updated or deleted (0 for other statements).
  core::Result<std::int64_t> Execute(std::string_view sql, std::span<const Value> params);
  // A statement of the store's own (BEGIN, COMMIT, SAVEPOINT...): no parameters, prepared once.
  core::Status Control(std::string_view sql) { return Run(sql, {}, nullptr); }
  // Several statements, no parameters. With `refuse_control`, store control statements are refused.
  core::Status ExecuteScript(std::string_view sql, bool refuse_control);

  // The first fatal result code since ClearFatal(), or 0.
  int fatal_code() const { return fatal_code_; }
  void ClearFatal() { fatal_code_ = 0; }
  // False when SQLite is in autocommit mode, i.e. no transaction is open.
  bool in_transaction() const;

 private:
  class Lease;
  struct CachedStatement {
    sqlite3_stmt* statement = nullptr;
    bool in_use = false;
  };
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  SqliteConnection(sqlite3* db, bool read_only) : db_(db), read_only_(read_only) {}

  core::Status Acquire(std::string_view sql, Lease& lease);
  core::Status Run(std::string_view sql, std::span<const Value> params, const ReadView::RowCallback* on_row);
  core::Error ErrorFor(int rc, std::string_view sql);

  sqlite3* db_;
  bool read_only_;
  int fatal_code_ = 0;
  std::unordered_map<std::string, CachedStatement, StringHash, std::equal_to<>> cache_;
};

}  // namespace bulwark::store
