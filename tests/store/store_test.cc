// The common store suite: every behaviour the services rely on, run against each backend
// (StoreBackends()).
#include "store/store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <limits>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "store/store_test_util.h"

namespace bulwark::store::testing {
namespace {

class StoreTest : public ::testing::TestWithParam<StoreBackend> {
 protected:
  void SetUp() override { store_ = Open(); }

  std::unique_ptr<Store> Open(std::vector<Migration> migrations = ItemsSchema()) {
    auto store = GetParam().open(dir_.path(), std::move(migrations));
    EXPECT_TRUE(store.ok()) << store.error().message;
    return store.ok() ? std::move(store).value() : nullptr;
  }
  void Reopen() {
    store_.reset();
    store_ = Open();
  }
  Store& store() { return *store_; }

  TempDir dir_;
  std::unique_ptr<Store> store_;
};

// Counts completions and lets a test wait for all of them.
class Countdown {
 public:
  explicit Countdown(int n) : remaining_(n) {}
  void Done() {
    std::lock_guard lock(mu_);
    if (--remaining_ == 0) cv_.notify_all();
  }
  void Wait() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [this] { return remaining_ == 0; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int remaining_;
};

TEST_P(StoreTest, WriteThenReadReturnsTheRow) {
  ASSERT_TRUE(PutItem(store(), "a", 7).ok());
  EXPECT_EQ(GetItem(store(), "a"), 7);
  EXPECT_EQ(GetItem(store(), "b"), std::nullopt);
}

TEST_P(StoreTest, ValuesOfEveryKindRoundTrip) {
  const std::string text_with_nul("caf\xC3\xA9\0tail", 10);
  const Bytes binary{0x00, 0xFF, 0x10, 0x00};
  auto written = store().Write([&](Transaction& txn) -> core::Status {
    for (auto [id, n, data] : {std::tuple<std::string, std::int64_t, Value>{"null", 0, nullptr},
                               {"min", std::numeric_limits<std::int64_t>::min(), Value(Bytes{})},
                               {"max", std::numeric_limits<std::int64_t>::max(), Value(binary)},
                               {"text", 1, Value(Bytes(text_with_nul.begin(), text_with_nul.end()))}}) {
      if (auto r = txn.Execute("INSERT INTO items (id, n, data) VALUES (?, ?, ?)", {id, n, data}); !r.ok()) {
        return r.error();
      }
    }
    return txn.Execute("INSERT INTO items (id, n) VALUES (?, ?)", {text_with_nul, 2}).status();
  });
  ASSERT_TRUE(written.ok()) << written.error().message;

  auto rows = store().Read(
      [](ReadView& view) { return view.QueryAll("SELECT id, n, data FROM items ORDER BY n, id"); });
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  ASSERT_EQ(rows->size(), 5u);
  const auto& r = *rows;
  EXPECT_EQ(*r[0].Int64(1), std::numeric_limits<std::int64_t>::min());
  ASSERT_TRUE(r[0].Blob(2).ok());
  EXPECT_TRUE(r[0].Blob(2)->empty());  // An empty blob is not NULL.
  EXPECT_TRUE(r[1].IsNull(2));         // "null"
  EXPECT_EQ(*r[2].BlobString(2), text_with_nul);
  EXPECT_EQ(*r[3].Text(0), text_with_nul);  // Text keeps an embedded NUL.
  EXPECT_EQ(*r[4].Int64(1), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(r[4].values()[2], Value(binary));
}

TEST_P(StoreTest, TypedGettersRefuseOtherTypesAndMissingColumns) {
  ASSERT_TRUE(PutItem(store(), "a", 1).ok());
  auto row = store().Read([](ReadView& view) { return view.QueryOne("SELECT id, n, data FROM items"); });
  ASSERT_TRUE(row.ok() && row->has_value());
  EXPECT_EQ((*row)->Int64(0).error().code, kErrorInternal);  // TEXT
  EXPECT_EQ((*row)->Text(1).error().code, kErrorInternal);   // INTEGER
  EXPECT_EQ((*row)->Blob(2).error().code, kErrorInternal);   // NULL
  EXPECT_EQ((*row)->Int64(3).error().code, kErrorInternal);  // no such column
}

TEST_P(StoreTest, WriteReturnsTheFunctionsValueOnceDurable) {
  auto changed = store().Write([](Transaction& txn) -> core::Result<std::int64_t> {
    if (auto st = PutItem(txn, "a", 1); !st.ok()) return st.error();
    if (auto st = PutItem(txn, "b", 1); !st.ok()) return st.error();
    return txn.Execute("UPDATE items SET n = n + 1");
  });
  ASSERT_TRUE(changed.ok()) << changed.error().message;
  EXPECT_EQ(*changed, 2);
  EXPECT_EQ(GetItem(store(), "b"), 2);
}

TEST_P(StoreTest, FailingWriteRollsBackItselfAndReturnsItsError) {
  core::Status status = store().Write([](Transaction& txn) -> core::Status {
    if (auto st = PutItem(txn, "a", 1); !st.ok()) return st;
    return core::Error{"NoSuchEntity", "the role does not exist"};
  });
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, "NoSuchEntity");
  EXPECT_EQ(GetItem(store(), "a"), std::nullopt);
}

TEST_P(StoreTest, FailingWriteRollsBackOnlyItselfWhileBatchMatesCommit) {
  // The first write holds the writer until the others are queued, so they share its batch.
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::vector<std::promise<core::Status>> outcomes(4);
  store().WriteAsync(
      [&](Transaction& txn) {
        released.wait();
        return PutItem(txn, "gate", 0);
      },
      [&](core::Status st) { outcomes[0].set_value(st); });
  store().WriteAsync([](Transaction& txn) { return PutItem(txn, "before", 1); },
                     [&](core::Status st) { outcomes[1].set_value(st); });
  store().WriteAsync(
      [](Transaction& txn) -> core::Status {
        if (auto st = PutItem(txn, "doomed", 2); !st.ok()) return st;
        return core::Error{"LimitExceeded", "too many"};
      },
      [&](core::Status st) { outcomes[2].set_value(st); });
  store().WriteAsync([](Transaction& txn) { return PutItem(txn, "after", 3); },
                     [&](core::Status st) { outcomes[3].set_value(st); });
  release.set_value();

  EXPECT_TRUE(outcomes[0].get_future().get().ok());
  EXPECT_TRUE(outcomes[1].get_future().get().ok());
  core::Status doomed = outcomes[2].get_future().get();
  ASSERT_FALSE(doomed.ok());
  EXPECT_EQ(doomed.error().code, "LimitExceeded");
  EXPECT_TRUE(outcomes[3].get_future().get().ok());
  EXPECT_EQ(GetItem(store(), "before"), 1);
  EXPECT_EQ(GetItem(store(), "doomed"), std::nullopt);
  EXPECT_EQ(GetItem(store(), "after"), 3);
}

TEST_P(StoreTest, ThrowingWriteFunctionFailsAloneWithInternalFailure) {
  core::Status thrown = store().Write([](Transaction& txn) -> core::Status {
    (void)PutItem(txn, "a", 1).ok();
    throw std::runtime_error("boom");
  });
  ASSERT_FALSE(thrown.ok());
  EXPECT_EQ(thrown.error().code, kErrorInternal);
  EXPECT_EQ(GetItem(store(), "a"), std::nullopt);
  EXPECT_TRUE(PutItem(store(), "b", 2).ok());
}

TEST_P(StoreTest, NestedFailureRollsBackOnlyTheNestedPart) {
  // The pipeline's shape: the handler fails, its record still commits.
  core::Status status = store().Write([](Transaction& txn) -> core::Status {
    if (auto st = PutItem(txn, "outer-before", 1); !st.ok()) return st;
    core::Status handler = txn.Nested([](Transaction& inner) -> core::Status {
      if (auto st = PutItem(inner, "handler", 2); !st.ok()) return st;
      return core::Error{"DeleteConflict", "attached policies"};
    });
    EXPECT_EQ(handler.error().code, "DeleteConflict");
    return PutItem(txn, "record", 3);
  });
  ASSERT_TRUE(status.ok()) << status.error().message;
  EXPECT_EQ(GetItem(store(), "outer-before"), 1);
  EXPECT_EQ(GetItem(store(), "handler"), std::nullopt);
  EXPECT_EQ(GetItem(store(), "record"), 3);
}

TEST_P(StoreTest, NestedReturnsTheValueOfItsFunction) {
  auto n = store().Write([](Transaction& txn) -> core::Result<std::int64_t> {
    return txn.Nested([](Transaction& inner) -> core::Result<std::int64_t> {
      if (auto st = PutItem(inner, "a", 5); !st.ok()) return st.error();
      return std::int64_t{5};
    });
  });
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 5);
  EXPECT_EQ(GetItem(store(), "a"), 5);
}

TEST_P(StoreTest, WriteFunctionSeesItsOwnUncommittedChanges) {
  auto seen = store().Write([](Transaction& txn) -> core::Result<std::int64_t> {
    if (auto st = PutItem(txn, "a", 9); !st.ok()) return st.error();
    auto row = txn.QueryOne("SELECT n FROM items WHERE id = ?", {"a"});
    if (!row.ok()) return row.error();
    return (*row)->Int64(0);
  });
  ASSERT_TRUE(seen.ok());
  EXPECT_EQ(*seen, 9);
}

TEST_P(StoreTest, UniqueViolationIsConcurrentModification) {
  ASSERT_TRUE(PutItem(store(), "a", 1).ok());
  core::Status again = PutItem(store(), "a", 2);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, kErrorConflict);
  EXPECT_EQ(GetItem(store(), "a"), 1);
}

TEST_P(StoreTest, WrongParameterCountIsAnError) {
  core::Status status = store().Write([](Transaction& txn) {
    return txn.Execute("INSERT INTO items (id, n) VALUES (?, ?)", {"only-one"}).status();
  });
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, kErrorInternal);
}

