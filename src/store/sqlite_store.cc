#include "store/sqlite_store.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <string>
#include <system_error>
#include <thread>
#include <utility>

#include "store/sqlite_connection.h"

namespace bulwark::store {

namespace {

core::Error Unavailable(std::string message) {
  return core::Error{std::string(kErrorUnavailable), "store: " + std::move(message)};
}

core::Error Internal(std::string message) {
  return core::Error{std::string(kErrorInternal), "store: " + std::move(message)};
}

// Exceptions never cross the store: a throwing function counts as a failing one.
template <typename Fn>
core::Status CallGuarded(Fn&& fn) {
  try {
    return fn();
  } catch (const std::exception& e) {
    return Internal(std::string("a store function threw: ") + e.what());
  } catch (...) {
    return Internal("a store function threw a non-standard exception");
  }
}

core::Status RefuseControl(std::string_view sql) {
  if (IsStoreControlStatement(sql)) {
    return Internal("transaction control and PRAGMA belong to the store: " + std::string(sql.substr(0, 80)));
  }
  return core::Status::Ok();
}

class SqliteReadView final : public ReadView {
 public:
  explicit SqliteReadView(SqliteConnection& connection) : connection_(connection) {}
  void Expire() { active_ = false; }

 protected:
  core::Status DoQuery(std::string_view sql, std::span<const Value> params,
                       const RowCallback& on_row) override {
    if (!active_) return Internal("a ReadView was used after its read function returned");
    if (auto st = RefuseControl(sql); !st.ok()) return st;
    return connection_.Query(sql, params, on_row);
  }

 private:
  SqliteConnection& connection_;
  bool active_ = true;
};

class SqliteTransaction final : public Transaction {
 public:
  explicit SqliteTransaction(SqliteConnection& connection) : connection_(connection) {}
  void Expire() { active_ = false; }

 protected:
  core::Status DoQuery(std::string_view sql, std::span<const Value> params,
                       const RowCallback& on_row) override {
    if (auto st = Usable(sql); !st.ok()) return st;
    return connection_.Query(sql, params, on_row);
  }
  core::Result<std::int64_t> DoExecute(std::string_view sql, std::span<const Value> params) override {
    if (auto st = Usable(sql); !st.ok()) return st.error();
    return connection_.Execute(sql, params);
  }
  core::Status DoExecuteScript(std::string_view sql) override {
    if (!active_) return Expired();
    return connection_.ExecuteScript(sql, /*refuse_control=*/true);
  }
  core::Status DoNested(const std::function<core::Status(Transaction&)>& fn) override {
    if (!active_) return Expired();
    const std::string name = "nested" + std::to_string(++depth_);
    core::Status status = connection_.Control("SAVEPOINT " + name);
    if (status.ok()) {
      status = CallGuarded([&] { return fn(*this); });
      if (status.ok()) status = connection_.Control("RELEASE " + name);
      if (!status.ok()) {
        // The caller needs the error of `fn`; if its changes cannot be undone, the batch must not
        // commit at all.
        if (!connection_.Control("ROLLBACK TO " + name).ok() ||
            !connection_.Control("RELEASE " + name).ok()) {
          broken_ = true;
        }
      }
    }
    --depth_;
    return status;
  }

 public:
  bool broken() const { return broken_; }

 private:
  static core::Status Expired() {
    return Internal("a Transaction was used after its write function returned");
  }
  core::Status Usable(std::string_view sql) const {
    if (!active_) return Expired();
    return RefuseControl(sql);
  }

  SqliteConnection& connection_;
  bool active_ = true;
  bool broken_ = false;
  int depth_ = 0;
};

struct FileIdentity {
  dev_t device = 0;
  ino_t inode = 0;
  bool known = false;
};

std::optional<FileIdentity> IdentityOf(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return std::nullopt;
  return FileIdentity{info.st_dev, info.st_ino, true};
}

class SqliteStore final : public Store {
 public:
  SqliteStore(SqliteStoreOptions options, std::string path, std::unique_ptr<SqliteConnection> writer)
      : options_(std::move(options)), path_(std::move(path)), writer_(std::move(writer)) {
    // Before the writer starts: it alone reads and updates them afterwards.
    if (auto identity = IdentityOf(path_)) db_identity_ = *identity;
    if (auto identity = IdentityOf(path_ + "-wal")) wal_identity_ = *identity;
    writer_thread_ = std::thread([this] { WriterLoop(); });
  }

  ~SqliteStore() override {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    queue_cv_.notify_all();
    if (writer_thread_.joinable()) writer_thread_.join();
    {
      std::lock_guard lock(readers_mu_);
      idle_readers_.clear();
    }
    writer_.reset();
  }

