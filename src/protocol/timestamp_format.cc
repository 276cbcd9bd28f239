#include "protocol/timestamp_format.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <ctime>

#include "core/iso_time.h"

namespace bulwark::protocol {

namespace {

constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

bool ValidFields(const std::tm& tm) {
  return tm.tm_mon >= 0 && tm.tm_mon < 12 && tm.tm_mday >= 1 && tm.tm_mday <= 31 && tm.tm_hour >= 0 &&
         tm.tm_hour < 24 && tm.tm_min >= 0 && tm.tm_min < 60 && tm.tm_sec >= 0 && tm.tm_sec <= 60 &&
         tm.tm_year >= -1900 + 1 && tm.tm_year <= 9999 - 1900;
}

std::optional<double> ParseIso(std::string_view text) {
  std::tm tm{};
  int consumed = 0;
  const std::string s(text);
  if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                  &tm.tm_min, &tm.tm_sec, &consumed) != 6) {
    return std::nullopt;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  if (!ValidFields(tm)) return std::nullopt;
  double seconds = static_cast<double>(timegm(&tm));
  std::string_view rest = std::string_view(s).substr(static_cast<std::size_t>(consumed));
  if (!rest.empty() && rest[0] == '.') {
    std::size_t i = 1;
    double scale = 0.1;
    while (i < rest.size() && rest[i] >= '0' && rest[i] <= '9') {
      seconds += (rest[i] - '0') * scale;
      scale /= 10;
      ++i;
    }
    rest.remove_prefix(i);
  }
  if (rest == "Z" || rest == "+00:00" || rest.empty()) return seconds;
  int hours = 0, minutes = 0;
  char sign = 0;
  int used = 0;
  const std::string offset(rest);
  if (std::sscanf(offset.c_str(), "%c%2d:%2d%n", &sign, &hours, &minutes, &used) == 3 &&
      static_cast<std::size_t>(used) == offset.size() && (sign == '+' || sign == '-')) {
    const double shift = hours * 3600.0 + minutes * 60.0;
    return sign == '+' ? seconds - shift : seconds + shift;
  }
  return std::nullopt;
}

// RFC 7231 section 7.1.1.1's IMF-fixdate, the form every AWS SDK sends.
std::optional<double> ParseRfc822(std::string_view text) {
  if (text.size() != 29 || text.substr(25) != " GMT") return std::nullopt;
  const std::string s(text.substr(0, 25));
  char day[4] = {}, month[4] = {};
  std::tm tm{};
  int consumed = 0;
  if (std::sscanf(s.c_str(), "%3c, %2d %3c %4d %2d:%2d:%2d%n", day, &tm.tm_mday, month, &tm.tm_year, &tm.tm_hour,
                  &tm.tm_min, &tm.tm_sec, &consumed) != 7 ||
      consumed != 25) {
    return std::nullopt;
  }
  tm.tm_mon = -1;
  for (int i = 0; i < 12; ++i) {
    if (std::string_view(month) == kMonths[i]) tm.tm_mon = i;
  }
  tm.tm_year -= 1900;
  if (!ValidFields(tm)) return std::nullopt;
  return static_cast<double>(timegm(&tm));
}

}  // namespace

std::optional<double> ParseTimestamp(std::string_view text, std::string_view format) {
  if (format == "rfc822") return ParseRfc822(text);
  if (format == "unixTimestamp") {
    double v = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || ptr != text.data() + text.size() || text.empty() || !std::isfinite(v)) return std::nullopt;
    return v;
  }
  return ParseIso(text);
}

std::string FormatTimestamp(double epoch_seconds, std::string_view format) {
  const double whole = std::floor(epoch_seconds);
  const auto seconds = static_cast<int64_t>(whole);
  if (format == "unixTimestamp") {
    if (whole == epoch_seconds) return std::to_string(seconds);
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.3f", epoch_seconds);
    return buffer;
  }
  if (format == "rfc822") {
    const std::time_t t = static_cast<std::time_t>(seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday], tm.tm_mday,
                  kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buffer;
  }
  std::string iso = core::IsoTime(seconds);
  const auto millis = static_cast<int>(std::lround((epoch_seconds - whole) * 1000));
  if (millis > 0 && millis < 1000) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, ".%03d", millis);
    iso.insert(iso.size() - 1, buffer);
  }
  return iso;
}

std::optional<double> TimestampValue(const boost::json::value& value) {
  if (value.is_number()) return value.to_number<double>();
  if (value.is_string()) return ParseIso(value.get_string());
  return std::nullopt;
}

}  // namespace bulwark::protocol