TEST_P(StoreTest, MalformedSqlIsAnInternalFailure) {
  core::Status status =
      store().Write([](Transaction& txn) { return txn.Execute("INSERT INTO nowhere").status(); });
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, kErrorInternal);
}

TEST_P(StoreTest, TransactionControlAndPragmasAreRefused) {
  for (const char* sql : {"COMMIT", "  rollback", "SAVEPOINT x", "RELEASE x", "BEGIN",
                          "PRAGMA synchronous = OFF", "ATTACH DATABASE 'x' AS y"}) {
    core::Status status = store().Write([&](Transaction& txn) { return txn.Execute(sql).status(); });
    ASSERT_FALSE(status.ok()) << sql;
    EXPECT_EQ(status.error().code, kErrorInternal) << sql;
  }
  core::Status script = store().Write([](Transaction& txn) {
    return txn.ExecuteScript("INSERT INTO items (id, n) VALUES ('x', 1); COMMIT; BEGIN");
  });
  EXPECT_FALSE(script.ok());
  EXPECT_EQ(GetItem(store(), "x"), std::nullopt);
  EXPECT_TRUE(PutItem(store(), "still-works", 1).ok());
}

TEST_P(StoreTest, ReadViewCannotWrite) {
  core::Status status = store().Read([](ReadView& view) {
    return view.Query("INSERT INTO items (id, n) VALUES ('r', 1)", {}, [](const Row&) { return true; });
  });
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(GetItem(store(), "r"), std::nullopt);
}

