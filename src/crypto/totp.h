// Time-based one-time passwords (RFC 6238 over HOTP, RFC 4226) as AWS virtual MFA devices use them:
// HMAC-SHA1, a 30-second time step counted from the Unix epoch, 6 decimal digits.
//
// Verification never short-circuits on the first matching step: every candidate in the window is
// computed and compared in constant time, so timing does not reveal which step matched. A verifier
// reports the step it accepted so the caller can store it and refuse a replay of that step (or an
// earlier one) later; the stored step is the only state, and it lives with the device, not here.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bulwark::crypto {

inline constexpr int64_t kTotpStepSeconds = 30;
inline constexpr int kTotpDigits = 6;

// The RFC 4226 value of `secret` at `counter`: dynamic truncation of HMAC-SHA1, reduced modulo
// 10^digits and zero-padded to `digits` characters. 6 <= digits <= 9 (RFC 4226 section 5.3 asks for
// at least 6; more than 9 does not fit the 31-bit truncated value).
std::string Hotp(std::string_view secret, uint64_t counter, int digits = kTotpDigits);

// The time step containing `unix_seconds` (floor division, so times before 1970 are not steps).
// Returns nullopt for negative times.
std::optional<uint64_t> TotpStepAt(int64_t unix_seconds);

// The code a device shows at `unix_seconds` (times before 1970 are treated as step 0).
std::string TotpCodeAt(std::string_view secret, int64_t unix_seconds, int digits = kTotpDigits);

struct TotpCheck {
  int64_t unix_seconds = 0;
  // Steps accepted on either side of the expected one (RFC 6238 section 5.2 recommends one step of
  // network delay/clock skew).
  int window_steps = 1;
  // The device's recorded clock offset in steps (learned by EnableMFADevice/ResyncMFADevice), added to
  // the step of `unix_seconds` before applying the window.
  int64_t drift_steps = 0;
  // The last step this device accepted; only later steps are accepted (RFC 6238 section 5.2: "the
  // verifier MUST NOT accept the second attempt of the OTP after the successful validation").
  std::optional<uint64_t> last_accepted_step;
};

// True only for exactly 6 ASCII digits (AWS's authenticationCodeType: length 6, pattern [\d]+).
bool IsWellFormedTotpCode(std::string_view code);

// The step at which `code` is valid within the window, or nullopt (malformed code, no match, or only a
// match at or before `last_accepted_step`). When two steps in the window share the code, the latest
// step is reported, which keeps replay protection strict.
std::optional<uint64_t> VerifyTotp(std::string_view secret, std::string_view code, const TotpCheck& check);

// EnableMFADevice/ResyncMFADevice: `code1` and `code2` must be valid at two consecutive steps
// s and s+1 within the window (both taken relative to the drift). Returns s+1, the step of the later
// code, which the caller records as the last accepted step and from which it derives the new drift
// (ConsecutiveTotpDrift).
std::optional<uint64_t> VerifyConsecutiveTotp(std::string_view secret, std::string_view code1,
                                              std::string_view code2, const TotpCheck& check);

// The drift (in steps) that a device whose second code matched at `matched_step` has relative to
// the clock at `unix_seconds`.
int64_t ConsecutiveTotpDrift(uint64_t matched_step, int64_t unix_seconds);

}  // namespace bulwark::crypto
