// The credential repositories against a real (SQLite) store: login profiles and password history,
// account settings, MFA devices and the MFA code check STS relies on.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "crypto/totp.h"
#include "iam/account_settings.h"
#include "iam/credential_tables.h"
#include "iam/entities.h"
#include "iam/login_profiles.h"
#include "iam/mfa_devices.h"
#include "iam/schema.h"
#include "store/sqlite_store.h"
#include "store/store_test_util.h"

namespace bulwark::iam {
namespace {

const std::string kMasterKey(32, 'k');
const std::string kSeed = "12345678901234567890";
constexpr int64_t kNow = 1111111111;
constexpr char kAccount[] = "123456789012";

class CredentialStore {
 public:
  CredentialStore() {
    store::SqliteStoreOptions options;
    options.data_dir = dir_.path() / "data";
    options.migrations = IamMigrations();  // Includes CredentialMigrations().
    auto opened = store::OpenSqliteStore(std::move(options));
    EXPECT_TRUE(opened.ok());
    if (opened.ok()) store_ = std::move(opened.value());
  }
  core::Status Run(const std::function<core::Status(store::Transaction&)>& fn) { return store_->WriteAndWait(fn); }

 private:
  store::testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
};

// Helper verbs.
std::string Serial(std::string_view name) { return MfaDeviceArn("123456789012", "/", name); }

core::Status AddDevice(CredentialStore& db, std::string_view name) {
  return db.Run([&](store::Transaction& txn) -> core::Status {
    MfaDeviceRecord device;
    device.account_id = kAccount;
    device.serial_number = Serial(name);
    device.name = std::string(name);
    device.path = "/";
    auto sealed = SealMfaSeed(kMasterKey, kSeed, device.serial_number);
    if (!sealed.ok()) return sealed.error();
    device.seed_sealed = *sealed;
    device.created = kNow;
    return InsertMfaDevice(txn, device);
  });
}

core::Status Enable(CredentialStore& db, std::string_view name, std::string_view user_id) {
  return db.Run([&](store::Transaction& txn) {
    return AssignMfaDevice(txn, Serial(name), user_id, "alice", kNow, *crypto::TotpStepAt(kNow) - 1, 0);
  });
}

core::Status Verify(CredentialStore& db, std::string_view name, std::string_view user_id, std::string_view code,
                    int64_t at = kNow) {
  return db.Run([&](store::Transaction& txn) { return VerifyMfaCode(txn, kMasterKey, user_id, Serial(name), code, at); });
}

std::string ErrorCode(const core::Status& status) { return status.ok() ? "ok" : status.error().code; }

core::Status Fail(CredentialStore& db, std::string_view name, std::string_view user_id, int64_t at) {
  return db.Run([&](store::Transaction& txn) { return RecordMfaFailure(txn, user_id, Serial(name), at); });
}

// A code that is wrong at `at` (the right one's neighbour).
std::string WrongCodeAt(int64_t at) {
  const std::string right = crypto::TotpCodeAt(kSeed, at);
  return right == "000000" ? "111111" : "000000";
}

TEST(CredentialStore, LoginProfileIsUniquePerUser) {
  CredentialStore db;
  LoginProfileRecord profile{.user_id = "AIDAEXAMPLE", .password_hash = "h1", .created = kNow,
                             .password_changed = kNow, .password_last_used = std::nullopt, .reset_required = true};
  EXPECT_TRUE(db.Run([&](store::Transaction& txn) { return InsertLoginProfile(txn, profile, "alice"); }).ok());
  core::Status again = db.Run([&](store::Transaction& txn) { return InsertLoginProfile(txn, profile, "alice"); });
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "EntityAlreadyExists");
  EXPECT_EQ(again.error().message, "Login Profile for user alice already exists.");
}

TEST(CredentialStore, LoginProfileRoundTripsAndUpdates) {
  CredentialStore db;
  LoginProfileRecord profile{.user_id = "AIDAEXAMPLE", .password_hash = "h1", .created = kNow,
                             .password_changed = kNow, .password_last_used = std::nullopt, .reset_required = true};
  ASSERT_TRUE(db.Run([&](store::Transaction& txn) { return InsertLoginProfile(txn, profile, "alice"); }).ok());
  ASSERT_TRUE(db.Run([&](store::Transaction& txn) {
                  return UpdateLoginProfilePassword(txn, "AIDAEXAMPLE", "h2", kNow + 5, false);
                }).ok());
  std::optional<LoginProfileRecord> found;
  ASSERT_TRUE(db.Run([&](store::Transaction& txn) -> core::Status {
                  auto f = FindLoginProfile(txn, "AIDAEXAMPLE");
                  if (!f.ok()) return f.error();
                  found = *f;
                  return core::Status::Ok();
                }).ok());
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->password_hash, "h2");
  EXPECT_EQ(found->created, kNow);
  EXPECT_EQ(found->password_changed, kNow + 5);
  EXPECT_FALSE(found->reset_required);
  EXPECT_FALSE(found->password_last_used.has_value());
}

