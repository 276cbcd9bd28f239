#include "sigv4/signing_key_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "sigv4/signature.h"

namespace bulwark::sigv4 {
namespace {

const CredentialScope kScope{"20150830", "us-east-1", "iam"};

TEST(SigningKeyCache, ReturnsTheDerivedKey) {
  SigningKeyCache cache(8);
  EXPECT_EQ(cache.GetOrDerive("AKID", "secret", kScope),
            DeriveSigningKey("secret", "20150830", "us-east-1", "iam"));
  EXPECT_EQ(cache.GetOrDerive("AKID", "secret", kScope),
            DeriveSigningKey("secret", "20150830", "us-east-1", "iam"));
  EXPECT_EQ(cache.misses(), 1u);
  EXPECT_EQ(cache.hits(), 1u);
}

TEST(SigningKeyCache, KeysOnEveryScopeElement) {
  SigningKeyCache cache(8);
  (void)cache.GetOrDerive("AKID", "secret", kScope);
  (void)cache.GetOrDerive("AKID2", "secret", kScope);
  (void)cache.GetOrDerive("AKID", "secret", {"20150831", "us-east-1", "iam"});
  (void)cache.GetOrDerive("AKID", "secret", {"20150830", "us-west-2", "iam"});
  (void)cache.GetOrDerive("AKID", "secret", {"20150830", "us-east-1", "sts"});
  EXPECT_EQ(cache.size(), 5u);
  EXPECT_EQ(cache.hits(), 0u);
}

TEST(SigningKeyCache, ComponentBoundariesCannotCollide) {
  SigningKeyCache cache(8);
  (void)cache.GetOrDerive("AKID", "secret", {"2015", "0830us-east-1", "iam"});
  (void)cache.GetOrDerive("AKID", "secret", {"20150830", "us-east-1", "iam"});
  EXPECT_EQ(cache.size(), 2u);
}

TEST(SigningKeyCache, DerivesAfreshForADifferentSecret) {
  SigningKeyCache cache(8);
  (void)cache.GetOrDerive("AKID", "old", kScope);
  EXPECT_EQ(cache.GetOrDerive("AKID", "new", kScope),
            DeriveSigningKey("new", "20150830", "us-east-1", "iam"));
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(cache.hits(), 0u);
}

TEST(SigningKeyCache, EvictsTheLeastRecentlyUsed) {
  SigningKeyCache cache(2);
  (void)cache.GetOrDerive("A", "s", kScope);
  (void)cache.GetOrDerive("B", "s", kScope);
  (void)cache.GetOrDerive("A", "s", kScope);  // A is now the most recent.
  (void)cache.GetOrDerive("C", "s", kScope);  // Evicts B.
  EXPECT_EQ(cache.size(), 2u);
  (void)cache.GetOrDerive("A", "s", kScope);
  EXPECT_EQ(cache.hits(), 2u);
  (void)cache.GetOrDerive("B", "s", kScope);
  EXPECT_EQ(cache.hits(), 2u);
}

TEST(SigningKeyCache, ZeroCapacityCachesNothing) {
  SigningKeyCache cache(0);
  (void)cache.GetOrDerive("A", "s", kScope);
  (void)cache.GetOrDerive("A", "s", kScope);
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(cache.hits(), 0u);
}

TEST(SigningKeyCache, IsSafeToShareBetweenThreads) {
  SigningKeyCache cache(4);
  const auto expected = DeriveSigningKey("s", "20150830", "us-east-1", "iam");
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 500; ++i) {
        const std::string akid = "AKID" + std::to_string((i + t) % 6);  // More keys than capacity.
        const auto key = cache.GetOrDerive(akid, "s", kScope);
        if (key != expected) ++wrong;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_LE(cache.size(), 4u);
  EXPECT_EQ(cache.hits() + cache.misses(), 2000u);
}

}  // namespace
}  // namespace bulwark::sigv4
