#include "policy/standard_context_keys.h"

namespace bulwark::policy {

namespace {

std::string_view LastPathComponent(std::string_view arn) {
  return arn.substr(arn.rfind('/') + 1);
}

// aws:userid per kind ("IAM policy elements: Variables and tags", principal key values).
std::string UserId(const RequestPrincipal& p, const PrincipalAttributes& a) {
  switch (p.kind) {
    case PrincipalKind::kAccountRoot: return p.account;
    case PrincipalKind::kUser:
    case PrincipalKind::kRole: return a.unique_id;
    case PrincipalKind::kRoleSession:
      return a.unique_id.empty() ? "" : a.unique_id + ":" + std::string(LastPathComponent(p.arn));
    case PrincipalKind::kFederatedUser: return p.account + ":" + std::string(LastPathComponent(p.arn));
    default: return "";
  }
}

}  // namespace

void AddPrincipalContextKeys(const RequestPrincipal& p, const PrincipalAttributes& a,
                             RequestContext* context) {
  if (p.kind == PrincipalKind::kService) {
    context->Set("aws:PrincipalIsAWSService", "true");
    context->Set("aws:PrincipalServiceName", p.arn);
    return;
  }
  context->Set("aws:PrincipalType",
               PrincipalKindName(p.kind == PrincipalKind::kRole ? PrincipalKind::kRoleSession : p.kind));
  if (!p.IsIamPrincipal()) return;
  context->Set("aws:PrincipalIsAWSService", "false");
  // For role sessions aws:PrincipalArn is the role's ARN, not the session's.
  context->Set("aws:PrincipalArn",
               p.kind == PrincipalKind::kRoleSession && !p.issuer_arn.empty() ? p.issuer_arn : p.arn);
  context->Set("aws:PrincipalAccount", p.account);
  if (p.kind == PrincipalKind::kUser) context->Set("aws:username", std::string(LastPathComponent(p.arn)));
  if (std::string id = UserId(p, a); !id.empty()) context->Set("aws:userid", std::move(id));
  for (const auto& [key, value] : a.tags) context->Set("aws:PrincipalTag/" + key, value);
}

}  // namespace bulwark::policy
