// Virtual MFA devices in the store, and the one check every MFA-gated call makes: is this TOTP code
// valid now for this user's device. Seeds are sealed under the master key (crypto/aead.h), bound to
// the device's serial number, and opened only to compute codes.
//
// Each device remembers the last TOTP step it accepted and its clock drift. VerifyMfaCode accepts a
// code only at a later step than the last accepted one (RFC 6238 section 5.2: a code is good once),
// so a code captured in transit cannot be replayed within its 30-second window.
// Thread-safety: stateless functions over store transactions and read views.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/store.h"

namespace bulwark::iam {

// IAM allows up to 8 MFA devices per user (IAM User Guide, "IAM and AWS STS quotas").
inline constexpr int64_t kMaxMfaDevicesPerUser = 8;
// Virtual devices per account: IAM's quota follows the number of users; this is a fixed cap.
inline constexpr int64_t kMaxVirtualMfaDevices = 5000;
// TOTP seed length AWS uses (its Base32StringSeed is 64 base32 characters).
inline constexpr std::size_t kMfaSeedBytes = 40;
// Enable/Resync look for the two consecutive codes within this many steps either side of the clock,
// so a device whose clock has drifted a few minutes can still be enrolled (the drift is then
// recorded); ordinary verification allows one step either side of the recorded drift.
inline constexpr int kMfaSyncWindowSteps = 10;

// Throttling of MFA codes per device: a 6-digit code is guessable at API speed, so after
// `max_failures` wrong codes within `window_seconds` of the first of them the device refuses every
// code, right ones included, for `lockout_seconds`. A right code (before that) starts the count
// again. AWS throttles MFA attempts without publishing its numbers; these are Bulwark's.
struct MfaThrottle {
  int64_t max_failures = 5;
  int64_t window_seconds = 300;
  int64_t lockout_seconds = 900;
};
inline constexpr MfaThrottle kMfaThrottle{};

struct MfaDeviceRecord {
  std::string account_id;     // The account it was created in (the serial's account).
  std::string serial_number;  // arn:aws:iam::<account>:mfa<path><name>
  std::string name;
  std::string path;
  std::string seed_sealed;
  int64_t created = 0;
  std::string user_id;    // Empty: not assigned to a user.
  std::string user_name;
  int64_t enable_date = 0;  // 0: not enabled.
  std::optional<uint64_t> last_step;
  int64_t drift_steps = 0;
};

// "arn:aws:iam::<account>:mfa<path><name>".
std::string MfaDeviceArn(std::string_view account, std::string_view path, std::string_view name);

// Errors: EntityAlreadyExists when a device with the same path and name exists; LimitExceeded past
// kMaxVirtualMfaDevices.
core::Status InsertMfaDevice(store::Transaction& txn, const MfaDeviceRecord& device);
core::Result<std::optional<MfaDeviceRecord>> FindMfaDevice(store::ReadView& view, std::string_view serial_number);
// NoSuchEntity with IAM's message when absent.
core::Result<MfaDeviceRecord> GetMfaDevice(store::ReadView& view, std::string_view serial_number);

enum class MfaAssignment { kAny, kAssigned, kUnassigned };
// `account`'s devices ordered by serial number (case-insensitively); `user_id` non-empty restricts to
// that user's.
core::Result<std::vector<MfaDeviceRecord>> ListMfaDevices(store::ReadView& view, std::string_view account,
                                                          std::string_view user_id, MfaAssignment assignment);
core::Result<int64_t> CountUserMfaDevices(store::ReadView& view, std::string_view user_id);
core::Result<int64_t> CountMfaDevices(store::ReadView& view, std::string_view account, bool enabled_only);

core::Status AssignMfaDevice(store::Transaction& txn, std::string_view serial_number, std::string_view user_id,
                             std::string_view user_name, int64_t enable_date, uint64_t last_step, int64_t drift_steps);
core::Status RecordMfaStep(store::Transaction& txn, std::string_view serial_number, uint64_t last_step,
                           int64_t drift_steps);
core::Status UnassignMfaDevice(store::Transaction& txn, std::string_view serial_number);
core::Status DeleteMfaDevice(store::Transaction& txn, std::string_view serial_number);

// Seals a fresh seed for `serial_number`. Errors: InternalFailure.
core::Result<std::string> SealMfaSeed(std::string_view master_key, std::string_view seed,
                                      std::string_view serial_number);
// Errors: InternalFailure (wrong key or a row that was tampered with or moved).
core::Result<std::string> OpenMfaSeed(std::string_view master_key, const MfaDeviceRecord& device);

// For STS (AssumeRole, GetSessionToken) and any other MFA-gated call: `code` must be valid at `now`
// for the device `serial_number`, enabled for the user `user_id`, at a step after the last one the
// device accepted; on success the step is recorded in `txn` and the device's failure count cleared.
// Errors: InvalidAuthenticationCode for a wrong, stale or replayed code, an unknown device or one not
// enabled for this user (one error for all, so the answer does not reveal which devices exist);
// MfaDeviceLocked while the user's device is locked out (RecordMfaFailure; checked before the code, so
// a right code is refused too); InternalFailure when the seed cannot be opened. STS answers
// AccessDenied ("MultiFactorAuthentication failed with invalid MFA one time pass code.") on these;
// that mapping is the STS operation's. A failure is not counted here: the caller's transaction is
// rolled back with its error, so the count is kept by RecordMfaFailure in a write that commits.
core::Status VerifyMfaCode(store::Transaction& txn, std::string_view master_key, std::string_view user_id,
                           std::string_view serial_number, std::string_view code, int64_t now);

// Counts a wrong code against the device `serial_number` if it is enabled for `user_id` (codes sent
// for other users' or unknown devices count against nothing, so they cannot lock anyone out or fill
// the table); locks it when the count reaches throttle.max_failures within the window.
core::Status RecordMfaFailure(store::Transaction& txn, std::string_view user_id, std::string_view serial_number,
                              int64_t now, const MfaThrottle& throttle = kMfaThrottle);
// The end of the device's lockout, when it is locked at `now`.
core::Result<std::optional<int64_t>> MfaLockedUntil(store::ReadView& view, std::string_view serial_number,
                                                    int64_t now);

core::Error NoSuchMfaDevice(std::string_view serial_number);
core::Error InvalidAuthenticationCode();
core::Error MfaDeviceLocked();  // Code "MfaDeviceLocked".

}  // namespace bulwark::iam