TEST(CredentialStore, PasswordHistoryKeepsTheNewestFirstWithinTheLimit) {
  CredentialStore db;
  std::vector<std::string> recent;
  ASSERT_TRUE(db.Run([&](store::Transaction& txn) -> core::Status {
                  for (const char* h : {"h1", "h2", "h3", "h4"}) {
                    if (auto s = AppendPasswordHistory(txn, "AIDAEXAMPLE", h, 3); !s.ok()) return s;
                  }
                  auto r = RecentPasswordHashes(txn, "AIDAEXAMPLE", 24);
                  if (!r.ok()) return r.error();
                  recent = *r;
                  return core::Status::Ok();
                }).ok());
  EXPECT_EQ(recent, (std::vector<std::string>{"h4", "h3", "h2"}));
}

TEST(CredentialStore, PasswordPolicyPutFindDelete) {
  CredentialStore db;
  PasswordPolicy policy;
  policy.minimum_password_length = 14;
  policy.require_symbols = true;
  policy.max_password_age = 90;
  std::optional<PasswordPolicy> found;
  ASSERT_TRUE(db.Run([&](store::Transaction& txn) -> core::Status {
                  if (auto s = PutPasswordPolicy(txn, kAccount,  policy); !s.ok()) return s;
                  auto f = FindPasswordPolicy(txn, kAccount);
                  if (!f.ok()) return f.error();
                  found = *f;
                  return core::Status::Ok();
                }).ok());
  EXPECT_EQ(found, policy);
  EXPECT_TRUE(db.Run([&](store::Transaction& txn) { return DeletePasswordPolicy(txn, "123456789012"); }).ok());
  core::Status again = db.Run([&](store::Transaction& txn) { return DeletePasswordPolicy(txn, "123456789012"); });
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "NoSuchEntity");
  EXPECT_EQ(again.error().message, "The Password Policy with domain name 123456789012 cannot be found.");
}

TEST(CredentialStore, AccountAliasIsReplacedNotAdded) {
  CredentialStore db;
  std::vector<std::string> aliases;
  ASSERT_TRUE(db.Run([&](store::Transaction& txn) -> core::Status {
                  if (auto s = PutAccountAlias(txn, kAccount,  "first"); !s.ok()) return s;
                  if (auto s = PutAccountAlias(txn, kAccount,  "second"); !s.ok()) return s;
                  auto l = ListAccountAliases(txn, kAccount);
                  if (!l.ok()) return l.error();
                  aliases = *l;
                  return core::Status::Ok();
                }).ok());
  EXPECT_EQ(aliases, std::vector<std::string>{"second"});
  EXPECT_EQ(ErrorCode(db.Run([&](store::Transaction& txn) { return DeleteAccountAlias(txn, kAccount,  "first"); })),
            "NoSuchEntity");
}

