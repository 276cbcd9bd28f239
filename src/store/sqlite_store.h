// The embedded SQLite backend of the Store interface (store.h).
//
// One database file, <data_dir>/bulwark.db, in WAL mode with synchronous=FULL (a commit returns once
// the WAL is fsync'ed), foreign keys on, defensive mode, a busy timeout.
//
// Writes: one writer thread owns the only read-write connection. Submitted write functions queue up;
// the writer takes what is queued (at most `max_batch`), opens one transaction, runs each function in
// its own savepoint (a failing one rolls back alone), keeps taking newly queued functions until the
// queue is empty or the batch is full, commits once (one fsync for the whole batch), and then
// completes each submitter with its own result. While one batch is being fsync'ed the next one
// gathers, so throughput grows with concurrency instead of serializing on fsync (group commit).
//
// Failing closed: after an I/O error, a full disk, corruption, or the database or WAL file being
// removed or replaced while open (checked after every commit: SQLite keeps writing to an unlinked
// file without complaint), the store refuses every pending and later write with kErrorUnavailable
// until it is reopened. A batch whose commit fails reports failure to all its writes.
//
// Reads: a pool of read-only connections; each Read runs in one read transaction, a snapshot that
// includes every write whose Write has returned.
//
// Shutdown: destroying the store stops taking writes (kErrorUnavailable), drains and commits what is
// queued, completes every submitter, joins the writer and closes the connections. No reads may be in
// progress.
// Thread-safety: as Store.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/migrations.h"
#include "store/store.h"

namespace bulwark::store {

inline constexpr std::string_view kSqliteDatabaseFile = "bulwark.db";

struct SqliteStoreOptions {
  // Created if missing (owner-only permissions, as is a new database file).
  std::filesystem::path data_dir;
  // Applied in order at open (migrations.h); opening fails when they cannot be.
  std::vector<Migration> migrations;
  std::size_t max_batch = 256;       // write functions per commit, at most
  std::size_t read_connections = 4;  // concurrent reads; more wait
  int busy_timeout_ms = 5000;        // waiting for another process's lock
  std::string vfs;                   // SQLite VFS name; empty = the default (tests inject faults)
};

// Opens or creates the database and applies the migrations. Errors: kErrorUnavailable when the
// directory or file cannot be opened or is not a database; migration errors (migrations.h).
core::Result<std::unique_ptr<Store>> OpenSqliteStore(SqliteStoreOptions options);

}  // namespace bulwark::store
