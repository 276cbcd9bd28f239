// SQLite-specific behaviour: file format and permissions, group commit, and failing closed when the
// disk or the files go away (a damage suite in the manner of LevelDB's fault_injection_test).
#include "store/sqlite_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <string>
#include <vector>

#include "store/fault_vfs.h"
#include "store/store_test_util.h"

namespace bulwark::store::testing {
namespace {

namespace fs = std::filesystem;

SqliteStoreOptions Options(const fs::path& dir, const std::string& vfs = "") {
  SqliteStoreOptions options;
  options.data_dir = dir / "data";
  options.migrations = ItemsSchema();
  options.vfs = vfs;
  return options;
}

std::unique_ptr<Store> OpenOrDie(SqliteStoreOptions options) {
  auto store = OpenSqliteStore(std::move(options));
  EXPECT_TRUE(store.ok()) << store.error().message;
  return store.ok() ? std::move(store).value() : nullptr;
}

// Holds the writer inside one write function until released, so that writes submitted meanwhile
// queue up and share its batch.
class WriterGate {
 public:
  explicit WriterGate(Store& store) {
    store.WriteAsync(
        [this](Transaction& txn) {
          entered_.set_value();
          released_.get_future().wait();
          return PutItem(txn, "gate", 0);
        },
        [this](core::Status st) { done_.set_value(std::move(st)); });
    entered_.get_future().wait();
  }
  // Returns the gate write's own outcome.
  core::Status Release() {
    released_.set_value();
    return done_.get_future().get();
  }

