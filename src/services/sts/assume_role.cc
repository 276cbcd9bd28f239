// sts:AssumeRole. Authorization (the role's trust policy together with the caller's own policies,
// ExternalId, MFA, session tags) is the pipeline's, through the policy authorizer; this handler
// applies AWS's rules for the session itself.
#include <optional>

#include "core/utf8.h"
#include "iam/attachments.h"
#include "iam/entities.h"
#include "iam/managed_policies.h"
#include "policy/parser.h"
#include "services/iam/iam_common.h"
#include "services/input.h"
#include "services/sts/sts_credentials.h"

namespace bulwark::services::sts_ops {

namespace {


constexpr int64_t kChainedMaxSeconds = 3600;  // "Role chaining limits ... to a maximum of one hour."
constexpr std::size_t kMaxSessionPolicyArns = 10;
constexpr std::size_t kMaxPolicyDocumentChars = 131072;

bool Chained(const CallContext& ctx) { return ctx.caller->kind == core::CallerKind::kAssumedRole; }

// The source identity the new session will carry: once a session has one it persists through role
// chaining and cannot be changed ("Monitor and control actions taken with assumed roles", IAM User
// Guide); otherwise the one requested, if any.
std::optional<std::string> SessionSourceIdentity(const CallContext& ctx) {
  if (Chained(ctx) && !ctx.caller->source_identity.empty()) return ctx.caller->source_identity;
  return OptionalString(ctx, "SourceIdentity");
}

std::map<std::string, std::vector<std::string>> ConditionKeys(const StsDeps& deps, const CallContext& ctx) {
  auto keys = iam_ops::RequestTagKeys(ctx);
  if (auto v = OptionalString(ctx, "ExternalId")) keys["sts:ExternalId"] = {*v};
  if (auto v = OptionalString(ctx, "RoleSessionName")) keys["sts:RoleSessionName"] = {*v};
  // Setting a source identity, or carrying one into a chained session, needs sts:SetSourceIdentity
  // (the policy authorizer evaluates it whenever this key is present); a different value than the
  // calling session's is refused by the handler.
  if (auto v = SessionSourceIdentity(ctx)) keys["sts:SourceIdentity"] = {*v};
  auto transitive = StringList(ctx, "TransitiveTagKeys");
  if (!transitive.empty()) keys["sts:TransitiveTagKeys"] = transitive;
  for (auto& [k, v] : MfaConditionKeys(deps, ctx)) keys[k] = std::move(v);
  return keys;
}

}  // namespace

Operation AssumeRole(const StsDeps& deps) {
  Operation op;
  op.name = "AssumeRole";
  op.action = "sts:AssumeRole";
  op.read_only = true;  // CloudTrail records AssumeRole as a read-only management event.
  op.resource = [](const CallContext& ctx) -> ResourceRef {
    auto arn = OptionalString(ctx, "RoleArn");
    return arn ? ResourceRef{*arn, "AWS::IAM::Role"} : ResourceRef{"*", ""};
  };
  op.condition_keys = [deps](const CallContext& ctx) { return ConditionKeys(deps, ctx); };
  op.execute = [deps](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    const std::string role_arn = RequiredString(ctx, "RoleArn");
    const std::string session_name = RequiredString(ctx, "RoleSessionName");
    const std::optional<std::string> source_identity = OptionalString(ctx, "SourceIdentity");
    // A session's source identity cannot be changed by chaining: AWS denies the attempt.
    if (Chained(ctx) && !ctx.caller->source_identity.empty() && source_identity &&
        *source_identity != ctx.caller->source_identity) {
      return core::Error{"AccessDenied", "User: " + ctx.caller->arn + " is not authorized to perform: "
                                         "sts:SetSourceIdentity on resource: " + role_arn +
                                         " because the source identity of a role session cannot be changed"};
    }

    auto role = iam::FindEntityByArn(txn, role_arn);
    if (!role.ok()) return role.error();
    if (!*role || (*role)->kind != iam::EntityKind::kRole) {
      return core::Error{"AccessDenied", "User: " + ctx.caller->arn +
                                             " is not authorized to perform: sts:AssumeRole on resource: " + role_arn};
    }
    const int64_t duration = OptionalInt(ctx, "DurationSeconds").value_or(3600);  // 900..43200 (the model).
    if (Chained(ctx) && duration > kChainedMaxSeconds) {
      return iam_ops::ValidationError("The requested DurationSeconds exceeds the 1 hour session limit for roles "
                                      "assumed by role chaining.");
    }
    if (duration > (*role)->max_session_duration) {
      return iam_ops::ValidationError("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
    }

    // Session policies cap the session; they never grant beyond the role.
    std::string session_policy;
    if (auto text = OptionalString(ctx, "Policy")) {
      // unrestrictedSessionPolicyDocumentType has no upper bound in the model; the parser's input is
      // bounded here as for every other policy document.
      if (core::Utf8Length(*text) > kMaxPolicyDocumentChars) {
        return iam_ops::ValidationError("1 validation error detected: Value '" + *text +
                                        "' at 'policy' failed to satisfy constraint: Member must have length less "
                                        "than or equal to " + std::to_string(kMaxPolicyDocumentChars));
      }
      auto p = iam_ops::PolicyDocumentParam(ctx, "Policy", policy::PolicyKind::kSession,
                                            policy::PolicyQuotas::kSessionPolicy);
      if (!p.ok()) {
        if (p.error().code == "LimitExceeded") {
          return core::Error{"PackedPolicyTooLarge", "Packed policy consumes more than 100% of the allotted space."};
        }
        return p.error();
      }
      session_policy = *p;
    }
    std::vector<std::string> policy_arns;
    if (const boost::json::array* descriptors = ListMember(ctx, "PolicyArns")) {
      for (const auto& descriptor : *descriptors) {
        auto arn = FieldString(descriptor, "arn");
        if (!arn) continue;
        // Session policies are managed policies of the role's account (or AWS managed ones).
        auto exists = iam::GetPolicy(txn, (*role)->account_id, *arn);
        if (exists.ok() && !exists->aws_managed && exists->account_id != (*role)->account_id) {
          exists = iam::NoSuchPolicy(*arn);
        }
        if (!exists.ok()) return exists.error();
        policy_arns.push_back(*arn);
      }
    }
    // The model does not bound the list; STS takes at most ten.
    if (policy_arns.size() > kMaxSessionPolicyArns) {
      return iam_ops::ValidationError("1 validation error detected: Value at 'policyArns' failed to satisfy "
                                      "constraint: Member must have length less than or equal to 10");
    }

    // Session tags: the request's, plus the caller's transitive tags when chaining (which the
    // request may not override).
    auto tags = iam_ops::TagsParam(ctx);
    if (!tags.ok()) return tags.error();
    iam::SessionClaims claims;
    core::Caller& c = claims.caller;
    std::vector<std::string> transitive = StringList(ctx, "TransitiveTagKeys");
    for (const auto& t : *tags) c.tags[t.key] = t.value;
    for (const auto& k : transitive) {
      if (c.tags.count(k) == 0) {
        return core::Error{"InvalidParameterValue", "The specified transitive tag key must be included in the "
                                                    "requested tags."};
      }
    }
    if (Chained(ctx)) {
      // The calling session's transitive tags carry over and cannot be overridden.
      for (const auto& k : ctx.caller->transitive_tag_keys) {
        auto it = ctx.caller->tags.find(k);
        if (it == ctx.caller->tags.end()) continue;
        if (c.tags.count(k) != 0) {
          return core::Error{"InvalidParameterValue", "One or more of the specified transitive tag keys conflict with "
                                                      "a transitive tag key from the calling session."};
        }
        c.tags[k] = it->second;
        transitive.push_back(k);
      }
    }
    c.transitive_tag_keys = transitive;

    auto mfa = CheckMfa(deps, ctx, txn);
    if (!mfa.ok()) return mfa.error();

    c.kind = core::CallerKind::kAssumedRole;
    // The session acts in the role's account, which may not be the caller's (cross-account access).
    c.account_id = (*role)->account_id;
    c.arn = "arn:aws:sts::" + c.account_id + ":assumed-role/" + (*role)->name + "/" + session_name;
    c.principal_id = (*role)->id + ":" + session_name;
    c.issuer_arn = (*role)->arn;
    c.issuer_principal_id = (*role)->id;
    c.issuer_name = (*role)->name;
    c.session_issued_at = ctx.now;
    c.session_expires_at = ctx.now + duration;
    c.mfa_present = *mfa || (Chained(ctx) && ctx.caller->mfa_present);
    c.mfa_authenticated_at = *mfa ? ctx.now : ctx.caller->mfa_authenticated_at;
    c.source_identity = SessionSourceIdentity(ctx).value_or("");
    c.session_policy = session_policy;
    c.session_policy_arns = policy_arns;

    auto credentials = IssueCredentials(deps, claims);
    if (!credentials.ok()) return credentials.error();
    boost::json::object result{
        {"Credentials", std::move(*credentials)},
        {"AssumedRoleUser", boost::json::object{{"AssumedRoleId", c.principal_id}, {"Arn", c.arn}}}};
    const std::size_t packed = iam::PolicySize(session_policy) + c.tags.size() * 16;
    if (packed > 0) result["PackedPolicySize"] = static_cast<int64_t>((packed * 100 + 2047) / 2048);
    if (!c.source_identity.empty()) result["SourceIdentity"] = c.source_identity;
    return iam_ops::Outcome(std::move(result), true);
  };
  return op;
}

}  // namespace bulwark::services::sts_ops