  core::Status OpenReaders() {
    SqliteConnectionOptions reader_options;
    reader_options.read_only = true;
    reader_options.busy_timeout_ms = options_.busy_timeout_ms;
    reader_options.vfs = options_.vfs;
    std::lock_guard lock(readers_mu_);
    for (std::size_t i = 0; i < options_.read_connections; ++i) {
      auto reader = SqliteConnection::Open(path_, reader_options);
      if (!reader.ok()) return reader.error();
      idle_readers_.push_back(std::move(reader).value());
    }
    return core::Status::Ok();
  }

  void Submit(WriteFn fn, Completion done) override {
    std::optional<core::Error> refusal;
    {
      std::lock_guard lock(mu_);
      if (stopping_) {
        refusal = Unavailable("the store is closed");
      } else if (failure_.has_value()) {
        refusal = *failure_;
      } else {
        queue_.push_back(PendingWrite{std::move(fn), std::move(done)});
      }
    }
    if (refusal.has_value()) {
      writes_failed_.fetch_add(1, std::memory_order_relaxed);
      Complete(done, *refusal);
      return;
    }
    queue_cv_.notify_one();
  }

  core::Status RunRead(const ReadFn& fn) override {
    std::unique_ptr<SqliteConnection> connection;
    {
      std::unique_lock lock(readers_mu_);
      readers_cv_.wait(lock, [this] { return !idle_readers_.empty(); });
      connection = std::move(idle_readers_.back());
      idle_readers_.pop_back();
    }
    core::Status status = connection->Control("BEGIN");
    if (status.ok()) {
      SqliteReadView view(*connection);
      status = CallGuarded([&] { return fn(view); });
      view.Expire();
    }
    // A read transaction has nothing to commit; ending it releases the snapshot.
    if (connection->in_transaction()) (void)connection->Control("ROLLBACK").ok();
    reads_.fetch_add(1, std::memory_order_relaxed);
    {
      std::lock_guard lock(readers_mu_);
      idle_readers_.push_back(std::move(connection));
    }
    readers_cv_.notify_one();
    return status;
  }

  StoreStats stats() const override {
    StoreStats s;
    s.writes_committed = writes_committed_.load(std::memory_order_relaxed);
    s.writes_failed = writes_failed_.load(std::memory_order_relaxed);
    s.commits = commits_.load(std::memory_order_relaxed);
    s.largest_batch = largest_batch_.load(std::memory_order_relaxed);
    s.reads = reads_.load(std::memory_order_relaxed);
    return s;
  }

  std::string_view backend() const override { return "sqlite"; }

 protected:
  bool OnWriterThread() const override { return std::this_thread::get_id() == writer_thread_.get_id(); }

 private:
  struct PendingWrite {
    WriteFn fn;
    Completion done;
  };

  static void Complete(Completion& done, core::Status status) {
    if (!done) return;
    try {
      done(std::move(status));
    } catch (...) {
      // A throwing completion is the submitter's bug; the writer must outlive it.
    }
  }

  // Moves queued writes into `batch` until it holds max_batch. Requires mu_.
  void TakeLocked(std::vector<PendingWrite>& batch) {
    while (!queue_.empty() && batch.size() < options_.max_batch) {
      batch.push_back(std::move(queue_.front()));
      queue_.pop_front();
    }
  }

  void WriterLoop() {
    std::vector<PendingWrite> batch;
    batch.reserve(options_.max_batch);
    for (;;) {
      {
        std::unique_lock lock(mu_);
        queue_cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;  // Stopping, and drained.
        TakeLocked(batch);
      }
      RunBatch(batch);
      batch.clear();
    }
  }

  std::optional<core::Error> CurrentFailure() {
    std::lock_guard lock(mu_);
    return failure_;
  }

  // From now on every write fails. Keeps the first cause.
  void EnterFailed(const core::Error& cause) {
    std::lock_guard lock(mu_);
    if (failure_.has_value()) return;
    failure_ = Unavailable(
        "the database can no longer be written durably; every write is refused until the "
        "store is reopened. First failure: " +
        std::string(Cause(cause)));
  }

  // Writes i whose own result was an error keep it; all others get `error`.
  void FailAll(std::vector<PendingWrite>& batch, const std::vector<core::Status>& results,
               const core::Error& error) {
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const bool own = i < results.size() && !results[i].ok();
      Complete(batch[i].done, own ? results[i] : core::Status(error));
    }
    writes_failed_.fetch_add(batch.size(), std::memory_order_relaxed);
  }

