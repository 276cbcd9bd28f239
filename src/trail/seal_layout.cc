#include "trail/seal_layout.h"

#include <ctime>

namespace bulwark::trail {

namespace {

std::string Format(int64_t epoch, const char* format) {
  std::time_t t = static_cast<std::time_t>(epoch);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::size_t n = std::strftime(buf, sizeof buf, format, &tm);
  return std::string(buf, n);
}

}  // namespace


std::optional<int64_t> ParseIsoTime(std::string_view s) {
  // YYYY-MM-DDTHH:MM:SSZ, 20 characters, digits where digits belong.
  static constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:ddZ";
  if (s.size() != kShape.size()) return std::nullopt;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (kShape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != kShape[i]) return std::nullopt;
  }
  auto num = [&](std::size_t at, std::size_t len) {
    int v = 0;
    for (std::size_t i = at; i < at + len; ++i) v = v * 10 + (s[i] - '0');
    return v;
  };
  std::tm tm{};
  tm.tm_year = num(0, 4) - 1900;
  tm.tm_mon = num(5, 2) - 1;
  tm.tm_mday = num(8, 2);
  tm.tm_hour = num(11, 2);
  tm.tm_min = num(14, 2);
  tm.tm_sec = num(17, 2);
  if (tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60) {
    return std::nullopt;
  }
  const int64_t epoch = static_cast<int64_t>(timegm(&tm));
  // Reject dates timegm normalised (February 30th): the text must round-trip.
  if (IsoTime(epoch) != s) return std::nullopt;
  return epoch;
}

std::string LogFileObjectKey(std::string_view account_id, std::string_view region, int64_t delivered,
                             std::string_view unique) {
  std::string a(account_id), r(region);
  return "AWSLogs/" + a + "/CloudTrail/" + r + "/" + Format(delivered, "%Y/%m/%d") + "/" + a + "_CloudTrail_" + r +
         "_" + Format(delivered, "%Y%m%dT%H%MZ") + "_" + std::string(unique) + ".json.gz";
}

std::string DigestObjectKey(std::string_view account_id, std::string_view region, std::string_view trail_name,
                            int64_t digest_end) {
  std::string a(account_id), r(region);
  return "AWSLogs/" + a + "/CloudTrail-Digest/" + r + "/" + Format(digest_end, "%Y/%m/%d") + "/" + a +
         "_CloudTrail-Digest_" + r + "_" + std::string(trail_name) + "_" + r + "_" +
         Format(digest_end, "%Y%m%dT%H%M%SZ") + ".json.gz";
}

}  // namespace bulwark::trail
