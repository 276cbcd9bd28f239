// The organization itself, its root and policy types, trusted service access and delegated
// administrators.
#include <algorithm>

#include "org/org_store.h"
#include "services/organizations/org_common.h"

namespace bulwark::services::org_ops {

namespace {

core::Status CheckServicePrincipal(const std::string& principal) {
  // Trusted access is for AWS service principals ("<service>.amazonaws.com").
  if (!principal.ends_with(".amazonaws.com") || principal.size() <= std::string_view(".amazonaws.com").size()) {
    return org::InvalidInput("UNRECOGNIZED_SERVICE_PRINCIPAL", "You specified an unrecognized service principal.");
  }
  return core::Status::Ok();
}

boost::json::object DelegatedAdminJson(const org::Organization& o, const org::Account& a, int64_t enabled) {
  boost::json::object out = AccountJson(o, a);
  out["DelegationEnabledDate"] = enabled;
  return out;
}

}  // namespace

OperationList OrganizationOperations(const OrgDeps& deps) {
  OperationList ops;
  ops.push_back(Op(deps, "CreateOrganization", false, AnyResource(),
                   [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
                     const std::string feature_set = OptionalString(ctx, "FeatureSet").value_or("ALL");
                     if (feature_set != "ALL") {
                       return org::InvalidInput("INVALID_ENUM",
                                                "Only organizations with all features (FeatureSet ALL) are supported.");
                     }
                     const std::string& account = CallerAccount(ctx);
                     auto o = org::CreateOrganization(txn, account, account + "@bulwark.invalid", ctx.now);
                     if (!o.ok()) return o.error();
                     return Out(boost::json::object{{"Organization", OrganizationJson(*o)}}, true);
                   }));
  ops.push_back(Op(deps, "DescribeOrganization", true, OrganizationResource(deps),
                   [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
                     // Member accounts may describe their organization too.
                     auto o = org::OrganizationOf(txn, CallerAccount(ctx));
                     if (!o.ok()) return o.error();
                     return Out(boost::json::object{{"Organization", OrganizationJson(*o)}}, false);
                   }));
  ops.push_back(Op(deps, "DeleteOrganization", false, OrganizationResource(deps),
                   [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
                     auto o = ManagedOrganization(ctx, txn);
                     if (!o.ok()) return o.error();
                     if (auto s = org::DeleteOrganization(txn, *o); !s.ok()) return s.error();
                     return OperationOutcome{};
                   }));
  ops.push_back(Op(deps, "ListRoots", true, AnyResource(),
                   [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
                     auto o = ManagedOrganization(ctx, txn);
                     if (!o.ok()) return o.error();
                     boost::json::object result;
                     auto page = Page(ctx, boost::json::array{RootJson(*o)}, &result);
                     if (!page.ok()) return page.error();
                     result["Roots"] = std::move(*page);
                     return Out(std::move(result), false);
                   }));
  for (bool enable : {true, false}) {
    ops.push_back(Op(deps, enable ? "EnablePolicyType" : "DisablePolicyType", false, EntityResource(deps, "RootId"),
                     [enable](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
                       auto o = ManagedOrganization(ctx, txn);
                       if (!o.ok()) return o.error();
                       const std::string root = RequiredString(ctx, "RootId");
                       const std::string type = RequiredString(ctx, "PolicyType");
                       core::Status s = enable ? org::EnablePolicyType(txn, *o, root, type)
                                               : org::DisablePolicyType(txn, *o, root, type);
                       if (!s.ok()) return s.error();
                       auto updated = org::OrganizationOf(txn, o->management_account_id);
                       if (!updated.ok()) return updated.error();
                       return Out(boost::json::object{{"Root", RootJson(*updated)}}, true);
                     }));
  }
  // Trusted access ("Using AWS Organizations with other AWS services").
  for (bool enable : {true, false}) {
    ops.push_back(Op(deps, enable ? "EnableAWSServiceAccess" : "DisableAWSServiceAccess", false, AnyResource(),
                     [enable](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
                       auto o = ManagedOrganization(ctx, txn);
                       if (!o.ok()) return o.error();
                       const std::string principal = RequiredString(ctx, "ServicePrincipal");
                       if (auto s = CheckServicePrincipal(principal); !s.ok()) return s.error();
                       core::Status s = enable ? org::EnableServiceAccess(txn, *o, principal, ctx.now)
                                               : org::DisableServiceAccess(txn, *o, principal);
                       if (!s.ok()) return s.error();
                       return OperationOutcome{};
                     }));
  }
  ops.push_back(Op(deps, "ListAWSServiceAccessForOrganization", true, AnyResource(),
                   [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
                     auto o = ManagedOrganization(ctx, txn);
                     if (!o.ok()) return o.error();
                     auto list = org::ListServiceAccess(txn, *o);
                     if (!list.ok()) return list.error();
                     boost::json::array all;
                     for (const auto& s : *list) {
                       all.push_back(boost::json::object{{"ServicePrincipal", s.service_principal}, {"DateEnabled", s.enabled}});
                     }
                     boost::json::object result;
                     auto page = Page(ctx, std::move(all), &result);
                     if (!page.ok()) return page.error();
                     result["EnabledServicePrincipals"] = std::move(*page);
                     return Out(std::move(result), false);
                   }));
  // Delegated administrators (the security account pattern).
  ops.push_back(Op(deps, "RegisterDelegatedAdministrator", false, EntityResource(deps, "AccountId"),
                   [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
                     auto o = ManagedOrganization(ctx, txn);
                     if (!o.ok()) return o.error();
                     const std::string principal = RequiredString(ctx, "ServicePrincipal");
                     if (auto s = CheckServicePrincipal(principal); !s.ok()) return s.error();
                     auto access = org::ListServiceAccess(txn, *o);
                     if (!access.ok()) return access.error();
                     bool enabled = false;
                     for (const auto& a : *access) enabled |= a.service_principal == principal;
                     if (!enabled) {
                       return org::ConstraintViolation("SERVICE_ACCESS_NOT_ENABLED",
                                                       "You attempted to register a delegated administrator for a "
                                                       "service that does not have trusted access enabled.");
                     }
                     auto s = org::RegisterDelegatedAdministrator(txn, *o, RequiredString(ctx, "AccountId"), principal,
                                                                  ctx.now);
                     if (!s.ok()) return s.error();
                     return OperationOutcome{};
                   }));
  ops.push_back(Op(deps, "DeregisterDelegatedAdministrator", false, EntityResource(deps, "AccountId"),
                   [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
                     auto o = ManagedOrganization(ctx, txn);
                     if (!o.ok()) return o.error();
                     auto s = org::DeregisterDelegatedAdministrator(txn, *o, RequiredString(ctx, "AccountId"),
                                                                    RequiredString(ctx, "ServicePrincipal"));
                     if (!s.ok()) return s.error();
                     return OperationOutcome{};
                   }));
  ops.push_back(Op(deps, "ListDelegatedAdministrators", true, AnyResource(),
                   [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
                     auto o = ManagedOrganization(ctx, txn);
                     if (!o.ok()) return o.error();
                     auto list = org::ListDelegatedAdministrators(txn, *o, OptionalString(ctx, "ServicePrincipal").value_or(""));
                     if (!list.ok()) return list.error();
                     // One entry per account, with its earliest delegation.
                     boost::json::array all;
                     std::vector<std::string> seen;
                     for (const auto& d : *list) {
                       if (std::find(seen.begin(), seen.end(), d.account_id) != seen.end()) continue;
                       seen.push_back(d.account_id);
                       auto account = org::GetAccount(txn, *o, d.account_id);
                       if (!account.ok()) return account.error();
                       all.push_back(DelegatedAdminJson(*o, *account, d.enabled));
                     }
                     boost::json::object result;
                     auto page = Page(ctx, std::move(all), &result);
                     if (!page.ok()) return page.error();
                     result["DelegatedAdministrators"] = std::move(*page);
                     return Out(std::move(result), false);
                   }));
  ops.push_back(Op(deps, "ListDelegatedServicesForAccount", true, EntityResource(deps, "AccountId"),
                   [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
                     auto o = ManagedOrganization(ctx, txn);
                     if (!o.ok()) return o.error();
                     auto list = org::DelegatedServicesOf(txn, *o, RequiredString(ctx, "AccountId"));
                     if (!list.ok()) return list.error();
                     if (list->empty()) {
                       return core::Error{"AccountNotRegisteredException",
                                          "The provided account is not a registered delegated administrator for your organization."};
                     }
                     boost::json::array all;
                     for (const auto& d : *list) {
                       all.push_back(boost::json::object{{"ServicePrincipal", d.service_principal},
                                                         {"DelegationEnabledDate", d.enabled}});
                     }
                     boost::json::object result;
                     auto page = Page(ctx, std::move(all), &result);
                     if (!page.ok()) return page.error();
                     result["DelegatedServices"] = std::move(*page);
                     return Out(std::move(result), false);
                   }));
  return ops;
}

}  // namespace bulwark::services::org_ops
