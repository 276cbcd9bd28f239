#include "services/iam/iam_service.h"

#include <set>

#include "policy/catalog.h"
#include "services/iam/iam_operations.h"

namespace bulwark::services {

namespace {

// iam:PermissionsBoundary, driven by the action catalog: for every action whose entry in the
// Service Authorization Reference lists the key and that acts on an existing user or role (attach,
// detach, put and delete policies, delete the boundary, update the trust policy, delete the role
// ...), the key is the target's current boundary, so that "Deny iam:DeleteUserPermissionsBoundary
// when the boundary is X" and "allow iam:AttachUserPolicy only when the boundary is X" both hold.
// Operations that set a boundary (Create*, Put*PermissionsBoundary) supply the requested one
// themselves, which wins. A target without a boundary supplies no key, as on AWS.
Operation WithCurrentBoundary(const iam_ops::IamDeps& deps, Operation op) {
  const policy::ActionCatalog& catalog = policy::ActionCatalog::Embedded();
  const policy::ActionInfo* action = catalog.FindAction(op.action);
  const policy::ConditionKeyInfo* key = catalog.FindConditionKey("iam:PermissionsBoundary");
  if (action == nullptr || key == nullptr || !action->SupportsConditionKey(key) || !op.resource) return op;
  auto requested = std::move(op.condition_keys);
  auto resource = op.resource;
  op.condition_keys = [deps, requested = std::move(requested),
                       resource = std::move(resource)](const CallContext& ctx) {
    std::map<std::string, std::vector<std::string>> keys;
    if (requested) keys = requested(ctx);
    if (keys.count("iam:PermissionsBoundary") != 0) return keys;
    const ResourceRef target = resource(ctx);
    if (!target.arn.starts_with("arn:aws:iam::")) return keys;
    auto entity = deps.store->Read([&](store::ReadView& v) { return iam::FindEntityByArn(v, target.arn); });
    if (entity.ok() && *entity && (*entity)->kind != iam::EntityKind::kGroup && !(*entity)->boundary_arn.empty()) {
      keys["iam:PermissionsBoundary"] = {(*entity)->boundary_arn};
    }
    return keys;
  };
  return op;
}

// The IAM reads whose work grows with the account or the request rather than with one page.
Operation MarkUnbounded(Operation op) {
  static const std::set<std::string, std::less<>> kUnbounded{
      "SimulatePrincipalPolicy", "SimulateCustomPolicy", "GetAccountAuthorizationDetails",
      "GetAccountSummary", "GetCredentialReport"};
  op.unbounded_read = op.read_only && kUnbounded.count(op.name) != 0;
  return op;
}

}  // namespace

IamService::IamService(iam_ops::IamDeps deps)
    : TableService("iam", "iam.amazonaws.com",
                   protocol::ServiceProtocol{protocol::Protocol::kQuery, "https://iam.amazonaws.com/doc/2010-05-08/", ""},
                   "2010-05-08") {
  for (auto* area : {&iam_ops::EntityOperations, &iam_ops::PolicyOperations, &iam_ops::AttachmentOperations,
                     &iam_ops::AccessKeyOperations, &iam_ops::TagOperations}) {
    for (auto& op : (*area)(deps)) Add(MarkUnbounded(WithCurrentBoundary(deps, std::move(op))));
  }
  for (auto& op : iam_ops::PasswordPolicyOperations(deps)) Add(MarkUnbounded(WithCurrentBoundary(deps, std::move(op))));
  for (auto& op : iam_ops::LoginProfileOperations(deps)) Add(MarkUnbounded(WithCurrentBoundary(deps, std::move(op))));
  for (auto& op : iam_ops::MfaOperations(deps)) Add(MarkUnbounded(WithCurrentBoundary(deps, std::move(op))));
  for (auto& op : iam_ops::SimulateOperations(deps)) Add(MarkUnbounded(WithCurrentBoundary(deps, std::move(op))));
  for (auto& op : iam_ops::AccountOperations(deps)) Add(MarkUnbounded(WithCurrentBoundary(deps, std::move(op))));
  for (auto& op : iam_ops::AuthorizationDetailsOperations(deps)) Add(MarkUnbounded(WithCurrentBoundary(deps, std::move(op))));
}

}  // namespace bulwark::services
