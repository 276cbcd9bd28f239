// Request ids (UUID v4) and time-ordered event ids (UUID v7, RFC 9562 section 5.7).
#include "server/uuid_generator.h"

#include <gtest/gtest.h>

#include <set>

namespace bulwark::server {
namespace {

std::array<uint8_t, 16> Bytes(uint8_t fill) {
  std::array<uint8_t, 16> b;
  b.fill(fill);
  return b;
}

TEST(Uuid, VersionFourSetsVersionAndVariantBits) {
  EXPECT_EQ(FormatUuidV4(Bytes(0xff)), "ffffffff-ffff-4fff-bfff-ffffffffffff");
  EXPECT_EQ(FormatUuidV4(Bytes(0x00)), "00000000-0000-4000-8000-000000000000");
}

// RFC 9562 appendix A.6's example: 2022-02-22T19:22:22Z = 0x017F22E279B0 ms.
TEST(Uuid, VersionSevenStartsWithTheMillisecondTimestamp) {
  EXPECT_EQ(FormatUuidV7(0x017F22E279B0, Bytes(0x00)), "017f22e2-79b0-7000-8000-000000000000");
  EXPECT_EQ(FormatUuidV7(0x017F22E279B0, Bytes(0xff)), "017f22e2-79b0-7fff-bfff-ffffffffffff");
}

TEST(Uuid, VersionSevenIdsSortByTime) {
  EXPECT_LT(FormatUuidV7(1000, Bytes(0xff)), FormatUuidV7(1001, Bytes(0x00)));
}

TEST(UuidGenerator, IdsAreDistinctAcrossBlocks) {
  UuidGenerator ids([] { return int64_t{1795909500000}; });
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {  // Several 256-id blocks.
    EXPECT_TRUE(seen.insert(ids.NewV4()).second);
    EXPECT_TRUE(seen.insert(ids.NewV7()).second);
  }
}

TEST(UuidGenerator, VersionSevenUsesTheInjectedClock) {
  UuidGenerator ids([] { return int64_t{0x017F22E279B0}; });
  EXPECT_EQ(ids.NewV7().substr(0, 15), "017f22e2-79b0-7");
}

}  // namespace
}  // namespace bulwark::server
