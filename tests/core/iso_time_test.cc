#include "core/iso_time.h"

#include <gtest/gtest.h>

namespace bulwark::core {
namespace {

TEST(IsoTime, FormatsUtcToTheSecond) {
  EXPECT_EQ(IsoTime(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(IsoTime(1440938160), "2015-08-30T12:36:00Z");  // The SigV4 suite's request time.
  EXPECT_EQ(IsoTime(951782400), "2000-02-29T00:00:00Z");   // A leap day.
}

}  // namespace
}  // namespace bulwark::core
