#include "server/request_context.h"

#include "server/pipeline.h"

namespace bulwark::server {

namespace {

const char* PrincipalType(core::CallerKind kind) {
  switch (kind) {
    case core::CallerKind::kRoot: return "Account";
    case core::CallerKind::kIamUser: return "User";
    case core::CallerKind::kAssumedRole: return "AssumedRole";
    case core::CallerKind::kFederatedUser: return "FederatedUser";
    case core::CallerKind::kUserSession: return "User";
  }
  return "User";
}

}  // namespace

std::map<std::string, std::vector<std::string>> StandardContextKeys(const core::Caller& caller,
                                                                    const services::CallContext& ctx) {
  std::map<std::string, std::vector<std::string>> keys;
  auto set = [&](const std::string& k, std::string v) { keys[k] = {std::move(v)}; };
  set("aws:PrincipalArn", caller.kind == core::CallerKind::kAssumedRole ? caller.issuer_arn : caller.arn);
  set("aws:PrincipalAccount", caller.account_id);
  set("aws:PrincipalType", PrincipalType(caller.kind));
  // Set on every request made by an IAM principal, as policy::AddPrincipalContextKeys does; the two
  // derivations merge when the IAM authorizer builds a policy::RequestContext directly.
  set("aws:PrincipalIsAWSService", "false");
  set("aws:userid", caller.principal_id);
  if (caller.kind == core::CallerKind::kIamUser || caller.kind == core::CallerKind::kUserSession) {
    if (!caller.user_name.empty()) set("aws:username", caller.user_name);
  }
  for (const auto& [k, v] : caller.tags) set("aws:PrincipalTag/" + k, v);
  if (!ctx.source_ip.empty()) set("aws:SourceIp", ctx.source_ip);
  set("aws:CurrentTime", IsoTime(ctx.now));
  set("aws:EpochTime", std::to_string(ctx.now));
  set("aws:SecureTransport", ctx.secure_transport ? "true" : "false");
  set("aws:RequestedRegion", ctx.region);
  if (!ctx.user_agent.empty()) set("aws:UserAgent", ctx.user_agent);
  // Temporary credentials carry the MFA and issue-time keys; long-term keys do not
  // ("aws:MultiFactorAuthPresent": absent for requests signed with long-term access keys).
  if (caller.session_issued_at != 0) {
    set("aws:TokenIssueTime", IsoTime(caller.session_issued_at));
    set("aws:MultiFactorAuthPresent", caller.mfa_present ? "true" : "false");
    if (caller.mfa_present) set("aws:MultiFactorAuthAge", std::to_string(ctx.now - caller.mfa_authenticated_at));
  }
  if (!caller.source_identity.empty()) set("aws:SourceIdentity", caller.source_identity);
  return keys;
}

}  // namespace bulwark::server
