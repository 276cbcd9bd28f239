// The KMS key cache: hits within an epoch, invalidation by advancing it, refusal of entries read
// before a change, LRU bounds on both kinds of entry, and material released (cleansed) on eviction.
#include "kms/key_cache.h"

#include <gtest/gtest.h>

namespace bulwark::kms {
namespace {

std::shared_ptr<const KeyAuthorizationData> Data(const std::string& arn, const std::string& state = "Enabled") {
  auto d = std::make_shared<KeyAuthorizationData>();
  d->key.arn = arn;
  d->key.key_state = state;
  return d;
}

std::shared_ptr<const UnsealedMaterial> Material(const std::string& bytes) {
  return std::make_shared<const UnsealedMaterial>(bytes);
}

struct Fixture {
  explicit Fixture(std::size_t capacity = 4) : epoch(std::make_shared<core::CredentialEpoch>()), cache(capacity, epoch) {}
  std::shared_ptr<core::CredentialEpoch> epoch;
  KeyCache cache;
};

constexpr const char* kArn = "arn:aws:kms:us-east-1:111122223333:key/1";

TEST(KmsKeyCache, KeyReadInTheCurrentEpochIsFound) {
  Fixture f;
  f.cache.InsertKey(Data(kArn), f.epoch->Current());
  auto hit = f.cache.FindKey(kArn);
  ASSERT_NE(hit, nullptr);
  EXPECT_EQ(hit->key.arn, kArn);
  EXPECT_EQ(f.cache.FindKey("arn:aws:kms:us-east-1:111122223333:key/2"), nullptr);
}

TEST(KmsKeyCache, AdvancingTheEpochInvalidatesKeysAndMaterial) {
  Fixture f;
  f.cache.InsertKey(Data(kArn), f.epoch->Current());
  f.cache.InsertMaterial(kArn, 1, Material("k1"), f.epoch->Current());
  f.epoch->Advance();  // DisableKey, RevokeGrant, PutKeyPolicy...
  EXPECT_EQ(f.cache.FindKey(kArn), nullptr);
  EXPECT_EQ(f.cache.FindMaterial(kArn, 1), nullptr);
  EXPECT_EQ(f.cache.key_count(), 0u);  // Dropped on the way.
  EXPECT_EQ(f.cache.material_count(), 0u);
}

TEST(KmsKeyCache, EntryReadBeforeAChangeIsNotCached) {
  Fixture f;
  const uint64_t before = f.epoch->Current();  // The call arrives.
  f.epoch->Advance();                          // A change commits meanwhile.
  f.cache.InsertKey(Data(kArn), before);       // Its snapshot may predate the change.
  f.cache.InsertMaterial(kArn, 1, Material("k1"), before);
  EXPECT_EQ(f.cache.FindKey(kArn), nullptr);
  EXPECT_EQ(f.cache.FindMaterial(kArn, 1), nullptr);
}

TEST(KmsKeyCache, ANewerReadReplacesTheEntry) {
  Fixture f;
  f.cache.InsertKey(Data(kArn, "Enabled"), f.epoch->Current());
  f.epoch->Advance();
  f.cache.InsertKey(Data(kArn, "Disabled"), f.epoch->Current());
  auto hit = f.cache.FindKey(kArn);
  ASSERT_NE(hit, nullptr);
  EXPECT_EQ(hit->key.key_state, "Disabled");
  EXPECT_EQ(f.cache.key_count(), 1u);
}

TEST(KmsKeyCache, MaterialIsKeyedByKeyAndVersion) {
  Fixture f;
  f.cache.InsertMaterial(kArn, 1, Material("v1"), f.epoch->Current());
  f.cache.InsertMaterial(kArn, 2, Material("v2"), f.epoch->Current());
  ASSERT_NE(f.cache.FindMaterial(kArn, 1), nullptr);
  EXPECT_EQ(f.cache.FindMaterial(kArn, 1)->bytes(), "v1");
  EXPECT_EQ(f.cache.FindMaterial(kArn, 2)->bytes(), "v2");
  EXPECT_EQ(f.cache.FindMaterial(kArn, 3), nullptr);
  EXPECT_EQ(f.cache.FindMaterial("arn:aws:kms:us-east-1:111122223333:key/2", 1), nullptr);
}

TEST(KmsKeyCache, LeastRecentlyUsedEntriesAreEvictedBeyondCapacity) {
  Fixture f(2);
  const uint64_t e = f.epoch->Current();
  f.cache.InsertKey(Data("a"), e);
  f.cache.InsertKey(Data("b"), e);
  ASSERT_NE(f.cache.FindKey("a"), nullptr);  // "b" is now the least recently used.
  f.cache.InsertKey(Data("c"), e);
  EXPECT_EQ(f.cache.key_count(), 2u);
  EXPECT_NE(f.cache.FindKey("a"), nullptr);
  EXPECT_EQ(f.cache.FindKey("b"), nullptr);
  EXPECT_NE(f.cache.FindKey("c"), nullptr);
}

TEST(KmsKeyCache, EvictedMaterialIsReleasedOnceItsLastHolderLetsGo) {
  Fixture f(1);
  const uint64_t e = f.epoch->Current();
  std::weak_ptr<const UnsealedMaterial> first;
  {
    auto m = Material("secret-1");
    first = m;
    f.cache.InsertMaterial(kArn, 1, std::move(m), e);
  }
  auto held = f.cache.FindMaterial(kArn, 1);
  f.cache.InsertMaterial(kArn, 2, Material("secret-2"), e);  // Evicts version 1.
  EXPECT_EQ(f.cache.FindMaterial(kArn, 1), nullptr);
  EXPECT_FALSE(first.expired());  // A call still using it keeps it.
  held.reset();
  EXPECT_TRUE(first.expired());  // Destroyed, hence cleansed (UnsealedMaterial's destructor).
}

TEST(KmsKeyCache, ZeroCapacityCachesNothing) {
  Fixture f(0);
  f.cache.InsertKey(Data(kArn), f.epoch->Current());
  f.cache.InsertMaterial(kArn, 1, Material("k"), f.epoch->Current());
  EXPECT_EQ(f.cache.FindKey(kArn), nullptr);
  EXPECT_EQ(f.cache.FindMaterial(kArn, 1), nullptr);
}

}  // namespace
}  // namespace bulwark::kms
