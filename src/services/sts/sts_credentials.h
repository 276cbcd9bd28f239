// Issuing temporary credentials: AssumeRole (a role session) and GetSessionToken (a user's or the
// root user's session), each a self-contained sealed session token (iam/session_token.h), with
// AWS's rules for durations, session policies, session tags and MFA.
#pragma once

#include <memory>
#include <string>

#include "iam/session_token.h"
#include "services/service.h"
#include "store/store.h"

namespace bulwark::services::sts_ops {

struct StsDeps {
  std::shared_ptr<store::Store> store;  // For the MFA check that feeds authorization.
  std::string master_key;
};

Operation AssumeRole(const StsDeps& deps);       // assume_role.cc
Operation GetSessionToken(const StsDeps& deps);  // get_session_token.cc
Operation DecodeAuthorizationMessage(const StsDeps& deps);  // decode_authorization_message.cc

// Shared by both: the MFA pair (SerialNumber, TokenCode), checked for the calling user.
// Returns true when the pair was given and is valid (the step is recorded in `txn`), false when no
// pair was given; AccessDenied with STS's message when it is wrong.
core::Result<bool> CheckMfa(const StsDeps& deps, const CallContext& ctx, store::Transaction& txn);
// The same check before authorization, so trust policies can test aws:MultiFactorAuthPresent, and
// so every wrong code is counted against the device (iam::RecordMfaFailure) in a write that commits:
// the handler's own transaction rolls back with its error and could not keep the count. The step
// is not recorded here; the handler's CheckMfa records it, which refuses a replay of the same code
// by a concurrent call. kLocked also when the count could not be stored (fail closed).
enum class MfaPrecheckResult { kAbsent, kValid, kInvalid, kLocked };
MfaPrecheckResult PrecheckMfa(const StsDeps& deps, const CallContext& ctx);

// The condition keys of the precheck: aws:MultiFactorAuthPresent/Age for a valid pair; for a wrong
// code or a locked device, kMfaRefusalKey with the AccessDenied message STS answers, which the
// policy authorizer (server/policy_authorizer.h) turns into that refusal before any policy is read.
std::map<std::string, std::vector<std::string>> MfaConditionKeys(const StsDeps& deps, const CallContext& ctx);
inline constexpr std::string_view kMfaRefusalKey = "bulwark:MfaRefusal";

// ASIA key id, secret and sealed token for `claims.caller` (access_key_id is filled in); the
// Credentials shape of the response.
core::Result<boost::json::object> IssueCredentials(const StsDeps& deps, iam::SessionClaims& claims);

// DurationSeconds (default_value when absent) within [min, max], a bound that depends on the caller
// (GetSessionToken's root sessions last at most an hour), or ValidationError naming the member.
core::Result<int64_t> DurationParam(const CallContext& ctx, int64_t default_value, int64_t min, int64_t max);

}  // namespace bulwark::services::sts_ops
