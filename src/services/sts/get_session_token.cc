// sts:GetSessionToken: temporary credentials for an IAM user (or the root user), typically to prove
// MFA: a session made with a valid SerialNumber + TokenCode carries aws:MultiFactorAuthPresent.
#include "services/iam/iam_common.h"
#include "services/sts/sts_credentials.h"

namespace bulwark::services::sts_ops {

namespace {

constexpr int64_t kDefaultSeconds = 43200;
constexpr int64_t kUserMaxSeconds = 129600;  // 36 hours
constexpr int64_t kRootMaxSeconds = 3600;

}  // namespace

Operation GetSessionToken(const StsDeps& deps) {
  Operation op;
  op.name = "GetSessionToken";
  op.action = "sts:GetSessionToken";
  op.read_only = true;
  // "No permissions are required ... You cannot use policies to control authentication operations"
  // (IAM User Guide, "Permissions for GetSessionToken"): the policy authorizer allows it whatever the
  // policies say. It is not skipped only so the MFA precheck runs (and counts a wrong code in a write
  // that commits, sts_credentials.h) and a wrong code or a locked device is refused before the handler.
  op.condition_keys = [deps](const CallContext& ctx) { return MfaConditionKeys(deps, ctx); };
  op.execute = [deps](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    const core::Caller& caller = *ctx.caller;
    if (caller.kind != core::CallerKind::kIamUser && caller.kind != core::CallerKind::kRoot) {
      return core::Error{"AccessDenied", "Cannot call GetSessionToken with session credentials"};
    }
    const bool root = caller.kind == core::CallerKind::kRoot;
    auto duration = DurationParam(ctx, root ? kRootMaxSeconds : kDefaultSeconds, 900,
                                  root ? kRootMaxSeconds : kUserMaxSeconds);
    if (!duration.ok()) return duration.error();
    auto mfa = CheckMfa(deps, ctx, txn);
    if (!mfa.ok()) return mfa.error();

    iam::SessionClaims claims;
    core::Caller& c = claims.caller;
    c = caller;
    c.kind = core::CallerKind::kUserSession;
    c.issuer_arn = caller.arn;
    c.issuer_principal_id = caller.principal_id;
    c.issuer_name = caller.user_name;
    c.session_issued_at = ctx.now;
    c.session_expires_at = ctx.now + *duration;
    c.mfa_present = *mfa;
    c.mfa_authenticated_at = *mfa ? ctx.now : 0;
    auto credentials = IssueCredentials(deps, claims);
    if (!credentials.ok()) return credentials.error();
    boost::json::object result{{"Credentials", std::move(*credentials)}};
    return iam_ops::Outcome(std::move(result), true);
  };
  return op;
}

}  // namespace bulwark::services::sts_ops