  // SQLite goes on writing to a database or WAL file that was unlinked or replaced, and whatever it
  // writes there is lost at the next restart, so commits there must not count as durable.
  core::Status CheckFilesInPlace() {
    const std::string wal_path = path_ + "-wal";
    for (auto [file, identity] : {std::pair{&path_, &db_identity_}, std::pair{&wal_path, &wal_identity_}}) {
      std::optional<FileIdentity> now = IdentityOf(*file);
      if (!identity->known) {
        if (now.has_value()) *identity = *now;
        continue;
      }
      if (!now.has_value() || now->device != identity->device || now->inode != identity->inode) {
        return Unavailable("the file " + *file + " was removed or replaced while the store had it open");
      }
    }
    return core::Status::Ok();
  }

  // Runs one write function in its own savepoint. `transaction_broken` is set when its savepoint
  // could not be undone.
  core::Status RunOne(const WriteFn& fn, bool& transaction_broken) {
    if (auto st = writer_->Control("SAVEPOINT write"); !st.ok()) {
      transaction_broken = true;
      return st;
    }
    SqliteTransaction txn(*writer_);
    core::Status status = CallGuarded([&] { return fn(txn); });
    txn.Expire();
    if (txn.broken()) transaction_broken = true;
    if (status.ok()) {
      status = writer_->Control("RELEASE write");
      if (status.ok()) return status;
    }
    if (!writer_->Control("ROLLBACK TO write").ok() || !writer_->Control("RELEASE write").ok()) {
      transaction_broken = true;
    }
    return status;
  }

  void RunBatch(std::vector<PendingWrite>& batch) {
    std::vector<core::Status> results;
    if (auto failure = CurrentFailure(); failure.has_value()) {
      FailAll(batch, results, *failure);
      return;
    }
    writer_->ClearFatal();
    // IMMEDIATE takes the write lock now (waiting up to the busy timeout for another process).
    if (core::Status begun = writer_->Control("BEGIN IMMEDIATE"); !begun.ok()) {
      if (writer_->fatal_code() != 0) EnterFailed(begun.error());
      FailAll(batch, results, begun.error());
      return;
    }
    results.reserve(batch.size());
    std::size_t succeeded = 0;
    for (;;) {
      for (std::size_t i = results.size(); i < batch.size(); ++i) {
        bool broken = false;
        results.push_back(RunOne(batch[i].fn, broken));
        if (broken || writer_->fatal_code() != 0 || !writer_->in_transaction()) {
          AbandonBatch(batch, results);
          return;
        }
        if (results.back().ok()) ++succeeded;
      }
      // Writes queued meanwhile join this commit: the queue drains at the pace of fsync.
      if (batch.size() >= options_.max_batch) break;
      std::lock_guard lock(mu_);
      if (queue_.empty()) break;
      TakeLocked(batch);
    }
    if (succeeded == 0) {
      // Nothing to make durable: skip the fsync.
      core::Status rolled_back = writer_->Control("ROLLBACK");
      if (!rolled_back.ok() && writer_->fatal_code() != 0) EnterFailed(rolled_back.error());
      for (std::size_t i = 0; i < batch.size(); ++i) Complete(batch[i].done, results[i]);
      writes_failed_.fetch_add(batch.size(), std::memory_order_relaxed);
      return;
    }
    core::Status committed = writer_->Control("COMMIT");
    if (committed.ok()) committed = CheckFilesInPlace();
    if (!committed.ok()) {
      if (writer_->in_transaction()) (void)writer_->Control("ROLLBACK").ok();
      // Whatever the cause (I/O, full disk, file gone), the commit's fate on disk is unknown: stop.
      EnterFailed(committed.error());
      FailAll(batch, results,
              Unavailable("the commit failed, the write is not durable: " +
                          std::string(Cause(committed.error()))));
      return;
    }
    commits_.fetch_add(1, std::memory_order_relaxed);
    std::uint64_t largest = largest_batch_.load(std::memory_order_relaxed);
    while (batch.size() > largest &&
           !largest_batch_.compare_exchange_weak(largest, batch.size(), std::memory_order_relaxed)) {
    }
    writes_committed_.fetch_add(succeeded, std::memory_order_relaxed);
    writes_failed_.fetch_add(batch.size() - succeeded, std::memory_order_relaxed);
    for (std::size_t i = 0; i < batch.size(); ++i) Complete(batch[i].done, results[i]);
  }

  // The transaction can no longer be trusted (a fatal error, or a savepoint that could not be undone,
  // or SQLite rolled it back): nothing in it may commit.
  void AbandonBatch(std::vector<PendingWrite>& batch, const std::vector<core::Status>& results) {
    core::Error error = Internal("the batch transaction was aborted; this write was rolled back");
    if (writer_->fatal_code() != 0) {
      const core::Status& last = results.back();
      error = last.ok()
                  ? Unavailable("the database failed during this batch; this write was rolled back")
                  : Unavailable("the database failed during this batch; this write was rolled back. Cause: " +
                                std::string(Cause(last.error())));
      EnterFailed(error);
    }
    if (writer_->in_transaction()) {
      core::Status rolled_back = writer_->Control("ROLLBACK");
      if (!rolled_back.ok()) EnterFailed(rolled_back.error());
    }
    // The function that hit a fatal error may have swallowed it; its batch-mates' work is gone too.
    std::vector<core::Status> own(results.begin(), results.end() - 1);
    FailAll(batch, own, error);
  }

