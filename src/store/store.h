// Store: the transactional interface services use, independent of the database behind it.
//
// Writes are functions run inside a transaction: `store.Write([&](Transaction& txn) {...})`. Each
// write function runs in its own savepoint, so a function that returns an error rolls back exactly its
// own changes; a write is reported successful only once its transaction is durable. Backends are free
// to run many write functions in one database transaction (the SQLite backend's group commit), so a
// write function must not assume it is alone in its transaction; it does see the effects of the writes
// that ran before it. Reads run against a consistent snapshot of committed state.
//
// The audit record of a mutation is written inside the same write function as the mutation (the
// pipeline does this), so both commit or neither does. To record a failed call, run the handler in
// `txn.Nested(...)`: its changes roll back, the record written afterwards still commits.
//
// Portable SQL. Statements use `?` placeholders (a PostgreSQL backend rewrites them to $1, $2, ...)
// and this subset, which SQLite and PostgreSQL both accept with the same meaning:
//   - column types BIGINT, TEXT, BYTEA (no BOOLEAN: use BIGINT 0/1; no REAL; no INTEGER PRIMARY KEY
//     rowid aliases or AUTOINCREMENT/SERIAL: generate ids in the application);
//   - CREATE TABLE/INDEX IF NOT EXISTS, PRIMARY KEY, UNIQUE, REFERENCES ... ON DELETE CASCADE, CHECK;
//   - INSERT ... ON CONFLICT (cols) DO NOTHING / DO UPDATE SET c = excluded.c; RETURNING;
//   - LIMIT n OFFSET m, ORDER BY, COALESCE, CURRENT_TIMESTAMP; no SQLite- or PostgreSQL-only functions.
// Every query that feeds a response orders its rows explicitly (no reliance on rowid order).
//
// Errors (core::Error::code):
//   kErrorUnavailable  the store cannot read or write durably (I/O error, disk full, database file
//                      removed, store closed, lock timeout). Callers fail closed: answer 503, deny.
//   kErrorConflict     a UNIQUE, PRIMARY KEY or FOREIGN KEY constraint was violated, as happens when two
//                      nodes race on the same entity; IAM's wire name for this is ConcurrentModification.
//   kErrorInternal     anything else: malformed SQL, wrong parameter count, unexpected column type.
// Messages name the failing SQL and the database's reason; they are for operators, and the server
// should replace them with a generic text before answering a 5xx.
//
// Thread-safety: a Store is used concurrently from any number of threads. A Transaction or ReadView
// is valid only inside the function it is passed to, on that thread.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/result.h"
#include "store/value.h"

namespace bulwark::store {

inline constexpr std::string_view kErrorUnavailable = "ServiceUnavailable";
inline constexpr std::string_view kErrorConflict = "ConcurrentModification";
inline constexpr std::string_view kErrorInternal = "InternalFailure";

// Every store message starts with this, once; Cause() strips it when one message quotes another.
inline constexpr std::string_view kMessagePrefix = "store: ";
inline std::string_view Cause(const core::Error& error) {
  std::string_view m = error.message;
  return m.starts_with(kMessagePrefix) ? m.substr(kMessagePrefix.size()) : m;
}

namespace internal {
template <typename T>
struct IsResult : std::false_type {};
template <typename T>
struct IsResult<core::Result<T>> : std::true_type {};
// What write, read and nested functions may return.
template <typename R>
inline constexpr bool kIsOutcome = std::is_same_v<R, core::Status> || IsResult<R>::value;

inline core::Status StatusOf(const core::Status& status) {
  return status;
}
template <typename T>
core::Status StatusOf(const core::Result<T>& result) {
  return result.status();
}

// Runs `fn` through `run`, which takes an untyped Status-returning function, and hands back fn's own
// typed result, or run's error when run failed after fn succeeded (e.g. the commit failed).
template <typename Fn, typename Arg, typename Run>
auto RunTyped(Fn& fn, Run&& run) -> std::invoke_result_t<Fn&, Arg&> {
  using R = std::invoke_result_t<Fn&, Arg&>;
  static_assert(kIsOutcome<R>, "store functions return core::Status or core::Result<T>");
  std::optional<R> out;
  core::Status status = run([&](Arg& arg) -> core::Status {
    out.emplace(fn(arg));
    return StatusOf(*out);
  });
  if (!status.ok()) return status.error();
  return std::move(*out);
}
}  // namespace internal

// Read access to one consistent snapshot.
class ReadView {
 public:
  // Called once per result row; return false to stop early.
  using RowCallback = std::function<bool(const Row&)>;

  virtual ~ReadView() = default;

  // Runs one statement with `?` parameters bound in order. Errors: see the header comment; the
  // number of parameters must equal the number of placeholders (kErrorInternal otherwise).
  core::Status Query(std::string_view sql, std::initializer_list<Value> params, const RowCallback& on_row) {
    return DoQuery(sql, std::span<const Value>(params.begin(), params.size()), on_row);
  }
  core::Status Query(std::string_view sql, std::span<const Value> params, const RowCallback& on_row) {
    return DoQuery(sql, params, on_row);
  }
  // All rows. Meant for bounded results (queries with LIMIT or on a key).
  core::Result<std::vector<Row>> QueryAll(std::string_view sql, std::initializer_list<Value> params = {}) {
    return QueryAll(sql, std::span<const Value>(params.begin(), params.size()));
  }
  core::Result<std::vector<Row>> QueryAll(std::string_view sql, std::span<const Value> params);
  // The first row, or nullopt when there is none.
  core::Result<std::optional<Row>> QueryOne(std::string_view sql, std::initializer_list<Value> params = {}) {
    return QueryOne(sql, std::span<const Value>(params.begin(), params.size()));
  }
  core::Result<std::optional<Row>> QueryOne(std::string_view sql, std::span<const Value> params);

