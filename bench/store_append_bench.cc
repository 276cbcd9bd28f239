// Durable single-row appends per second into the SQLite store (WAL, synchronous=FULL, group commit),
// the cost every mutating API call pays for its audit record. Two shapes of 64 concurrent submitters:
//   - BM_BlockingAppend: 64 threads, each blocking in Write until its row is durable;
//   - BM_AsyncAppend: one thread keeping 64 WriteAsync calls in flight (the Asio server's shape).
// Counters: writes_per_commit (the group-commit factor). The database lives in a temporary directory
// on the file system of $TMPDIR; numbers only mean something on a real disk (not tmpfs).
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <semaphore>
#include <string>
#include <thread>
#include <vector>

#include "store/sqlite_store.h"

namespace bulwark::store {
namespace {

constexpr int kSubmitters = 64;

std::vector<Migration> EventsSchema() {
  return {Migration{"bench", 1, "create events",
                    "CREATE TABLE events (id TEXT PRIMARY KEY, seq BIGINT NOT NULL, body BYTEA NOT NULL)"}};
}

// A store in a fresh temporary directory, removed afterwards.
class BenchStore {
 public:
  BenchStore() {
    std::string pattern = (std::filesystem::temp_directory_path() / "bulwark-bench-XXXXXX").string();
    if (::mkdtemp(pattern.data()) != nullptr) dir_ = pattern;
    SqliteStoreOptions options;
    options.data_dir = dir_ / "data";
    options.migrations = EventsSchema();
    auto opened = OpenSqliteStore(std::move(options));
    if (opened.ok()) store_ = std::move(opened).value();
  }
  ~BenchStore() {
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  Store* get() { return store_.get(); }

 private:
  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
};

core::Status Append(Transaction& txn, std::string id, std::int64_t seq) {
  // About the size of a CloudTrail record.
  static const Value kBody = Value::Blob(std::string(1200, 'e'));
  return txn.Execute("INSERT INTO events (id, seq, body) VALUES (?, ?, ?)", {std::move(id), seq, kBody})
      .status();
}

void ReportCommits(benchmark::State& state, const StoreStats& before, const StoreStats& after) {
  const double commits = static_cast<double>(after.commits - before.commits);
  const double writes = static_cast<double>(after.writes_committed - before.writes_committed);
  state.counters["writes_per_commit"] = commits > 0 ? writes / commits : 0;
}

// 64 threads append in a loop, each blocking until its row is durable; every iteration of the timed
// loop consumes one durable write.
void BM_BlockingAppend(benchmark::State& state) {
  BenchStore bench_store;
  Store* store = bench_store.get();
  if (store == nullptr) {
    state.SkipWithError("cannot open the store");
    return;
  }
  std::counting_semaphore<> durable(0);
  std::atomic<bool> stop{false};
  std::atomic<bool> failed{false};
  const StoreStats before = store->stats();
  std::vector<std::thread> submitters;
  for (int t = 0; t < kSubmitters; ++t) {
    submitters.emplace_back([&, t] {
      const std::string prefix = std::to_string(t) + "/";
      for (std::int64_t seq = 0; !stop.load(std::memory_order_relaxed); ++seq) {
        core::Status st =
            store->Write([&](Transaction& txn) { return Append(txn, prefix + std::to_string(seq), seq); });
        if (!st.ok()) failed = true;
        durable.release();
      }
    });
  }
  for (auto _ : state) durable.acquire();
  stop = true;
  for (auto& submitter : submitters) submitter.join();
  if (failed) state.SkipWithError("a write failed");
  state.SetItemsProcessed(state.iterations());
  ReportCommits(state, before, store->stats());
}
BENCHMARK(BM_BlockingAppend)->UseRealTime()->MinTime(2.0);

void BM_AsyncAppend(benchmark::State& state) {
  BenchStore bench_store;
  Store* store = bench_store.get();
  if (store == nullptr) {
    state.SkipWithError("cannot open the store");
    return;
  }
  std::mutex mu;
  std::condition_variable cv;
  int in_flight = 0;
  bool failed = false;
  const StoreStats before = store->stats();
  std::int64_t seq = 0;
  for (auto _ : state) {
    {
      std::unique_lock lock(mu);
      cv.wait(lock, [&] { return in_flight < kSubmitters; });
      ++in_flight;
    }
    const std::int64_t n = seq++;
    store->WriteAsync([n](Transaction& txn) { return Append(txn, std::to_string(n), n); },
                      [&](core::Status st) {
                        std::lock_guard lock(mu);
                        if (!st.ok()) failed = true;
                        --in_flight;
                        cv.notify_one();
                      });
  }
  {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return in_flight == 0; });
  }
  if (failed) state.SkipWithError("a write failed");
  state.SetItemsProcessed(state.iterations());
  ReportCommits(state, before, store->stats());
}
BENCHMARK(BM_AsyncAppend)->UseRealTime()->MinTime(2.0);

}  // namespace
}  // namespace bulwark::store

BENCHMARK_MAIN();
