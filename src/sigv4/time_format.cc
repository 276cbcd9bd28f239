#include "sigv4/time_format.h"

#include <array>
#include <cstdio>

namespace bulwark::sigv4 {

namespace {

constexpr int64_t kSecondsPerDay = 86400;

bool IsLeap(int64_t year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int DaysInMonth(int64_t year, int month) {
  static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeap(year) ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

// Days since 1970-01-01 of a proleptic Gregorian date (the usual era-based computation: eras of
// 400 years have a fixed length of 146097 days).
int64_t DaysFromCivil(int64_t year, int month, int day) {
  year -= month <= 2 ? 1 : 0;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t year_of_era = year - era * 400;
  const int64_t shifted_month = month > 2 ? month - 3 : month + 9;
  const int64_t day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

struct CivilDate {
  int64_t year;
  int month;
  int day;
};

CivilDate CivilFromDays(int64_t days) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t day_of_era = days - era * 146097;
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t shifted_month = (5 * day_of_year + 2) / 153;
  const int day = static_cast<int>(day_of_year - (153 * shifted_month + 2) / 5 + 1);
  const int month = static_cast<int>(shifted_month < 10 ? shifted_month + 3 : shifted_month - 9);
  return CivilDate{year_of_era + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

// Parses exactly `text.size()` decimal digits; -1 when any is not a digit.
int64_t Digits(std::string_view text) {
  int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  return value;
}

std::optional<int64_t> ToEpoch(int64_t year, int64_t month, int64_t day, int64_t hour, int64_t minute,
                               int64_t second) {
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 ||
      second < 0 || second > 59) {
    return std::nullopt;
  }
  if (day > DaysInMonth(year, static_cast<int>(month))) return std::nullopt;
  return DaysFromCivil(year, static_cast<int>(month), static_cast<int>(day)) * kSecondsPerDay + hour * 3600 +
         minute * 60 + second;
}

}  // namespace

std::optional<int64_t> ParseAmzDate(std::string_view text) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return std::nullopt;
  return ToEpoch(Digits(text.substr(0, 4)), Digits(text.substr(4, 2)), Digits(text.substr(6, 2)),
                 Digits(text.substr(9, 2)), Digits(text.substr(11, 2)), Digits(text.substr(13, 2)));
}

std::optional<int64_t> ParseHttpDate(std::string_view text) {
  // "Sun, 30 Aug 2015 12:36:00 GMT"
  //  0123456789012345678901234567 8
  if (text.size() != 29 || text.substr(3, 2) != ", " || text[7] != ' ' || text[11] != ' ' ||
      text[16] != ' ' || text[19] != ':' || text[22] != ':' || text.substr(25) != " GMT") {
    return std::nullopt;
  }
  static constexpr std::array<std::string_view, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  int64_t month = 0;
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    if (text.substr(8, 3) == kMonths[i]) month = static_cast<int64_t>(i) + 1;
  }
  if (month == 0) return std::nullopt;
  return ToEpoch(Digits(text.substr(12, 4)), month, Digits(text.substr(5, 2)), Digits(text.substr(17, 2)),
                 Digits(text.substr(20, 2)), Digits(text.substr(23, 2)));
}

std::string FormatAmzDate(int64_t epoch_seconds) {
  int64_t days = epoch_seconds / kSecondsPerDay;
  int64_t seconds_of_day = epoch_seconds % kSecondsPerDay;
  if (seconds_of_day < 0) {
    seconds_of_day += kSecondsPerDay;
    --days;
  }
  const CivilDate date = CivilFromDays(days);
  char buffer[32];
  std::snprintf(
      buffer, sizeof(buffer), "%04lld%02d%02dT%02lld%02lld%02lldZ", static_cast<long long>(date.year),
      date.month, date.day, static_cast<long long>(seconds_of_day / 3600),
      static_cast<long long>(seconds_of_day / 60 % 60), static_cast<long long>(seconds_of_day % 60));
  return buffer;
}

}  // namespace bulwark::sigv4
