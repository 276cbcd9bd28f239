#include "crypto/totp.h"

#include <array>
#include <cassert>

#include "crypto/constant_time.h"
#include "crypto/hmac.h"

namespace bulwark::crypto {
namespace {

constexpr std::array<uint32_t, 10> kPowersOfTen = {1,      10,      100,      1000,      10000,
                                                   100000, 1000000, 10000000, 100000000, 1000000000};

// The candidate steps [first, last] for a check, clamped to the non-negative range.
struct StepRange {
  uint64_t first = 0;
  uint64_t last = 0;
  bool empty = true;
};

StepRange CandidateSteps(const TotpCheck& check) {
  StepRange range;
  const int64_t now = check.unix_seconds < 0 ? 0 : check.unix_seconds / kTotpStepSeconds;
  // Saturating arithmetic: drift and window come from stored state and constants, but an absurd
  // stored drift must not wrap around to a valid range.
  constexpr int64_t kMaxOffset = int64_t{1} << 40;
  if (check.window_steps < 0 || check.drift_steps > kMaxOffset || check.drift_steps < -kMaxOffset) return range;
  const int64_t centre = now + check.drift_steps;
  const int64_t first = centre - check.window_steps;
  const int64_t last = centre + check.window_steps;
  if (last < 0) return range;
  range.first = static_cast<uint64_t>(first < 0 ? 0 : first);
  range.last = static_cast<uint64_t>(last);
  range.empty = false;
  return range;
}

bool CodeMatches(std::string_view secret, std::string_view code, uint64_t step) {
  return ConstantTimeEquals(Hotp(secret, step), code);
}

}  // namespace

std::string Hotp(std::string_view secret, uint64_t counter, int digits) {
  assert(digits >= 6 && digits <= 9);
  std::array<char, 8> message{};
  for (int i = 7; i >= 0; --i) {
    message[static_cast<std::size_t>(i)] = static_cast<char>(counter & 0xff);
    counter >>= 8;
  }
  const Sha1Digest mac = HmacSha1(secret, std::string_view(message.data(), message.size()));
  // RFC 4226 section 5.3, dynamic truncation.
  const std::size_t offset = mac[mac.size() - 1] & 0x0f;
  const uint32_t binary = (static_cast<uint32_t>(mac[offset] & 0x7f) << 24) |
                          (static_cast<uint32_t>(mac[offset + 1]) << 16) |
                          (static_cast<uint32_t>(mac[offset + 2]) << 8) | static_cast<uint32_t>(mac[offset + 3]);
  uint32_t value = binary % kPowersOfTen[static_cast<std::size_t>(digits)];
  std::string code(static_cast<std::size_t>(digits), '0');
  for (int i = digits - 1; i >= 0; --i) {
    code[static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return code;
}

std::optional<uint64_t> TotpStepAt(int64_t unix_seconds) {
  if (unix_seconds < 0) return std::nullopt;
  return static_cast<uint64_t>(unix_seconds / kTotpStepSeconds);
}

std::string TotpCodeAt(std::string_view secret, int64_t unix_seconds, int digits) {
  return Hotp(secret, TotpStepAt(unix_seconds).value_or(0), digits);
}

bool IsWellFormedTotpCode(std::string_view code) {
  if (code.size() != static_cast<std::size_t>(kTotpDigits)) return false;
  for (const char c : code) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::optional<uint64_t> VerifyTotp(std::string_view secret, std::string_view code, const TotpCheck& check) {
  if (!IsWellFormedTotpCode(code)) return std::nullopt;
  const StepRange range = CandidateSteps(check);
  if (range.empty) return std::nullopt;
  std::optional<uint64_t> matched;
  // Every candidate is computed; no early exit (see the header).
  for (uint64_t step = range.first; step <= range.last; ++step) {
    const bool fresh = !check.last_accepted_step.has_value() || step > *check.last_accepted_step;
    if (CodeMatches(secret, code, step) && fresh) matched = step;
  }
  return matched;
}

std::optional<uint64_t> VerifyConsecutiveTotp(std::string_view secret, std::string_view code1,
                                              std::string_view code2, const TotpCheck& check) {
  if (!IsWellFormedTotpCode(code1) || !IsWellFormedTotpCode(code2)) return std::nullopt;
  const StepRange range = CandidateSteps(check);
  if (range.empty || range.first == range.last) return std::nullopt;
  std::optional<uint64_t> matched;
  bool previous_matched = CodeMatches(secret, code1, range.first);
  for (uint64_t step = range.first + 1; step <= range.last; ++step) {
    const bool first_here = CodeMatches(secret, code1, step);
    const bool second_here = CodeMatches(secret, code2, step);
    // Both steps must be fresh: a replayed pair (or a pair overlapping an accepted step) is refused.
    const bool fresh = !check.last_accepted_step.has_value() || step - 1 > *check.last_accepted_step;
    if (previous_matched && second_here && fresh) matched = step;
    previous_matched = first_here;
  }
  return matched;
}

int64_t ConsecutiveTotpDrift(uint64_t matched_step, int64_t unix_seconds) {
  const int64_t now = unix_seconds < 0 ? 0 : unix_seconds / kTotpStepSeconds;
  return static_cast<int64_t>(matched_step) - now;
}

}  // namespace bulwark::crypto
