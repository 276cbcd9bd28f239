#include "kms/key_state.h"

namespace bulwark::kms {

bool IsDestroyed(const KeyRecord& key, int64_t now) {
  return key.key_state == "PendingDeletion" && key.deletion_date && *key.deletion_date <= now;
}

core::Status CheckUsable(const KeyRecord& key) {
  if (key.key_state == "Disabled") return core::Error{"DisabledException", key.arn + " is disabled."};
  if (key.key_state == "PendingDeletion") {
    return core::Error{"KMSInvalidStateException", key.arn + " is pending deletion."};
  }
  return core::Status::Ok();
}

core::Status SetEnabled(KeyRecord& key, bool enabled) {
  if (key.key_state == "PendingDeletion") {
    return core::Error{"KMSInvalidStateException", key.arn + " is pending deletion."};
  }
  key.key_state = enabled ? "Enabled" : "Disabled";
  return core::Status::Ok();
}

core::Status ScheduleDeletion(KeyRecord& key, int64_t pending_window_days, int64_t now) {
  if (pending_window_days < 7 || pending_window_days > 30) {
    return core::Error{"ValidationException",
                       "1 validation error detected: Value '" + std::to_string(pending_window_days) +
                           "' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value "
                           "less than or equal to 30 and greater than or equal to 7"};
  }
  if (key.key_state == "PendingDeletion") {
    return core::Error{"KMSInvalidStateException", key.arn + " is pending deletion."};
  }
  key.key_state = "PendingDeletion";
  key.pending_window_days = pending_window_days;
  key.deletion_date = now + pending_window_days * kSecondsPerDay;
  return core::Status::Ok();
}

core::Status CancelDeletion(KeyRecord& key) {
  if (key.key_state != "PendingDeletion") {
    return core::Error{"KMSInvalidStateException", key.arn + " is not pending deletion."};
  }
  key.key_state = "Disabled";
  key.deletion_date.reset();
  key.pending_window_days.reset();
  return core::Status::Ok();
}

core::Status EnableRotation(KeyRecord& key, int64_t period_days, int64_t now) {
  if (key.key_spec != "SYMMETRIC_DEFAULT") {
    return core::Error{"UnsupportedOperationException", key.arn + " key rotation is not supported for this key spec."};
  }
  if (period_days < 90 || period_days > 2560) {
    return core::Error{"ValidationException",
                       "1 validation error detected: Value '" + std::to_string(period_days) +
                           "' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value "
                           "less than or equal to 2560 and greater than or equal to 90"};
  }
  if (auto usable = CheckUsable(key); !usable.ok()) return usable;
  key.rotation_period_days = period_days;
  key.next_rotation_date = now + period_days * kSecondsPerDay;
  return core::Status::Ok();
}

bool RotationDue(const KeyRecord& key, int64_t now) {
  return key.key_state == "Enabled" && key.rotation_period_days && key.next_rotation_date &&
         *key.next_rotation_date <= now;
}

}  // namespace bulwark::kms