TEST_P(StoreTest, ReadSeesOneSnapshotWhileWritesCommit) {
  ASSERT_TRUE(PutItem(store(), "a", 1).ok());
  auto counts = store().Read([&](ReadView& view) -> core::Result<std::pair<std::int64_t, std::int64_t>> {
    auto first = view.QueryOne("SELECT COUNT(*) FROM items");
    if (!first.ok()) return first.error();
    // Another thread commits while this read is open.
    std::thread writer([&] { EXPECT_TRUE(PutItem(store(), "b", 2).ok()); });
    writer.join();
    auto second = view.QueryOne("SELECT COUNT(*) FROM items");
    if (!second.ok()) return second.error();
    return std::pair{*(*first)->Int64(0), *(*second)->Int64(0)};
  });
  ASSERT_TRUE(counts.ok()) << counts.error().message;
  EXPECT_EQ(counts->first, 1);
  EXPECT_EQ(counts->second, 1);
  EXPECT_EQ(CountItems(store()), 2);  // A new read sees the committed write.
}

TEST_P(StoreTest, QueryStopsWhenTheCallbackSaysSo) {
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(PutItem(store(), "i" + std::to_string(i), i).ok());
  int seen = 0;
  core::Status status = store().Read([&](ReadView& view) {
    return view.Query("SELECT n FROM items ORDER BY n", {}, [&](const Row&) { return ++seen < 2; });
  });
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(seen, 2);
}

TEST_P(StoreTest, NestedQueriesOfTheSameStatementWork) {
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(PutItem(store(), "i" + std::to_string(i), i).ok());
  int pairs = 0;
  core::Status status = store().Read([&](ReadView& view) {
    const char* sql = "SELECT n FROM items ORDER BY n";
    return view.Query(sql, {}, [&](const Row&) {
      EXPECT_TRUE(view.Query(sql, {},
                             [&](const Row&) {
                               ++pairs;
                               return true;
                             })
                      .ok());
      return true;
    });
  });
  ASSERT_TRUE(status.ok()) << status.error().message;
  EXPECT_EQ(pairs, 9);
}

