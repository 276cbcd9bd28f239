// The access-key cache: hits within an epoch, invalidation by advancing it, refusal of entries read
// before a change, LRU bounds, and the race argument of access_key_cache.h exercised by threads.
#include "server/access_key_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace bulwark::server {
namespace {

// A resolved key whose principal_id says which committed version it was read from.
std::shared_ptr<const ResolvedAccessKey> Key(const std::string& id, int version = 0) {
  AccessKeyRecord record;
  record.access_key_id = id;
  record.principal_id = std::to_string(version);
  record.secret_sealed = "sealed-bytes";
  return std::make_shared<const ResolvedAccessKey>(std::move(record), "secret-of-" + id);
}

struct Fixture {
  explicit Fixture(std::size_t capacity = 16) : epoch(std::make_shared<core::CredentialEpoch>()), cache(capacity, epoch) {}
  // What the authenticator does on a miss: epoch first, then "the store".
  void Resolve(const std::string& id, int version = 0) {
    const uint64_t e = cache.CurrentEpoch();
    cache.Insert(Key(id, version), e);
  }
  std::shared_ptr<core::CredentialEpoch> epoch;
  AccessKeyCache cache;
};

TEST(AccessKeyCache, ResolvedKeyIsFoundInTheSameEpoch) {
  Fixture f;
  f.Resolve("AKIAONE");
  auto hit = f.cache.Find("AKIAONE");
  ASSERT_NE(hit, nullptr);
  EXPECT_EQ(hit->secret_access_key, "secret-of-AKIAONE");
}

TEST(AccessKeyCache, UnknownKeyMisses) {
  Fixture f;
  f.Resolve("AKIAONE");
  EXPECT_EQ(f.cache.Find("AKIATWO"), nullptr);
}

TEST(AccessKeyCache, ResolvedKeyKeepsNoSealedSecret) {
  EXPECT_TRUE(Key("AKIAONE")->record.secret_sealed.empty());
}

TEST(AccessKeyCache, AdvancingTheEpochInvalidatesEveryEntry) {
  Fixture f;
  f.Resolve("AKIAONE");
  f.Resolve("AKIATWO");
  f.epoch->Advance();
  EXPECT_EQ(f.cache.Find("AKIAONE"), nullptr);
  EXPECT_EQ(f.cache.Find("AKIATWO"), nullptr);
}

TEST(AccessKeyCache, StaleEntryIsDroppedWhenFound) {
  Fixture f;
  f.Resolve("AKIAONE");
  f.epoch->Advance();
  EXPECT_EQ(f.cache.Find("AKIAONE"), nullptr);
  EXPECT_EQ(f.cache.size(), 0u);
}

// The reader read the epoch, then the store; a change advanced the epoch in between: what it read
// may predate the change, so it must not be cached.
TEST(AccessKeyCache, InsertReadBeforeAChangeIsRefused) {
  Fixture f;
  const uint64_t before = f.cache.CurrentEpoch();
  f.epoch->Advance();  // The change, inside its transaction.
  f.cache.Insert(Key("AKIAONE"), before);
  EXPECT_EQ(f.cache.Find("AKIAONE"), nullptr);
  EXPECT_EQ(f.cache.size(), 0u);
}

// A reader that read the epoch after the change's in-transaction advance but before its commit can
// cache what it saw; the executor's post-commit advance is what makes that entry stale.
TEST(AccessKeyCache, PostCommitAdvanceInvalidatesAReadBetweenAdvanceAndCommit) {
  Fixture f;
  f.epoch->Advance();        // In the change's transaction.
  f.Resolve("AKIAONE", 1);   // Reads the pre-commit snapshot.
  ASSERT_NE(f.cache.Find("AKIAONE"), nullptr);
  f.epoch->Advance();        // The executor, after the commit, before answering.
  EXPECT_EQ(f.cache.Find("AKIAONE"), nullptr);
}

TEST(AccessKeyCache, ReResolvingReplacesTheEntry) {
  Fixture f;
  f.Resolve("AKIAONE", 1);
  f.Resolve("AKIAONE", 2);
  EXPECT_EQ(f.cache.size(), 1u);
  EXPECT_EQ(f.cache.Find("AKIAONE")->record.principal_id, "2");
}

TEST(AccessKeyCache, EvictsTheLeastRecentlyUsedBeyondCapacity) {
  Fixture f(2);
  f.Resolve("AKIAONE");
  f.Resolve("AKIATWO");
  ASSERT_NE(f.cache.Find("AKIAONE"), nullptr);  // AKIATWO is now the least recently used.
  f.Resolve("AKIATHREE");
  EXPECT_EQ(f.cache.size(), 2u);
  EXPECT_NE(f.cache.Find("AKIAONE"), nullptr);
  EXPECT_EQ(f.cache.Find("AKIATWO"), nullptr);
  EXPECT_NE(f.cache.Find("AKIATHREE"), nullptr);
}

TEST(AccessKeyCache, ZeroCapacityCachesNothing) {
  Fixture f(0);
  f.Resolve("AKIAONE");
  EXPECT_EQ(f.cache.Find("AKIAONE"), nullptr);
}

TEST(AccessKeyCache, EntryHeldByARequestSurvivesEviction) {
  Fixture f(1);
  f.Resolve("AKIAONE");
  auto held = f.cache.Find("AKIAONE");
  f.Resolve("AKIATWO");
  EXPECT_EQ(f.cache.Find("AKIAONE"), nullptr);
  EXPECT_EQ(held->secret_access_key, "secret-of-AKIAONE");
}

// The claim of access_key_cache.h, with threads: once a change's post-commit advance has happened,
// no lookup returns what was read before that change. A "store" holds a committed version; the
// writer commits versions with the two advances around each commit, readers resolve and look up
// concurrently, and every hit must be at least the version answered before the lookup began.
TEST(AccessKeyCache, NoHitPredatesAnAnsweredChangeUnderConcurrency) {
  Fixture f(4);
  std::atomic<int> committed{0};
  std::atomic<int> answered{0};
  std::atomic<bool> stop{false};
  std::atomic<int> violations{0};
  std::atomic<long> hits{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t) {
    readers.emplace_back([&] {
      while (!stop.load()) {
        const int floor = answered.load();
        if (auto hit = f.cache.Find("AKIAONE")) {
          hits.fetch_add(1);
          if (std::stoi(hit->record.principal_id) < floor) violations.fetch_add(1);
          continue;
        }
        const uint64_t e = f.cache.CurrentEpoch();
        const int version = committed.load();
        f.cache.Insert(Key("AKIAONE", version), e);
      }
    });
  }
  // At least 20000 changes, and on until the readers have been served from the cache often enough for
  // the check to mean something (slow builds, such as ASan's, start the readers late).
  for (int v = 1; (v <= 20000 || hits.load() < 1000) && v < 50'000'000; ++v) {
    f.epoch->Advance();    // In the transaction.
    committed.store(v);    // The commit.
    f.epoch->Advance();    // The executor, after the commit.
    answered.store(v);     // The response.
    std::this_thread::yield();  // Let readers hit between changes.
  }
  stop.store(true);
  for (auto& r : readers) r.join();
  EXPECT_EQ(violations.load(), 0);
  EXPECT_GE(hits.load(), 1000);
}

TEST(AccessKeyCache, LivePrincipalIsRememberedWithinTheEpochOnly) {
  Fixture f;
  EXPECT_FALSE(f.cache.IsLivePrincipal("AROAROLE"));
  f.cache.InsertLivePrincipal("AROAROLE", f.cache.CurrentEpoch());
  EXPECT_TRUE(f.cache.IsLivePrincipal("AROAROLE"));
  EXPECT_FALSE(f.cache.IsLivePrincipal("AROAOTHER"));
  f.epoch->Advance();  // E.g. the role was deleted.
  EXPECT_FALSE(f.cache.IsLivePrincipal("AROAROLE"));
}

TEST(AccessKeyCache, LivePrincipalReadBeforeAChangeIsNotRemembered) {
  Fixture f;
  const uint64_t before = f.cache.CurrentEpoch();
  f.epoch->Advance();
  f.cache.InsertLivePrincipal("AROAROLE", before);
  EXPECT_FALSE(f.cache.IsLivePrincipal("AROAROLE"));
}

}  // namespace
}  // namespace bulwark::server