TEST(CredentialStore, MfaDeviceNamesAreUniquePerPath) {
  CredentialStore db;
  ASSERT_TRUE(AddDevice(db, "phone").ok());
  EXPECT_EQ(ErrorCode(AddDevice(db, "phone")), "EntityAlreadyExists");
  EXPECT_EQ(ErrorCode(AddDevice(db, "PHONE")), "EntityAlreadyExists");  // Serial numbers ignore case.
}

TEST(CredentialStore, SeedIsSealedAndBoundToTheSerial) {
  CredentialStore db;
  ASSERT_TRUE(AddDevice(db, "phone").ok());
  std::optional<MfaDeviceRecord> device;
  ASSERT_TRUE(db.Run([&](store::Transaction& txn) -> core::Status {
                  auto d = GetMfaDevice(txn, Serial("phone"));
                  if (!d.ok()) return d.error();
                  device = *d;
                  return core::Status::Ok();
                }).ok());
  EXPECT_EQ(device->seed_sealed.find(kSeed), std::string::npos);
  auto opened = OpenMfaSeed(kMasterKey, *device);
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(*opened, kSeed);
  MfaDeviceRecord moved = *device;
  moved.serial_number = Serial("other");
  EXPECT_FALSE(OpenMfaSeed(kMasterKey, moved).ok());
}

TEST(CredentialStore, VerifyAcceptsACurrentCodeOnce) {
  CredentialStore db;
  ASSERT_TRUE(AddDevice(db, "phone").ok());
  ASSERT_TRUE(Enable(db, "phone", "AIDAALICE").ok());
  const std::string code = crypto::TotpCodeAt(kSeed, kNow);
  EXPECT_EQ(ErrorCode(Verify(db, "phone", "AIDAALICE", code)), "ok");
  EXPECT_EQ(ErrorCode(Verify(db, "phone", "AIDAALICE", code)), "InvalidAuthenticationCode");  // Replay.
  EXPECT_EQ(ErrorCode(Verify(db, "phone", "AIDAALICE", crypto::TotpCodeAt(kSeed, kNow + 30), kNow + 30)), "ok");
}

TEST(CredentialStore, VerifyRefusesAnotherUsersDevice) {
  CredentialStore db;
  ASSERT_TRUE(AddDevice(db, "phone").ok());
  ASSERT_TRUE(Enable(db, "phone", "AIDAALICE").ok());
  EXPECT_EQ(ErrorCode(Verify(db, "phone", "AIDABOB", crypto::TotpCodeAt(kSeed, kNow))), "InvalidAuthenticationCode");
}

TEST(CredentialStore, VerifyRefusesADeviceNotEnabled) {
  CredentialStore db;
  ASSERT_TRUE(AddDevice(db, "phone").ok());
  EXPECT_EQ(ErrorCode(Verify(db, "phone", "AIDAALICE", crypto::TotpCodeAt(kSeed, kNow))), "InvalidAuthenticationCode");
  EXPECT_EQ(ErrorCode(Verify(db, "nothing", "AIDAALICE", crypto::TotpCodeAt(kSeed, kNow))),
            "InvalidAuthenticationCode");
}

TEST(CredentialStore, VerifyRefusesAWrongCode) {
  CredentialStore db;
  ASSERT_TRUE(AddDevice(db, "phone").ok());
  ASSERT_TRUE(Enable(db, "phone", "AIDAALICE").ok());
  EXPECT_EQ(ErrorCode(Verify(db, "phone", "AIDAALICE", crypto::TotpCodeAt(kSeed, kNow + 300))),
            "InvalidAuthenticationCode");
  EXPECT_EQ(ErrorCode(Verify(db, "phone", "AIDAALICE", "12345")), "InvalidAuthenticationCode");
}

