#include "services/sts/sts_credentials.h"

#include "iam/entities.h"
#include "iam/ids.h"
#include "iam/mfa_devices.h"
#include "services/iam/iam_common.h"
#include "services/input.h"

namespace bulwark::services::sts_ops {

namespace {

core::Error MfaFailed() {
  return core::Error{"AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code. "};
}

// A locked device refuses with the same code STS uses for a wrong code (AccessDenied, which SDKs do
// not retry, unlike Throttling, so a client cannot be made to hammer the device), saying why.
core::Error MfaLocked() {
  return core::Error{"AccessDenied", "MultiFactorAuthentication failed: too many invalid MFA one time pass codes "
                                     "for this device. Try again later."};
}

// The MFA device must belong to the calling IAM user: its unique id (AIDA...) is the caller's
// principal id for user keys and user sessions.
std::string CallerUserId(const CallContext& ctx) {
  const core::Caller& c = *ctx.caller;
  if (c.kind == core::CallerKind::kIamUser || (c.kind == core::CallerKind::kUserSession && !c.user_name.empty())) {
    return c.principal_id;
  }
  return "";
}

}  // namespace

core::Result<bool> CheckMfa(const StsDeps& deps, const CallContext& ctx, store::Transaction& txn) {
  // The model checks each member's form (serialNumberType, six-digit tokenCodeType); that they come
  // together is STS's rule.
  const auto serial = OptionalString(ctx, "SerialNumber");
  const auto code = OptionalString(ctx, "TokenCode");
  if (!serial && !code) return false;
  if (!serial || !code) {
    return iam_ops::ValidationError("SerialNumber and TokenCode must be given together");
  }
  const std::string user_id = CallerUserId(ctx);
  if (user_id.empty()) return MfaFailed();
  core::Status verified = iam::VerifyMfaCode(txn, deps.master_key, user_id, *serial, *code, ctx.now);
  if (!verified.ok()) {
    if (verified.error().code == "InvalidAuthenticationCode") return MfaFailed();
    if (verified.error().code == "MfaDeviceLocked") return MfaLocked();
    return verified.error();
  }
  return true;
}

MfaPrecheckResult PrecheckMfa(const StsDeps& deps, const CallContext& ctx) {
  if (Member(ctx, "SerialNumber") == nullptr && Member(ctx, "TokenCode") == nullptr) return MfaPrecheckResult::kAbsent;
  // The real check runs in a savepoint that is always rolled back (the handler records the step);
  // a wrong code is then counted in the enclosing write, which commits.
  constexpr std::string_view kRollback = "PrecheckRollback";
  MfaPrecheckResult result = MfaPrecheckResult::kAbsent;
  core::Status s = deps.store->Write([&](store::Transaction& txn) -> core::Status {
    core::Result<bool> checked = false;
    core::Status dry = txn.Nested([&](store::Transaction& inner) -> core::Status {
      checked = CheckMfa(deps, ctx, inner);
      return core::Error{std::string(kRollback), ""};
    });
    if (!dry.ok() && dry.error().code != kRollback) return dry;
    if (checked.ok()) {
      result = *checked ? MfaPrecheckResult::kValid : MfaPrecheckResult::kAbsent;
      return core::Error{std::string(kRollback), ""};
    }
    if (checked.error().code != "AccessDenied") return core::Error{std::string(kRollback), ""};  // Malformed.
    if (checked.error().message == MfaLocked().message) {
      result = MfaPrecheckResult::kLocked;
      return core::Error{std::string(kRollback), ""};
    }
    result = MfaPrecheckResult::kInvalid;
    return iam::RecordMfaFailure(txn, CallerUserId(ctx), OptionalString(ctx, "SerialNumber").value_or(""), ctx.now);
  });
  // The store could not count the failure: refuse rather than let an uncounted guess through.
  if (!s.ok() && s.error().code != kRollback) return MfaPrecheckResult::kLocked;
  return result;
}

std::map<std::string, std::vector<std::string>> MfaConditionKeys(const StsDeps& deps, const CallContext& ctx) {
  std::map<std::string, std::vector<std::string>> keys;
  switch (PrecheckMfa(deps, ctx)) {
    case MfaPrecheckResult::kAbsent:
      break;
    case MfaPrecheckResult::kValid:
      keys["aws:MultiFactorAuthPresent"] = {"true"};
      keys["aws:MultiFactorAuthAge"] = {"0"};
      break;
    case MfaPrecheckResult::kInvalid:
      keys[std::string(kMfaRefusalKey)] = {MfaFailed().message};
      break;
    case MfaPrecheckResult::kLocked:
      keys[std::string(kMfaRefusalKey)] = {MfaLocked().message};
      break;
  }
  return keys;
}

core::Result<int64_t> DurationParam(const CallContext& ctx, int64_t default_value, int64_t min, int64_t max) {
  const std::optional<int64_t> v = OptionalInt(ctx, "DurationSeconds");
  if (!v) return default_value;
  if (*v < min || *v > max) {
    return iam_ops::ValidationError("1 validation error detected: Value '" + std::to_string(*v) +
                                    "' at 'durationSeconds' failed to satisfy constraint: Member must have value "
                                    "less than or equal to " + std::to_string(max) + " and greater than or equal to " +
                                    std::to_string(min));
  }
  return *v;
}

core::Result<boost::json::object> IssueCredentials(const StsDeps& deps, iam::SessionClaims& claims) {
  auto key_id = iam::NewAccessKeyId(iam::kTemporaryKeyPrefix);
  if (!key_id.ok()) return key_id.error();
  auto secret = iam::NewSecretAccessKey();
  if (!secret.ok()) return secret.error();
  claims.caller.access_key_id = *key_id;
  claims.secret_access_key = *secret;
  auto token = iam::SealSessionToken(iam::SessionTokenKey(deps.master_key), claims);
  if (!token.ok()) return token.error();
  return boost::json::object{{"AccessKeyId", *key_id},
                             {"SecretAccessKey", *secret},
                             {"SessionToken", *token},
                             {"Expiration", core::IsoTime(claims.caller.session_expires_at)}};
}

}  // namespace bulwark::services::sts_ops