 private:
  std::promise<void> entered_;
  std::promise<void> released_;
  std::promise<core::Status> done_;
};

std::shared_ptr<std::promise<core::Status>> SubmitPut(Store& store, std::string id, std::int64_t n) {
  auto outcome = std::make_shared<std::promise<core::Status>>();
  store.WriteAsync([id, n](Transaction& txn) { return PutItem(txn, id, n); },
                   [outcome](core::Status st) { outcome->set_value(std::move(st)); });
  return outcome;
}

TEST(SqliteStore, CreatesAWalDatabaseOnlyItsOwnerCanRead) {
  TempDir dir;
  auto store = OpenOrDie(Options(dir.path()));
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(PutItem(*store, "a", 1).ok());
  const fs::path file = dir.path() / "data" / kSqliteDatabaseFile;
  EXPECT_EQ(fs::status(file).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(fs::status(dir.path() / "data").permissions() & fs::perms::all, fs::perms::owner_all);
  // Database header bytes 18 and 19: file format read/write versions, 2 = WAL.
  std::ifstream in(file, std::ios::binary);
  char header[20] = {};
  in.read(header, sizeof(header));
  EXPECT_EQ(header[18], 2);
  EXPECT_EQ(header[19], 2);
  EXPECT_EQ(store->backend(), "sqlite");
}

TEST(SqliteStore, BatchMatesShareOneCommit) {
  TempDir dir;
  auto store = OpenOrDie(Options(dir.path()));
  ASSERT_NE(store, nullptr);
  const StoreStats before = store->stats();
  std::vector<std::shared_ptr<std::promise<core::Status>>> outcomes;
  {
    WriterGate gate(*store);
    for (int i = 0; i < 10; ++i) outcomes.push_back(SubmitPut(*store, "b" + std::to_string(i), i));
    ASSERT_TRUE(gate.Release().ok());
  }
  for (auto& outcome : outcomes) EXPECT_TRUE(outcome->get_future().get().ok());
  const StoreStats after = store->stats();
  EXPECT_EQ(after.commits - before.commits, 1u);
  EXPECT_EQ(after.writes_committed - before.writes_committed, 11u);
  EXPECT_GE(after.largest_batch, 11u);
}

TEST(SqliteStore, BatchIsBoundedByMaxBatch) {
  TempDir dir;
  SqliteStoreOptions options = Options(dir.path());
  options.max_batch = 4;
  auto store = OpenOrDie(std::move(options));
  ASSERT_NE(store, nullptr);
  const StoreStats before = store->stats();
  std::vector<std::shared_ptr<std::promise<core::Status>>> outcomes;
  {
    WriterGate gate(*store);
    for (int i = 0; i < 10; ++i) outcomes.push_back(SubmitPut(*store, "b" + std::to_string(i), i));
    ASSERT_TRUE(gate.Release().ok());
  }
  for (auto& outcome : outcomes) EXPECT_TRUE(outcome->get_future().get().ok());
  const StoreStats after = store->stats();
  EXPECT_EQ(after.largest_batch, 4u);
  EXPECT_EQ(after.commits - before.commits, 3u);  // 11 writes: 4 + 4 + 3.
}

TEST(SqliteStore, RemovedDatabaseFileFailsWritesClosed) {
  TempDir dir;
  auto store = OpenOrDie(Options(dir.path()));
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(PutItem(*store, "a", 1).ok());
  fs::remove(dir.path() / "data" / kSqliteDatabaseFile);
  // SQLite itself would go on "committing" into the unlinked file.
  core::Status lost = PutItem(*store, "b", 2);
  ASSERT_FALSE(lost.ok());
  EXPECT_EQ(lost.error().code, kErrorUnavailable);
  EXPECT_NE(lost.error().message.find("removed or replaced"), std::string::npos) << lost.error().message;
  core::Status later = PutItem(*store, "c", 3);
  ASSERT_FALSE(later.ok());
  EXPECT_EQ(later.error().code, kErrorUnavailable);
}

TEST(SqliteStore, RemovedWalFileFailsWritesClosed) {
  TempDir dir;
  auto store = OpenOrDie(Options(dir.path()));
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(PutItem(*store, "a", 1).ok());
  fs::path wal = dir.path() / "data" / (std::string(kSqliteDatabaseFile) + "-wal");
  ASSERT_TRUE(fs::exists(wal));
  fs::remove(wal);
  core::Status lost = PutItem(*store, "b", 2);
  ASSERT_FALSE(lost.ok());
  EXPECT_EQ(lost.error().code, kErrorUnavailable);
}

TEST(SqliteStore, FsyncFailureFailsTheWriteAndEveryLaterOne) {
  TempDir dir;
  FaultVfs vfs;
  auto store = OpenOrDie(Options(dir.path(), vfs.name()));
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(PutItem(*store, "a", 1).ok());
  vfs.Arm(FaultVfs::Fault::kSyncFails);
  core::Status failed = PutItem(*store, "b", 2);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, kErrorUnavailable);
  // Never retry after a failed fsync: the kernel may have dropped the dirty pages.
  vfs.Arm(FaultVfs::Fault::kNone);
  core::Status later = PutItem(*store, "c", 3);
  ASSERT_FALSE(later.ok());
  EXPECT_EQ(later.error().code, kErrorUnavailable);
  EXPECT_EQ(GetItem(*store, "a"), 1);  // Committed state stays readable.
}

TEST(SqliteStore, DiskFullFailsTheWholeBatchAndWhatIsQueued) {
  TempDir dir;
  FaultVfs vfs;
  SqliteStoreOptions options = Options(dir.path(), vfs.name());
  options.max_batch = 3;
  auto store = OpenOrDie(std::move(options));
  ASSERT_NE(store, nullptr);
  std::vector<std::shared_ptr<std::promise<core::Status>>> outcomes;
  core::Status gate_outcome;
  {
    WriterGate gate(*store);
    for (int i = 0; i < 6; ++i) outcomes.push_back(SubmitPut(*store, "q" + std::to_string(i), i));
    vfs.Arm(FaultVfs::Fault::kDiskFull);
    gate_outcome = gate.Release();
  }
  EXPECT_EQ(gate_outcome.error().code, kErrorUnavailable);
  for (auto& outcome : outcomes) {
    core::Status st = outcome->get_future().get();
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().code, kErrorUnavailable);
  }
  vfs.Arm(FaultVfs::Fault::kNone);
  EXPECT_FALSE(PutItem(*store, "later", 1).ok());
  EXPECT_EQ(CountItems(*store), 0);
}

TEST(SqliteStore, IoErrorSwallowedByAWriteFunctionStillFailsItsBatch) {
  TempDir dir;
  FaultVfs vfs;
  auto store = OpenOrDie(Options(dir.path(), vfs.name()));
  ASSERT_NE(store, nullptr);
  std::shared_ptr<std::promise<core::Status>> mate;
  std::promise<core::Status> careless;
  {
    WriterGate gate(*store);
    mate = SubmitPut(*store, "mate", 1);
    store->WriteAsync(
        [&vfs](Transaction& txn) -> core::Status {
          vfs.Arm(FaultVfs::Fault::kWriteFails);
          // Larger than the page cache, so SQLite must write during the statement.
          const Value big = Value(Bytes(16 << 20, 0xAB));
          (void)txn.Execute("INSERT INTO items (id, n, data) VALUES ('big', 0, ?)", {big}).ok();
          return core::Status::Ok();  // Pretends all went well.
        },
        [&](core::Status st) { careless.set_value(std::move(st)); });
    (void)gate.Release().ok();
  }
  EXPECT_FALSE(careless.get_future().get().ok());
  EXPECT_FALSE(mate->get_future().get().ok());
  vfs.Arm(FaultVfs::Fault::kNone);
  EXPECT_EQ(GetItem(*store, "mate"), std::nullopt);
  EXPECT_EQ(GetItem(*store, "big"), std::nullopt);
}

TEST(SqliteStore, OpenFailsCleanlyWhenTheDataDirectoryIsAFile) {
  TempDir dir;
  std::ofstream(dir.path() / "data") << "not a directory";
  auto store = OpenSqliteStore(Options(dir.path()));
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, kErrorUnavailable);
}

TEST(SqliteStore, OpenRefusesAFileThatIsNotADatabase) {
  TempDir dir;
  fs::create_directories(dir.path() / "data");
  std::ofstream(dir.path() / "data" / kSqliteDatabaseFile) << std::string(4096, 'x');
  auto store = OpenSqliteStore(Options(dir.path()));
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, kErrorUnavailable);
}

TEST(SqliteStore, OpenFailsCleanlyInAReadOnlyDirectory) {
  if (::geteuid() == 0) GTEST_SKIP() << "root ignores directory permissions";
  TempDir dir;
  fs::create_directories(dir.path() / "data");
  fs::permissions(dir.path() / "data", fs::perms::owner_read | fs::perms::owner_exec);
  auto store = OpenSqliteStore(Options(dir.path()));
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, kErrorUnavailable);
}

TEST(SqliteStore, RejectsZeroBatchOrReaders) {
  TempDir dir;
  SqliteStoreOptions options = Options(dir.path());
  options.max_batch = 0;
  EXPECT_FALSE(OpenSqliteStore(std::move(options)).ok());
}

}  // namespace
}  // namespace bulwark::store::testing
