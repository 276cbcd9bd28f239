#include "server/failure_limiter.h"

#include <gtest/gtest.h>

namespace bulwark::server {
namespace {

TEST(FailureLimiter, BurstThenSteadyRatePerSource) {
  FailureLimiter limiter(FailureLimiterOptions{3, 1, 16});
  EXPECT_TRUE(limiter.Admit("10.0.0.1", 100).record);
  EXPECT_TRUE(limiter.Admit("10.0.0.1", 100).record);
  EXPECT_TRUE(limiter.Admit("10.0.0.1", 100).record);
  EXPECT_FALSE(limiter.Admit("10.0.0.1", 100).record);
  EXPECT_TRUE(limiter.Admit("10.0.0.2", 100).record) << "another source has its own budget";
  auto next = limiter.Admit("10.0.0.1", 101);
  EXPECT_TRUE(next.record) << "one more per second";
  EXPECT_EQ(next.left_out, 1u) << "the record says how many failures were not recorded";
  EXPECT_FALSE(limiter.Admit("10.0.0.1", 101).record);
  EXPECT_FALSE(limiter.Admit("10.0.0.1", 101).record);
  auto later = limiter.Admit("10.0.0.1", 200);
  EXPECT_TRUE(later.record);
  EXPECT_EQ(later.left_out, 2u);
  EXPECT_EQ(limiter.Admit("10.0.0.1", 200).left_out, 0u);
}

TEST(FailureLimiter, TableStaysBoundedAndNewSourcesShareOneBucketWhenFull) {
  FailureLimiter limiter(FailureLimiterOptions{2, 1, 4});
  for (int i = 0; i < 4; ++i) {
    EXPECT_TRUE(limiter.Admit("s" + std::to_string(i), 100).record);
    EXPECT_TRUE(limiter.Admit("s" + std::to_string(i), 100).record);
  }
  // The table is full of drained sources: newcomers (however many addresses an attacker uses)
  // draw from one shared bucket.
  int admitted = 0;
  for (int i = 0; i < 1000; ++i) admitted += limiter.Admit("new" + std::to_string(i), 100).record ? 1 : 0;
  EXPECT_EQ(admitted, 2);
  // Once an old source has refilled it can be forgotten and a newcomer gets its own bucket.
  EXPECT_TRUE(limiter.Admit("late", 200).record);
}

}  // namespace
}  // namespace bulwark::server
