// The life cycle of a KMS key ("Key states of AWS KMS keys"): Enabled <-> Disabled, either ->
// PendingDeletion (7-30 days) -> destroyed when due, or back to Disabled by CancelKeyDeletion; and
// when automatic rotation is due. Every rule takes the injected clock, so tests drive time.
// Thread-safety: pure functions over a record.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/result.h"

namespace bulwark::kms {

inline constexpr int64_t kSecondsPerDay = 86400;

struct KeyRecord {
  std::string key_id;
  std::string account_id;
  std::string arn;
  std::string description;
  std::string key_spec;   // "SYMMETRIC_DEFAULT"
  std::string key_usage;  // "ENCRYPT_DECRYPT"
  std::string origin = "AWS_KMS";
  std::string key_state = "Enabled";  // Enabled | Disabled | PendingDeletion
  int64_t creation_date = 0;
  std::optional<int64_t> deletion_date;        // When PendingDeletion.
  std::optional<int64_t> pending_window_days;  // When PendingDeletion.
  std::string policy;
  std::optional<int64_t> rotation_period_days;  // Automatic rotation enabled when set.
  std::optional<int64_t> next_rotation_date;
  int64_t current_version = 1;  // Material version new ciphertext uses.
};

// A key pending deletion whose date has come no longer exists: its material is destroyed (the
// store purges it on the next write) and every request answers as for an unknown key.
bool IsDestroyed(const KeyRecord& key, int64_t now);

// Whether cryptographic operations may use the key. DisabledException ("<arn> is disabled."),
// KMSInvalidStateException ("<arn> is pending deletion.").
core::Status CheckUsable(const KeyRecord& key);

// EnableKey / DisableKey: KMSInvalidStateException while pending deletion.
core::Status SetEnabled(KeyRecord& key, bool enabled);
// ScheduleKeyDeletion: PendingWindowInDays 7-30 (ValidationException), not already pending
// (KMSInvalidStateException).
core::Status ScheduleDeletion(KeyRecord& key, int64_t pending_window_days, int64_t now);
// CancelKeyDeletion: only when pending (KMSInvalidStateException); the key becomes Disabled.
core::Status CancelDeletion(KeyRecord& key);

// EnableKeyRotation: symmetric encryption keys only (UnsupportedOperationException), period
// 90-2560 days (ValidationException), usable state (as CheckUsable).
core::Status EnableRotation(KeyRecord& key, int64_t period_days, int64_t now);
bool RotationDue(const KeyRecord& key, int64_t now);

}  // namespace bulwark::kms