  const SqliteStoreOptions options_;
  const std::string path_;
  std::unique_ptr<SqliteConnection> writer_;  // Used by the writer thread only (after construction).
  std::thread writer_thread_;
  FileIdentity db_identity_;   // Writer thread only.
  FileIdentity wal_identity_;  // Writer thread only.

  std::mutex mu_;
  std::condition_variable queue_cv_;
  std::deque<PendingWrite> queue_;
  bool stopping_ = false;
  std::optional<core::Error> failure_;

  std::mutex readers_mu_;
  std::condition_variable readers_cv_;
  std::vector<std::unique_ptr<SqliteConnection>> idle_readers_;

  std::atomic<std::uint64_t> writes_committed_{0};
  std::atomic<std::uint64_t> writes_failed_{0};
  std::atomic<std::uint64_t> commits_{0};
  std::atomic<std::uint64_t> largest_batch_{0};
  std::atomic<std::uint64_t> reads_{0};
};

// Runs a PRAGMA that answers with one row and checks its first column.
core::Status SetPragma(SqliteConnection& connection, const std::string& pragma,
                       std::optional<Value> expected) {
  std::optional<Value> answer;
  core::Status status = connection.Query("PRAGMA " + pragma, {}, [&answer](const Row& row) {
    if (row.size() > 0) answer = row.values()[0];
    return false;
  });
  if (!status.ok()) return status;
  if (expected.has_value() && answer != expected) {
    return Unavailable("PRAGMA " + pragma + " did not take effect; refusing to run without it");
  }
  return core::Status::Ok();
}

}  // namespace

core::Result<std::unique_ptr<Store>> OpenSqliteStore(SqliteStoreOptions options) {
  if (options.data_dir.empty()) return Internal("no data directory given");
  // Connections are opened SQLITE_OPEN_NOMUTEX and used from several threads, one at a time.
  if (sqlite3_threadsafe() == 0) return Internal("the SQLite library was built without thread support");
  if (options.max_batch == 0 || options.read_connections == 0) {
    return Internal("max_batch and read_connections must be at least 1");
  }
  std::error_code ec;
  if (!std::filesystem::exists(options.data_dir, ec)) {
    std::filesystem::create_directories(options.data_dir, ec);
    if (ec) return Unavailable("cannot create " + options.data_dir.string() + ": " + ec.message());
    std::filesystem::permissions(options.data_dir, std::filesystem::perms::owner_all, ec);
  }
  const std::filesystem::path file = options.data_dir / kSqliteDatabaseFile;
  const bool created = !std::filesystem::exists(file, ec);

  SqliteConnectionOptions writer_options;
  writer_options.busy_timeout_ms = options.busy_timeout_ms;
  writer_options.vfs = options.vfs;
  auto writer = SqliteConnection::Open(file.string(), writer_options);
  if (!writer.ok()) return writer.error();
  if (created) {
    // Secrets at rest are encrypted, but the rest of the state is nobody else's business either. The
    // WAL and shared-memory files take the database file's permissions.
    std::filesystem::permissions(
        file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write, ec);
  }
  SqliteConnection& w = **writer;
  for (auto [pragma, expected] : {
           std::pair<std::string, std::optional<Value>>{"journal_mode = WAL", Value("wal")},
           {"synchronous = FULL", std::nullopt},
           {"synchronous", Value(2)},  // FULL
           {"foreign_keys = ON", std::nullopt},
           {"foreign_keys", Value(1)},
           // Bounds the WAL file left behind after a checkpoint (64 MiB).
           {"journal_size_limit = 67108864", std::nullopt},
       }) {
    if (auto st = SetPragma(w, pragma, expected); !st.ok()) {
      return core::Error{st.error().code, st.error().message + " (" + file.string() + ")"};
    }
  }

  const std::vector<Migration> migrations = std::move(options.migrations);
  auto store = std::make_unique<SqliteStore>(std::move(options), file.string(), std::move(writer).value());
  // Through the writer, before any reader exists: nothing else can run meanwhile.
  if (auto applied = ApplyMigrations(*store, migrations); !applied.ok()) return applied.error();
  if (auto st = store->OpenReaders(); !st.ok()) return st.error();
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace bulwark::store
