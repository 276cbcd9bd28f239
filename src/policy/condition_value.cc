#include "policy/condition_value.h"

#include <arpa/inet.h>
#include <strings.h>

#include <charconv>
#include <cmath>
#include <cstring>

namespace bulwark::policy {

std::optional<double> ParseNumber(std::string_view text) {
  if (text.empty() || text.size() > 64) return std::nullopt;
  // from_chars also reads "inf" and "nan", which are no numbers a policy can mean.
  const char first = text[0] == '-' ? (text.size() > 1 ? text[1] : '\0') : text[0];
  if (!((first >= '0' && first <= '9') || first == '.')) return std::nullopt;
  double value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value, std::chars_format::general);
  if (ec != std::errc() || ptr != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

namespace {

bool Digits(std::string_view s, std::size_t pos, std::size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil algorithm).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// "T23:45", "T23:45:00", "T23:45:00.123" from `pos`; advances `pos`.
std::optional<double> ParseTimeOfDay(std::string_view s, std::size_t* pos) {
  int hour = 0, minute = 0, second = 0;
  std::size_t p = *pos;
  if (s[p] != 'T' && s[p] != 't') return std::nullopt;
  if (!Digits(s, p + 1, 2, &hour) || p + 3 >= s.size() || s[p + 3] != ':' || !Digits(s, p + 4, 2, &minute)) {
    return std::nullopt;
  }
  p += 6;
  double fraction = 0;
  if (p < s.size() && s[p] == ':') {
    if (!Digits(s, p + 1, 2, &second)) return std::nullopt;
    p += 3;
    if (p < s.size() && s[p] == '.') {
      double scale = 0.1;
      const std::size_t start = ++p;
      for (; p < s.size() && s[p] >= '0' && s[p] <= '9'; ++p, scale /= 10) fraction += (s[p] - '0') * scale;
      if (p == start) return std::nullopt;
    }
  }
  if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
  *pos = p;
  return hour * 3600.0 + minute * 60.0 + second + fraction;
}

// "Z", "+02:00", "-05:30", or nothing (UTC): the offset east of UTC in seconds.
std::optional<double> ParseZone(std::string_view s, std::size_t pos) {
  if (pos == s.size()) return 0.0;
  if ((s[pos] == 'Z' || s[pos] == 'z') && pos + 1 == s.size()) return 0.0;
  if ((s[pos] == '+' || s[pos] == '-') && s.size() == pos + 6 && s[pos + 3] == ':') {
    int oh = 0, om = 0;
    if (!Digits(s, pos + 1, 2, &oh) || !Digits(s, pos + 4, 2, &om) || oh > 23 || om > 59) return std::nullopt;
    return (oh * 3600.0 + om * 60.0) * (s[pos] == '+' ? 1 : -1);
  }
  return std::nullopt;
}

}  // namespace

std::optional<double> ParseDate(std::string_view s) {
  if (s.size() > 64) return std::nullopt;
  if (s.find('-', 1) == std::string_view::npos) return ParseNumber(s);  // Epoch seconds.
  int year = 0, month = 0, day = 0;
  if (s.size() < 10 || !Digits(s, 0, 4, &year) || s[4] != '-' || !Digits(s, 5, 2, &month) || s[7] != '-' ||
      !Digits(s, 8, 2, &day)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)) return std::nullopt;
  double seconds =
      static_cast<double>(DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day))) *
      86400;
  std::size_t pos = 10;
  if (pos < s.size()) {
    const auto time = ParseTimeOfDay(s, &pos);
    if (!time) return std::nullopt;
    seconds += *time;
  }
  const auto zone = ParseZone(s, pos);
  if (!zone) return std::nullopt;
  return seconds - *zone;
}

std::optional<IpBlock> ParseIpBlock(std::string_view text) {
  if (text.empty() || text.size() > 64) return std::nullopt;
  std::string_view address = text;
  int prefix = -1;
  if (const auto slash = text.find('/'); slash != std::string_view::npos) {
    int p = 0;
    const char* begin = text.data() + slash + 1;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(begin, end, p);
    if (ec != std::errc() || ptr != end || begin == end) return std::nullopt;
    prefix = p;
    address = text.substr(0, slash);
  }
  char buffer[65];
  std::memcpy(buffer, address.data(), address.size());
  buffer[address.size()] = '\0';
  IpBlock block;
  if (address.find(':') != std::string_view::npos) {
    if (inet_pton(AF_INET6, buffer, block.bytes.data()) != 1) return std::nullopt;
    block.v6 = true;
    if (prefix > 128) return std::nullopt;
    block.prefix = static_cast<uint8_t>(prefix < 0 ? 128 : prefix);
  } else {
    if (inet_pton(AF_INET, buffer, block.bytes.data()) != 1) return std::nullopt;
    if (prefix > 32) return std::nullopt;
    block.prefix = static_cast<uint8_t>(prefix < 0 ? 32 : prefix);
  }
  return block;
}

bool IpInBlock(const IpBlock& address, const IpBlock& block) {
  if (address.v6 != block.v6) return false;
  int bits = block.prefix;
  for (std::size_t i = 0; bits > 0; ++i, bits -= 8) {
    const uint8_t mask = bits >= 8 ? 0xFF : static_cast<uint8_t>(0xFF << (8 - bits));
    if ((address.bytes[i] & mask) != (block.bytes[i] & mask)) return false;
  }
  return true;
}

std::optional<bool> ParseBool(std::string_view text) {
  if (text.size() == 4 && strncasecmp(text.data(), "true", 4) == 0) return true;
  if (text.size() == 5 && strncasecmp(text.data(), "false", 5) == 0) return false;
  return std::nullopt;
}

std::optional<std::string> DecodeBase64(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  std::string out;
  out.reserve(text.size() * 3 / 4);
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    int v = -1;
    if (c >= 'A' && c <= 'Z') {
      v = c - 'A';
    } else if (c >= 'a' && c <= 'z') {
      v = c - 'a' + 26;
    } else if (c >= '0' && c <= '9') {
      v = c - '0' + 52;
    } else if (c == '+') {
      v = 62;
    } else if (c == '/') {
      v = 63;
    }
    if (v < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  if (bits >= 6) return std::nullopt;  // A lone trailing character encodes no byte.
  return out;
}

}  // namespace bulwark::policy
