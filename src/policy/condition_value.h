// Typed readings of condition values and context values: numbers, dates (ISO 8601 or epoch
// seconds), IP addresses and CIDR blocks (IPv4 and IPv6), booleans, base64 binaries. Unparseable
// text yields nullopt; the evaluator then treats the comparison as not matching.
// Thread-safety: pure functions.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bulwark::policy {

// Integers and decimals ("10", "-1.5", "2e3"); not "inf", "nan" or hexadecimal.
std::optional<double> ParseNumber(std::string_view text);

// Seconds since the epoch (fractions kept). Accepts the W3C profile of ISO 8601 that the IAM User
// Guide names for Date operators ("2026-11-28", "2026-11-28T23:45Z", "...T23:45:00Z",
// "...T23:45:00.123Z", "...T23:45:00+02:00"; a missing zone means UTC) and plain epoch seconds.
std::optional<double> ParseDate(std::string_view text);

struct IpBlock {
  std::array<uint8_t, 16> bytes{};
  bool v6 = false;
  uint8_t prefix = 32;  // Bits.
};

// "10.0.0.0/8", "2001:db8::/32", or a bare address (a /32 or /128 block).
std::optional<IpBlock> ParseIpBlock(std::string_view text);
bool IpInBlock(const IpBlock& address, const IpBlock& block);

// "true"/"false", case-insensitive.
std::optional<bool> ParseBool(std::string_view text);

// Standard base64 (RFC 4648, padding optional); nullopt on any other character.
std::optional<std::string> DecodeBase64(std::string_view text);

}  // namespace bulwark::policy
