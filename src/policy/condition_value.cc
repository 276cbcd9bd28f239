#include "policy/condition_value.h"

#include <arpa/inet.h>
#include <strings.h>

#include <charconv>
#include <cstring>
#include <ctime>
#include <string>

namespace bulwark::policy {

std::optional<double> ParseNumber(std::string_view text) {
  if (text.empty() || text.size() > 64) return std::nullopt;
  double value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
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

}  // namespace

std::optional<double> ParseDate(std::string_view s) {
  if (s.size() > 64) return std::nullopt;
  if (s.find('-') == std::string_view::npos) return ParseNumber(s);  // Epoch seconds.
  std::tm tm{};
  int year = 0, month = 0, day = 0;
  if (!Digits(s, 0, 4, &year) || s.size() < 10 || s[4] != '-' || !Digits(s, 5, 2, &month) || s[7] != '-' ||
      !Digits(s, 8, 2, &day)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  double fraction = 0;
  long offset_seconds = 0;
  std::size_t pos = 10;
  if (pos < s.size()) {
    if (s[pos] != 'T' && s[pos] != 't') return std::nullopt;
    int hour = 0, minute = 0, second = 0;
    if (!Digits(s, pos + 1, 2, &hour) || pos + 3 >= s.size() || s[pos + 3] != ':' || !Digits(s, pos + 4, 2, &minute)) {
      return std::nullopt;
    }
    pos += 6;
    if (pos < s.size() && s[pos] == ':') {
      if (!Digits(s, pos + 1, 2, &second)) return std::nullopt;
      pos += 3;
      if (pos < s.size() && s[pos] == '.') {
        std::size_t end = pos + 1;
        while (end < s.size() && s[end] >= '0' && s[end] <= '9') ++end;
        if (end == pos + 1) return std::nullopt;
        auto f = ParseNumber("0" + std::string(s.substr(pos, end - pos)));
        if (!f) return std::nullopt;
        fraction = *f;
        pos = end;
      }
    }
    if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    tm.tm_sec = second;
    if (pos < s.size()) {
      if ((s[pos] == 'Z' || s[pos] == 'z') && pos + 1 == s.size()) {
        // UTC.
      } else if ((s[pos] == '+' || s[pos] == '-') && s.size() == pos + 6 && s[pos + 3] == ':') {
        int oh = 0, om = 0;
        if (!Digits(s, pos + 1, 2, &oh) || !Digits(s, pos + 4, 2, &om)) return std::nullopt;
        offset_seconds = (oh * 3600L + om * 60L) * (s[pos] == '+' ? 1 : -1);
      } else {
        return std::nullopt;
      }
    }
  }
  const std::time_t t = timegm(&tm);
  return static_cast<double>(t - offset_seconds) + fraction;
}

std::optional<IpBlock> ParseIpBlock(std::string_view text) {
  if (text.size() > 64) return std::nullopt;
  std::string address(text);
  IpBlock block;
  int prefix = -1;
  const auto slash = address.find('/');
  if (slash != std::string::npos) {
    int p = 0;
    const char* begin = address.data() + slash + 1;
    const char* end = address.data() + address.size();
    auto [ptr, ec] = std::from_chars(begin, end, p);
    if (ec != std::errc() || ptr != end || begin == end) return std::nullopt;
    prefix = p;
    address.resize(slash);
  }
  if (address.find(':') != std::string::npos) {
    if (inet_pton(AF_INET6, address.c_str(), block.bytes.data()) != 1) return std::nullopt;
    block.v6 = true;
    block.prefix = prefix < 0 ? 128 : prefix;
    if (block.prefix > 128) return std::nullopt;
  } else {
    if (inet_pton(AF_INET, address.c_str(), block.bytes.data()) != 1) return std::nullopt;
    block.prefix = prefix < 0 ? 32 : prefix;
    if (block.prefix > 32) return std::nullopt;
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

}  // namespace bulwark::policy