TEST(CredentialStore, UnassignedDeviceKeepsItsLastStep) {
  CredentialStore db;
  ASSERT_TRUE(AddDevice(db, "phone").ok());
  ASSERT_TRUE(Enable(db, "phone", "AIDAALICE").ok());
  const std::string code = crypto::TotpCodeAt(kSeed, kNow);
  ASSERT_EQ(ErrorCode(Verify(db, "phone", "AIDAALICE", code)), "ok");
  std::optional<MfaDeviceRecord> device;
  ASSERT_TRUE(db.Run([&](store::Transaction& txn) -> core::Status {
                  if (auto s = UnassignMfaDevice(txn, Serial("phone")); !s.ok()) return s;
                  auto d = GetMfaDevice(txn, Serial("phone"));
                  if (!d.ok()) return d.error();
                  device = *d;
                  return core::Status::Ok();
                }).ok());
  EXPECT_TRUE(device->user_id.empty());
  EXPECT_EQ(device->last_step, crypto::TotpStepAt(kNow));
}

TEST(CredentialStore, CredentialReportIsReplaced) {
  CredentialStore db;
  std::optional<StoredCredentialReport> found;
  ASSERT_TRUE(db.Run([&](store::Transaction& txn) -> core::Status {
                  if (auto s = PutCredentialReport(txn, kAccount,  {1, "a"}); !s.ok()) return s;
                  if (auto s = PutCredentialReport(txn, kAccount,  {2, "b"}); !s.ok()) return s;
                  auto f = FindCredentialReport(txn, kAccount);
                  if (!f.ok()) return f.error();
                  found = *f;
                  return core::Status::Ok();
                }).ok());
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->generated, 2);
  EXPECT_EQ(found->content, "b");
}

TEST(CredentialStore, DeletingAUserWithALoginProfileOrMfaDeviceConflicts) {
  CredentialStore db;
  Entity user;
  user.account_id = kAccount;
  user.kind = EntityKind::kUser;
  user.name = "alice";
  user.id = "AIDAALICE";
  user.path = "/";
  user.arn = EntityArn(EntityKind::kUser, "123456789012", "/", "alice");
  ASSERT_TRUE(db.Run([&](store::Transaction& txn) { return InsertEntity(txn, user); }).ok());
  LoginProfileRecord profile{.user_id = "AIDAALICE", .password_hash = "h1", .created = kNow,
                             .password_changed = kNow, .password_last_used = std::nullopt, .reset_required = false};
  ASSERT_TRUE(db.Run([&](store::Transaction& txn) -> core::Status {
                  if (auto s = InsertLoginProfile(txn, profile, "alice"); !s.ok()) return s;
                  return AppendPasswordHistory(txn, "AIDAALICE", "h1", 24);
                }).ok());
  core::Status with_profile = db.Run([&](store::Transaction& txn) { return DeleteEntity(txn, kAccount,  EntityKind::kUser, "alice"); });
  ASSERT_FALSE(with_profile.ok());
  EXPECT_EQ(with_profile.error().code, "DeleteConflict");
  EXPECT_EQ(with_profile.error().message, "Cannot delete entity, must delete login profile first.");

  ASSERT_TRUE(db.Run([&](store::Transaction& txn) { return DeleteLoginProfile(txn, "AIDAALICE"); }).ok());
  ASSERT_TRUE(AddDevice(db, "phone").ok());
  ASSERT_TRUE(Enable(db, "phone", "AIDAALICE").ok());
  core::Status with_device = db.Run([&](store::Transaction& txn) { return DeleteEntity(txn, kAccount,  EntityKind::kUser, "alice"); });
  ASSERT_FALSE(with_device.ok());
  EXPECT_EQ(with_device.error().message, "Cannot delete entity, must delete MFA device first.");

  std::vector<std::string> history;
  ASSERT_TRUE(db.Run([&](store::Transaction& txn) -> core::Status {
                  if (auto s = UnassignMfaDevice(txn, Serial("phone")); !s.ok()) return s;
                  if (auto s = DeleteEntity(txn, kAccount,  EntityKind::kUser, "alice"); !s.ok()) return s;
                  auto h = RecentPasswordHashes(txn, "AIDAALICE", 24);
                  if (!h.ok()) return h.error();
                  history = *h;
                  return core::Status::Ok();
                }).ok());
  EXPECT_TRUE(history.empty());  // The password history went with the user.
}