 protected:
  virtual core::Status DoQuery(std::string_view sql, std::span<const Value> params,
                               const RowCallback& on_row) = 0;
};

// A write function's view of its transaction: everything a ReadView offers (reading the
// transaction's own, uncommitted state) plus statements that change it. Transaction control (BEGIN,
// COMMIT, ROLLBACK, SAVEPOINT, RELEASE) belongs to the store and is refused (kErrorInternal).
class Transaction : public ReadView {
 public:
  // Runs one statement; returns the number of rows it inserted, updated or deleted.
  core::Result<std::int64_t> Execute(std::string_view sql, std::initializer_list<Value> params = {}) {
    return DoExecute(sql, std::span<const Value>(params.begin(), params.size()));
  }
  core::Result<std::int64_t> Execute(std::string_view sql, std::span<const Value> params) {
    return DoExecute(sql, params);
  }
  // Runs several `;`-separated statements without parameters (schema migrations).
  core::Status ExecuteScript(std::string_view sql) { return DoExecuteScript(sql); }

  // Runs `fn` in a nested savepoint: when fn returns an error (or throws), its changes are rolled back
  // and the error returned, and this transaction continues. `fn` returns core::Status or
  // core::Result<T>; Nested returns the same type.
  template <typename Fn>
  auto Nested(Fn&& fn) -> std::invoke_result_t<Fn&, Transaction&> {
    return internal::RunTyped<Fn, Transaction>(
        fn, [this](const std::function<core::Status(Transaction&)>& run) { return DoNested(run); });
  }

 protected:
  virtual core::Result<std::int64_t> DoExecute(std::string_view sql, std::span<const Value> params) = 0;
  virtual core::Status DoExecuteScript(std::string_view sql) = 0;
  virtual core::Status DoNested(const std::function<core::Status(Transaction&)>& fn) = 0;
};

// Counters since the store was opened; monotonic.
struct StoreStats {
  std::uint64_t writes_committed = 0;  // write functions whose changes are durable
  std::uint64_t writes_failed = 0;     // returned an error, threw, or their commit failed
  std::uint64_t commits = 0;           // durable database commits (one per group-commit batch)
  std::uint64_t largest_batch = 0;     // most write functions in one commit
  std::uint64_t reads = 0;             // read functions run
};

class Store {
 public:
  using WriteFn = std::function<core::Status(Transaction&)>;
  using ReadFn = std::function<core::Status(ReadView&)>;
  using Completion = std::function<void(core::Status)>;

  virtual ~Store() = default;

  // Runs `fn` in a transaction and blocks until its changes are durable. `fn` returns core::Status
  // or core::Result<T>; Write returns the same type: fn's own error (its changes rolled back), or the
  // commit's error (kErrorUnavailable), or fn's value once durable. `fn` may run on another thread.
  // Must not be called from inside a write function or a completion (kErrorInternal): use WriteAsync.
  template <typename Fn>
  auto Write(Fn&& fn) -> std::invoke_result_t<Fn&, Transaction&> {
    return internal::RunTyped<Fn, Transaction>(fn, [this](const WriteFn& run) { return WriteAndWait(run); });
  }

  // Queues `fn` and returns at once; `done` receives what Write would have returned, exactly once:
  // on the store's writer thread after the commit, or on the calling thread when the store is closed
  // or has failed. `done` must be quick and must not block (post to an executor). Both are stored in
  // std::function, so they must be copyable.
  template <typename Fn, typename Done>
  void WriteAsync(Fn fn, Done done) {
    using R = std::invoke_result_t<Fn&, Transaction&>;
    static_assert(internal::kIsOutcome<R>, "write functions return core::Status or core::Result<T>");
    if constexpr (std::is_same_v<R, core::Status>) {
      Submit(WriteFn(std::move(fn)), Completion(std::move(done)));
    } else {
      auto slot = std::make_shared<std::optional<R>>();
      Submit(
          [fn = std::move(fn), slot](Transaction& txn) mutable -> core::Status {
            slot->emplace(fn(txn));
            return (*slot)->status();
          },
          [slot, done = std::move(done)](core::Status status) mutable {
            if (!status.ok()) {
              done(R(status.error()));
            } else {
              done(std::move(**slot));
            }
          });
    }
  }

  // Runs `fn` against a consistent snapshot of committed state, concurrently with other reads and
  // with the writer. Returns fn's result, or kErrorUnavailable when no snapshot could be taken.
  // Backends bound the number of concurrent reads, so `fn` must not itself call Read.
  template <typename Fn>
  auto Read(Fn&& fn) -> std::invoke_result_t<Fn&, ReadView&> {
    return internal::RunTyped<Fn, ReadView>(fn, [this](const ReadFn& run) { return RunRead(run); });
  }

  // The untyped primitives the templates above are built on.
  virtual void Submit(WriteFn fn, Completion done) = 0;
  core::Status WriteAndWait(const WriteFn& fn);
  virtual core::Status RunRead(const ReadFn& fn) = 0;

  virtual StoreStats stats() const = 0;
  virtual std::string_view backend() const = 0;  // "sqlite", "postgresql"

 protected:
  // True on the thread that runs write functions and completions (where blocking would deadlock).
  virtual bool OnWriterThread() const = 0;
};

}  // namespace bulwark::store
