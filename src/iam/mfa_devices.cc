#include "iam/mfa_devices.h"

#include "crypto/aead.h"
#include "crypto/cleanse.h"
#include "crypto/totp.h"
#include "iam/rows.h"

namespace bulwark::iam {
namespace {

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string SeedAssociatedData(std::string_view serial_number) { return "iam-mfa-seed:" + std::string(serial_number); }

constexpr const char* kColumns =
    "serial_number, name, path, seed_sealed, created, user_id, user_name, enable_date, last_step, drift_steps, "
    "account_id";

core::Result<MfaDeviceRecord> ReadDevice(const store::Row& r) {
  MfaDeviceRecord d;
  d.serial_number = TextAt(r, 0);
  d.name = TextAt(r, 1);
  d.path = TextAt(r, 2);
  auto sealed = r.BlobString(3);
  if (!sealed.ok()) return sealed.error();
  d.seed_sealed = std::move(sealed.value());
  d.created = IntAt(r, 4);
  d.user_id = TextAt(r, 5);
  d.user_name = TextAt(r, 6);
  d.enable_date = IntAt(r, 7);
  const int64_t step = IntAt(r, 8);
  if (step >= 0) d.last_step = static_cast<uint64_t>(step);
  d.drift_steps = IntAt(r, 9);
  d.account_id = TextAt(r, 10);
  return d;
}

}  // namespace

core::Error NoSuchMfaDevice(std::string_view serial_number) {
  return core::Error{"NoSuchEntity", "MFA Device with serial number " + std::string(serial_number) +
                                         " does not exist."};
}

core::Error InvalidAuthenticationCode() {
  return core::Error{"InvalidAuthenticationCode", "Authentication code for device is not valid."};
}

core::Error MfaDeviceLocked() {
  return core::Error{"MfaDeviceLocked", "Too many invalid authentication codes for this MFA device; try again later."};
}

std::string MfaDeviceArn(std::string_view account, std::string_view path, std::string_view name) {
  return "arn:aws:iam::" + std::string(account) + ":mfa" + std::string(path) + std::string(name);
}

core::Status InsertMfaDevice(store::Transaction& txn, const MfaDeviceRecord& d) {
  auto existing = FindMfaDevice(txn, d.serial_number);
  if (!existing.ok()) return existing.error();
  if (existing->has_value()) {
    return core::Error{"EntityAlreadyExists", "MFADevice entity at the same path and name already exists."};
  }
  auto count = CountMfaDevices(txn, d.account_id, false);
  if (!count.ok()) return count.error();
  if (*count >= kMaxVirtualMfaDevices) {
    return core::Error{"LimitExceeded", "Cannot exceed quota for VirtualMFADevicesPerAccount: " +
                                            std::to_string(kMaxVirtualMfaDevices)};
  }
  return txn
      .Execute(
          "INSERT INTO iam_mfa_devices (account_id, serial_lower, serial_number, name, path, seed_sealed, created) "
          "VALUES (?, ?, ?, ?, ?, ?, ?)",
          {store::Value(d.account_id), store::Value(LowerAscii(d.serial_number)), store::Value(d.serial_number), store::Value(d.name),
           store::Value(d.path), store::Value::Blob(d.seed_sealed), store::Value(d.created)})
      .status();
}

core::Result<std::optional<MfaDeviceRecord>> FindMfaDevice(store::ReadView& view, std::string_view serial_number) {
  auto row = view.QueryOne(std::string("SELECT ") + kColumns + " FROM iam_mfa_devices WHERE serial_lower = ?",
                           {store::Value(LowerAscii(serial_number))});
  if (!row.ok()) return row.error();
  if (!*row) return std::optional<MfaDeviceRecord>();
  auto device = ReadDevice(**row);
  if (!device.ok()) return device.error();
  return std::optional<MfaDeviceRecord>(std::move(device.value()));
}

core::Result<MfaDeviceRecord> GetMfaDevice(store::ReadView& view, std::string_view serial_number) {
  auto device = FindMfaDevice(view, serial_number);
  if (!device.ok()) return device.error();
  if (!device->has_value()) return NoSuchMfaDevice(serial_number);
  return std::move(**device);
}

core::Result<std::vector<MfaDeviceRecord>> ListMfaDevices(store::ReadView& view, std::string_view account,
                                                          std::string_view user_id, MfaAssignment assignment) {
  std::string sql = std::string("SELECT ") + kColumns + " FROM iam_mfa_devices WHERE account_id = ?";
  std::vector<store::Value> params{store::Value(std::string(account))};
  if (!user_id.empty()) {
    sql += " AND user_id = ?";
    params.emplace_back(user_id);
  }
  if (assignment == MfaAssignment::kAssigned) sql += " AND user_id <> ''";
  if (assignment == MfaAssignment::kUnassigned) sql += " AND user_id = ''";
  sql += " ORDER BY serial_lower";
  auto rows = view.QueryAll(sql, params);
  if (!rows.ok()) return rows.error();
  std::vector<MfaDeviceRecord> out;
  for (const store::Row& r : *rows) {
    auto device = ReadDevice(r);
    if (!device.ok()) return device.error();
    out.push_back(std::move(device.value()));
  }
  return out;
}

core::Result<int64_t> CountUserMfaDevices(store::ReadView& view, std::string_view user_id) {
  auto row = view.QueryOne("SELECT COUNT(*) FROM iam_mfa_devices WHERE user_id = ?", {store::Value(user_id)});
  if (!row.ok()) return row.error();
  return *row ? IntAt(**row, 0) : 0;
}

core::Result<int64_t> CountMfaDevices(store::ReadView& view, std::string_view account, bool enabled_only) {
  auto row = view.QueryOne(enabled_only ? "SELECT COUNT(*) FROM iam_mfa_devices WHERE account_id = ? AND user_id <> ''"
                                        : "SELECT COUNT(*) FROM iam_mfa_devices WHERE account_id = ?",
                           {store::Value(std::string(account))});
  if (!row.ok()) return row.error();
  return *row ? IntAt(**row, 0) : 0;
}

core::Status AssignMfaDevice(store::Transaction& txn, std::string_view serial_number, std::string_view user_id,
                             std::string_view user_name, int64_t enable_date, uint64_t last_step, int64_t drift_steps) {
  return txn
      .Execute(
          "UPDATE iam_mfa_devices SET user_id = ?, user_name = ?, enable_date = ?, last_step = ?, drift_steps = ? "
          "WHERE serial_lower = ?",
          {store::Value(user_id), store::Value(user_name), store::Value(enable_date),
           store::Value(static_cast<int64_t>(last_step)), store::Value(drift_steps),
           store::Value(LowerAscii(serial_number))})
      .status();
}

core::Status RecordMfaStep(store::Transaction& txn, std::string_view serial_number, uint64_t last_step,
                           int64_t drift_steps) {
  return txn
      .Execute("UPDATE iam_mfa_devices SET last_step = ?, drift_steps = ? WHERE serial_lower = ?",
               {store::Value(static_cast<int64_t>(last_step)), store::Value(drift_steps),
                store::Value(LowerAscii(serial_number))})
      .status();
}

core::Status UnassignMfaDevice(store::Transaction& txn, std::string_view serial_number) {
  // The last accepted step is kept: re-enabling the same device must not reopen used steps.
  return txn
      .Execute("UPDATE iam_mfa_devices SET user_id = '', user_name = '', enable_date = 0 WHERE serial_lower = ?",
               {store::Value(LowerAscii(serial_number))})
      .status();
}

core::Status DeleteMfaDevice(store::Transaction& txn, std::string_view serial_number) {
  auto attempts =
      txn.Execute("DELETE FROM iam_mfa_attempts WHERE serial_lower = ?", {store::Value(LowerAscii(serial_number))});
  if (!attempts.ok()) return attempts.error();
  return txn.Execute("DELETE FROM iam_mfa_devices WHERE serial_lower = ?", {store::Value(LowerAscii(serial_number))})
      .status();
}

core::Result<std::optional<int64_t>> MfaLockedUntil(store::ReadView& view, std::string_view serial_number,
                                                    int64_t now) {
  auto row = view.QueryOne("SELECT locked_until FROM iam_mfa_attempts WHERE serial_lower = ?",
                           {store::Value(LowerAscii(serial_number))});
  if (!row.ok()) return row.error();
  if (!*row) return std::optional<int64_t>();
  const int64_t until = IntAt(**row, 0);
  if (until > now) return std::optional<int64_t>(until);
  return std::optional<int64_t>();
}

core::Status RecordMfaFailure(store::Transaction& txn, std::string_view user_id, std::string_view serial_number,
                              int64_t now, const MfaThrottle& throttle) {
  if (user_id.empty()) return core::Status::Ok();
  auto device = FindMfaDevice(txn, serial_number);
  if (!device.ok()) return device.error();
  if (!device->has_value() || (*device)->user_id != user_id || (*device)->enable_date == 0) return core::Status::Ok();
  const std::string key = LowerAscii(serial_number);
  auto row = txn.QueryOne("SELECT failures, window_start, locked_until FROM iam_mfa_attempts WHERE serial_lower = ?",
                          {store::Value(key)});
  if (!row.ok()) return row.error();
  int64_t failures = 0;
  int64_t window_start = now;
  int64_t locked_until = 0;
  if (*row) {
    failures = IntAt(**row, 0);
    window_start = IntAt(**row, 1);
    locked_until = IntAt(**row, 2);
  }
  if (locked_until > now) return core::Status::Ok();  // Already locked: the lockout is not extended.
  if (failures == 0 || now - window_start >= throttle.window_seconds || locked_until != 0) {
    failures = 0;  // A new window (or the first failure after a lockout ended).
    window_start = now;
    locked_until = 0;
  }
  ++failures;
  if (failures >= throttle.max_failures) locked_until = now + throttle.lockout_seconds;
  return txn
      .Execute(
          "INSERT INTO iam_mfa_attempts (serial_lower, failures, window_start, locked_until) VALUES (?, ?, ?, ?) "
          "ON CONFLICT (serial_lower) DO UPDATE SET failures = excluded.failures, "
          "window_start = excluded.window_start, locked_until = excluded.locked_until",
          {store::Value(key), store::Value(failures), store::Value(window_start), store::Value(locked_until)})
      .status();
}

core::Result<std::string> SealMfaSeed(std::string_view master_key, std::string_view seed,
                                      std::string_view serial_number) {
  return crypto::Seal(master_key, seed, SeedAssociatedData(serial_number));
}

core::Result<std::string> OpenMfaSeed(std::string_view master_key, const MfaDeviceRecord& device) {
  return crypto::Open(master_key, device.seed_sealed, SeedAssociatedData(device.serial_number));
}

core::Status VerifyMfaCode(store::Transaction& txn, std::string_view master_key, std::string_view user_id,
                           std::string_view serial_number, std::string_view code, int64_t now) {
  if (!crypto::IsWellFormedTotpCode(code) || user_id.empty()) return InvalidAuthenticationCode();
  auto device = FindMfaDevice(txn, serial_number);
  if (!device.ok()) return device.error();
  if (!device->has_value() || (*device)->user_id != user_id || (*device)->enable_date == 0) {
    return InvalidAuthenticationCode();
  }
  const MfaDeviceRecord& d = **device;
  auto locked = MfaLockedUntil(txn, d.serial_number, now);
  if (!locked.ok()) return locked.error();
  if (locked->has_value()) return MfaDeviceLocked();
  auto seed = OpenMfaSeed(master_key, d);
  if (!seed.ok()) return seed.error();
  crypto::TotpCheck check;
  check.unix_seconds = now;
  check.drift_steps = d.drift_steps;
  check.last_accepted_step = d.last_step;
  const std::optional<uint64_t> step = crypto::VerifyTotp(*seed, code, check);
  crypto::Cleanse(*seed);
  if (!step.has_value()) return InvalidAuthenticationCode();
  auto cleared =
      txn.Execute("DELETE FROM iam_mfa_attempts WHERE serial_lower = ?", {store::Value(LowerAscii(d.serial_number))});
  if (!cleared.ok()) return cleared.error();
  return RecordMfaStep(txn, d.serial_number, *step, d.drift_steps);
}

}  // namespace bulwark::iam