TEST(CredentialStore, FiveFailedMfaCodesLockTheDeviceEvenForTheRightCode) {
  CredentialStore db;
  ASSERT_TRUE(AddDevice(db, "phone").ok());
  ASSERT_TRUE(Enable(db, "phone", "AIDAALICE").ok());
  for (int i = 0; i < kMfaThrottle.max_failures; ++i) {
    EXPECT_EQ(ErrorCode(Verify(db, "phone", "AIDAALICE", WrongCodeAt(kNow + i), kNow + i)), "InvalidAuthenticationCode");
    ASSERT_TRUE(Fail(db, "phone", "AIDAALICE", kNow + i).ok());
  }
  const int64_t later = kNow + 60;
  EXPECT_EQ(ErrorCode(Verify(db, "phone", "AIDAALICE", crypto::TotpCodeAt(kSeed, later), later)), "MfaDeviceLocked");
  const int64_t unlocked = kNow + kMfaThrottle.max_failures - 1 + kMfaThrottle.lockout_seconds;
  EXPECT_EQ(ErrorCode(Verify(db, "phone", "AIDAALICE", crypto::TotpCodeAt(kSeed, unlocked), unlocked)), "ok");
}

TEST(CredentialStore, MfaFailuresOutsideTheWindowDoNotAddUp) {
  CredentialStore db;
  ASSERT_TRUE(AddDevice(db, "phone").ok());
  ASSERT_TRUE(Enable(db, "phone", "AIDAALICE").ok());
  int64_t at = kNow;
  for (int i = 0; i < 3 * kMfaThrottle.max_failures; ++i) {
    ASSERT_TRUE(Fail(db, "phone", "AIDAALICE", at).ok());
    if ((i + 1) % (kMfaThrottle.max_failures - 1) == 0) at += kMfaThrottle.window_seconds;  // A new window.
  }
  EXPECT_EQ(ErrorCode(Verify(db, "phone", "AIDAALICE", crypto::TotpCodeAt(kSeed, at), at)), "ok");
}

TEST(CredentialStore, ARightMfaCodeClearsTheFailureCount) {
  CredentialStore db;
  ASSERT_TRUE(AddDevice(db, "phone").ok());
  ASSERT_TRUE(Enable(db, "phone", "AIDAALICE").ok());
  for (int i = 0; i < kMfaThrottle.max_failures - 1; ++i) ASSERT_TRUE(Fail(db, "phone", "AIDAALICE", kNow).ok());
  EXPECT_EQ(ErrorCode(Verify(db, "phone", "AIDAALICE", crypto::TotpCodeAt(kSeed, kNow))), "ok");
  for (int i = 0; i < kMfaThrottle.max_failures - 1; ++i) ASSERT_TRUE(Fail(db, "phone", "AIDAALICE", kNow).ok());
  EXPECT_EQ(ErrorCode(Verify(db, "phone", "AIDAALICE", crypto::TotpCodeAt(kSeed, kNow + 30), kNow + 30)), "ok");
}

TEST(CredentialStore, MfaFailuresForAnotherUsersDeviceLockNothing) {
  CredentialStore db;
  ASSERT_TRUE(AddDevice(db, "phone").ok());
  ASSERT_TRUE(Enable(db, "phone", "AIDAALICE").ok());
  for (int i = 0; i < 2 * kMfaThrottle.max_failures; ++i) {
    ASSERT_TRUE(Fail(db, "phone", "AIDAMALLORY", kNow).ok());
    ASSERT_TRUE(Fail(db, "unknown", "AIDAMALLORY", kNow).ok());
  }
  EXPECT_EQ(ErrorCode(Verify(db, "phone", "AIDAALICE", crypto::TotpCodeAt(kSeed, kNow))), "ok");
}

}  // namespace
}  // namespace bulwark::iam
