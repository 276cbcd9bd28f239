#include "kms/key_state.h"

#include <gtest/gtest.h>

namespace bulwark::kms {
namespace {

KeyRecord Key() {
  KeyRecord k;
  k.arn = "arn:aws:kms:us-east-1:123456789012:key/k";
  k.key_spec = "SYMMETRIC_DEFAULT";
  return k;
}

TEST(KeyState, DisabledKeyIsRefusedAndEnabledAgain) {
  KeyRecord k = Key();
  ASSERT_TRUE(SetEnabled(k, false).ok());
  EXPECT_EQ(CheckUsable(k).error().code, "DisabledException");
  ASSERT_TRUE(SetEnabled(k, true).ok());
  EXPECT_TRUE(CheckUsable(k).ok());
}

TEST(KeyState, DeletionWindowIsSevenToThirtyDays) {
  KeyRecord k = Key();
  EXPECT_EQ(ScheduleDeletion(k, 6, 0).error().code, "ValidationException");
  EXPECT_EQ(ScheduleDeletion(k, 31, 0).error().code, "ValidationException");
  EXPECT_EQ(k.key_state, "Enabled");
  EXPECT_TRUE(ScheduleDeletion(k, 7, 1000).ok());
  EXPECT_EQ(*k.deletion_date, 1000 + 7 * kSecondsPerDay);
}

TEST(KeyState, PendingDeletionRefusesUseAndIsDestroyedWhenDue) {
  KeyRecord k = Key();
  ASSERT_TRUE(ScheduleDeletion(k, 7, 0).ok());
  EXPECT_EQ(CheckUsable(k).error().code, "KMSInvalidStateException");
  EXPECT_EQ(SetEnabled(k, true).error().code, "KMSInvalidStateException");
  EXPECT_EQ(ScheduleDeletion(k, 7, 0).error().code, "KMSInvalidStateException");
  EXPECT_FALSE(IsDestroyed(k, 7 * kSecondsPerDay - 1));
  EXPECT_TRUE(IsDestroyed(k, 7 * kSecondsPerDay));
}

TEST(KeyState, CancelledDeletionLeavesTheKeyDisabled) {
  KeyRecord k = Key();
  EXPECT_EQ(CancelDeletion(k).error().code, "KMSInvalidStateException");
  ASSERT_TRUE(ScheduleDeletion(k, 30, 0).ok());
  ASSERT_TRUE(CancelDeletion(k).ok());
  EXPECT_EQ(k.key_state, "Disabled");
  EXPECT_FALSE(k.deletion_date.has_value());
  EXPECT_FALSE(IsDestroyed(k, 1LL << 40));
}

TEST(KeyState, RotationPeriodIs90To2560DaysAndComesDue) {
  KeyRecord k = Key();
  EXPECT_EQ(EnableRotation(k, 89, 0).error().code, "ValidationException");
  EXPECT_EQ(EnableRotation(k, 2561, 0).error().code, "ValidationException");
  ASSERT_TRUE(EnableRotation(k, 90, 0).ok());
  EXPECT_FALSE(RotationDue(k, 90 * kSecondsPerDay - 1));
  EXPECT_TRUE(RotationDue(k, 90 * kSecondsPerDay));
  KeyRecord rsa = Key();
  rsa.key_spec = "RSA_2048";
  EXPECT_EQ(EnableRotation(rsa, 365, 0).error().code, "UnsupportedOperationException");
}

}  // namespace
}  // namespace bulwark::kms
