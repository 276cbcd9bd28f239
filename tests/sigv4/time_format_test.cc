#include "sigv4/time_format.h"

#include <gtest/gtest.h>

namespace bulwark::sigv4 {
namespace {

constexpr int64_t kVectorTime = 1440938160;  // 2015-08-30T12:36:00Z

TEST(ParseAmzDate, ParsesBasicFormat) {
  EXPECT_EQ(ParseAmzDate("20150830T123600Z"), kVectorTime);
  EXPECT_EQ(ParseAmzDate("19700101T000000Z"), 0);
  EXPECT_EQ(ParseAmzDate("20000229T000000Z"), 951782400);  // Leap day of a century leap year.
}

TEST(ParseAmzDate, RejectsMalformedOrImpossibleDates) {
  for (std::string_view bad :
       {"", "20150830T123600", "20150830T123600z", "2015-08-30T12:36:00Z", "20151330T000000Z",
        "20150230T000000Z", "21000229T000000Z", "20150830T240000Z", "20150830T126000Z", "20150830T123660Z",
        "2015083OT123600Z", "+0150830T123600Z", "20150830 123600Z"}) {
    EXPECT_FALSE(ParseAmzDate(bad).has_value()) << bad;
  }
}

TEST(ParseHttpDate, ParsesImfFixdate) {
  EXPECT_EQ(ParseHttpDate("Sun, 30 Aug 2015 12:36:00 GMT"), kVectorTime);
}

TEST(ParseHttpDate, RejectsOtherFormats) {
  for (std::string_view bad :
       {"Sunday, 30-Aug-15 12:36:00 GMT", "Sun Aug 30 12:36:00 2015", "Sun, 30 Aug 2015 12:36:00 UTC",
        "Sun, 30 Abc 2015 12:36:00 GMT", "Sun, 31 Sep 2015 12:36:00 GMT", ""}) {
    EXPECT_FALSE(ParseHttpDate(bad).has_value()) << bad;
  }
}

TEST(FormatAmzDate, FormatsAndRoundTrips) {
  EXPECT_EQ(FormatAmzDate(kVectorTime), "20150830T123600Z");
  EXPECT_EQ(FormatAmzDate(0), "19700101T000000Z");
  EXPECT_EQ(FormatAmzDate(-1), "19691231T235959Z");
  for (int64_t t = -86400LL * 800; t < 86400LL * 365 * 500; t += 86400LL * 37 + 3917) {
    EXPECT_EQ(ParseAmzDate(FormatAmzDate(t)), t) << t;
  }
}

}  // namespace
}  // namespace bulwark::sigv4
