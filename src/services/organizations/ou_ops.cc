// Organizational units and the tree: creating, renaming, deleting (only when empty), describing,
// listing OUs, children and parents.
#include "org/org_store.h"
#include "services/organizations/org_common.h"

namespace bulwark::services::org_ops {

namespace {

std::string ParentType(const org::Organization& o, const std::string& id) {
  return id == o.root_id ? "ROOT" : "ORGANIZATIONAL_UNIT";
}

}  // namespace

OperationList OrganizationalUnitOperations(const OrgDeps& deps) {
  OperationList ops;
  ops.push_back(Op(deps, "CreateOrganizationalUnit", false, EntityResource(deps, "ParentId"),
                   [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
                     auto o = ManagedOrganization(ctx, txn);
                     if (!o.ok()) return o.error();
                     auto tags = TagsParam(ctx);
                     if (!tags.ok()) return tags.error();
                     auto ou = org::CreateOrganizationalUnit(txn, *o, RequiredString(ctx, "ParentId"),
                                                             RequiredString(ctx, "Name"), ctx.now);
                     if (!ou.ok()) return ou.error();
                     if (!tags->empty()) {
                       if (auto s = org::TagResource(txn, *o, ou->id, *tags); !s.ok()) return s.error();
                     }
                     return Out(boost::json::object{{"OrganizationalUnit", OuJson(*o, *ou)}}, true);
                   }));
  ops.push_back(Op(deps, "UpdateOrganizationalUnit", false, EntityResource(deps, "OrganizationalUnitId"),
                   [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
                     auto o = ManagedOrganization(ctx, txn);
                     if (!o.ok()) return o.error();
                     const std::string id = RequiredString(ctx, "OrganizationalUnitId");
                     auto name = OptionalString(ctx, "Name");
                     auto ou = name ? org::RenameOrganizationalUnit(txn, *o, id, *name)
                                    : org::GetOrganizationalUnit(txn, *o, id);
                     if (!ou.ok()) return ou.error();
                     return Out(boost::json::object{{"OrganizationalUnit", OuJson(*o, *ou)}}, true);
                   }));
  ops.push_back(Op(deps, "DeleteOrganizationalUnit", false, EntityResource(deps, "OrganizationalUnitId"),
                   [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
                     auto o = ManagedOrganization(ctx, txn);
                     if (!o.ok()) return o.error();
                     auto s = org::DeleteOrganizationalUnit(txn, *o, RequiredString(ctx, "OrganizationalUnitId"));
                     if (!s.ok()) return s.error();
                     return OperationOutcome{};
                   }));
  ops.push_back(Op(deps, "DescribeOrganizationalUnit", true, EntityResource(deps, "OrganizationalUnitId"),
                   [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
                     auto o = ManagedOrganization(ctx, txn);
                     if (!o.ok()) return o.error();
                     auto ou = org::GetOrganizationalUnit(txn, *o, RequiredString(ctx, "OrganizationalUnitId"));
                     if (!ou.ok()) return ou.error();
                     return Out(boost::json::object{{"OrganizationalUnit", OuJson(*o, *ou)}}, false);
                   }));
  ops.push_back(Op(deps, "ListOrganizationalUnitsForParent", true, EntityResource(deps, "ParentId"),
                   [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
                     auto o = ManagedOrganization(ctx, txn);
                     if (!o.ok()) return o.error();
                     auto list = org::OrganizationalUnitsOf(txn, *o, RequiredString(ctx, "ParentId"));
                     if (!list.ok()) return list.error();
                     boost::json::array all;
                     for (const auto& ou : *list) all.push_back(OuJson(*o, ou));
                     boost::json::object result;
                     auto page = Page(ctx, std::move(all), &result);
                     if (!page.ok()) return page.error();
                     result["OrganizationalUnits"] = std::move(*page);
                     return Out(std::move(result), false);
                   }));
  ops.push_back(Op(deps, "ListChildren", true, EntityResource(deps, "ParentId"),
                   [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
                     auto o = ManagedOrganization(ctx, txn);
                     if (!o.ok()) return o.error();
                     const std::string parent = RequiredString(ctx, "ParentId");
                     const std::string type = RequiredString(ctx, "ChildType");
                     boost::json::array all;
                     if (type == "ACCOUNT") {
                       auto list = org::AccountsOf(txn, *o, parent);
                       if (!list.ok()) return list.error();
                       for (const auto& a : *list) all.push_back(boost::json::object{{"Id", a.id}, {"Type", "ACCOUNT"}});
                     } else {
                       auto list = org::OrganizationalUnitsOf(txn, *o, parent);
                       if (!list.ok()) return list.error();
                       for (const auto& ou : *list) {
                         all.push_back(boost::json::object{{"Id", ou.id}, {"Type", "ORGANIZATIONAL_UNIT"}});
                       }
                     }
                     boost::json::object result;
                     auto page = Page(ctx, std::move(all), &result);
                     if (!page.ok()) return page.error();
                     result["Children"] = std::move(*page);
                     return Out(std::move(result), false);
                   }));
  ops.push_back(Op(deps, "ListParents", true, EntityResource(deps, "ChildId"),
                   [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
                     auto o = ManagedOrganization(ctx, txn);
                     if (!o.ok()) return o.error();
                     auto parent = org::ParentOf(txn, *o, RequiredString(ctx, "ChildId"));
                     if (!parent.ok()) return parent.error();
                     boost::json::object result;
                     auto page = Page(ctx, boost::json::array{boost::json::object{{"Id", *parent}, {"Type", ParentType(*o, *parent)}}},
                                      &result);
                     if (!page.ok()) return page.error();
                     result["Parents"] = std::move(*page);
                     return Out(std::move(result), false);
                   }));
  return ops;
}

}  // namespace bulwark::services::org_ops