TEST_P(StoreTest, WriteAsyncDeliversTheTypedResult) {
  std::promise<core::Result<std::int64_t>> result;
  store().WriteAsync(
      [](Transaction& txn) -> core::Result<std::int64_t> {
        if (auto st = PutItem(txn, "a", 4); !st.ok()) return st.error();
        return std::int64_t{42};
      },
      [&](core::Result<std::int64_t> r) { result.set_value(std::move(r)); });
  auto r = result.get_future().get();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 42);
  EXPECT_EQ(GetItem(store(), "a"), 4);
}

TEST_P(StoreTest, BlockingWriteFromACompletionIsRefusedNotDeadlocked) {
  std::promise<core::Status> inner;
  store().WriteAsync([](Transaction& txn) { return PutItem(txn, "a", 1); },
                     [&](core::Status) { inner.set_value(PutItem(store(), "b", 2)); });
  core::Status status = inner.get_future().get();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, kErrorInternal);
}

TEST_P(StoreTest, ConcurrentBlockingWritersAllLand) {
  constexpr int kThreads = 8;
  constexpr int kWritesPerThread = 500;
  const StoreStats before = store().stats();
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWritesPerThread; ++i) {
        if (!PutItem(store(), std::to_string(t) + "/" + std::to_string(i), i).ok()) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(CountItems(store()), kThreads * kWritesPerThread);
  const StoreStats after = store().stats();
  const std::uint64_t writes = after.writes_committed - before.writes_committed;
  const std::uint64_t commits = after.commits - before.commits;
  EXPECT_EQ(writes, std::uint64_t{kThreads * kWritesPerThread});
  EXPECT_LE(commits, writes);
  RecordProperty("commits", static_cast<int>(commits));
  std::printf("[ info ] %d blocking writes in %llu commits\n", kThreads * kWritesPerThread,
              static_cast<unsigned long long>(commits));
}

TEST_P(StoreTest, ConcurrentAsyncWritersShareCommits) {
  constexpr int kThreads = 8;
  constexpr int kWritesPerThread = 500;
  const StoreStats before = store().stats();
  Countdown done(kThreads * kWritesPerThread);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWritesPerThread; ++i) {
        const std::string id = std::to_string(t) + "/" + std::to_string(i);
        store().WriteAsync([id, i](Transaction& txn) { return PutItem(txn, id, i); },
                           [&](core::Status st) {
                             if (!st.ok()) ++failures;
                             done.Done();
                           });
      }
    });
  }
  for (auto& thread : threads) thread.join();
  done.Wait();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(CountItems(store()), kThreads * kWritesPerThread);
  const StoreStats after = store().stats();
  const std::uint64_t commits = after.commits - before.commits;
  // 4000 writes queued faster than one fsync: they must not cost one commit each.
  EXPECT_LE(commits * 4, std::uint64_t{kThreads * kWritesPerThread});
  std::printf("[ info ] %d queued writes in %llu commits, largest batch %llu\n", kThreads * kWritesPerThread,
              static_cast<unsigned long long>(commits), static_cast<unsigned long long>(after.largest_batch));
}

TEST_P(StoreTest, WritesSurviveReopen) {
  ASSERT_TRUE(PutItem(store(), "a", 1).ok());
  ASSERT_TRUE(PutItem(store(), "b", 2).ok());
  Reopen();
  ASSERT_NE(store_, nullptr);
  EXPECT_EQ(GetItem(store(), "a"), 1);
  EXPECT_EQ(GetItem(store(), "b"), 2);
}

TEST_P(StoreTest, ClosingDrainsQueuedWrites) {
  constexpr int kWrites = 1000;
  Countdown done(kWrites);
  std::atomic<int> failures{0};
  for (int i = 0; i < kWrites; ++i) {
    store().WriteAsync([i](Transaction& txn) { return PutItem(txn, "q" + std::to_string(i), i); },
                       [&](core::Status st) {
                         if (!st.ok()) ++failures;
                         done.Done();
                       });
  }
  store_.reset();  // Returns once everything queued is committed and completed.
  done.Wait();
  EXPECT_EQ(failures.load(), 0);
  store_ = Open();
  ASSERT_NE(store_, nullptr);
  EXPECT_EQ(CountItems(store()), kWrites);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::ValuesIn(StoreBackends()), BackendName);

}  // namespace
}  // namespace bulwark::store::testing
