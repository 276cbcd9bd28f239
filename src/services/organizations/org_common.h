// What the Organizations operations share: their dependencies, who may call what (the management
// account; members only where AWS lets them), paging, the output shapes, and the resource ARNs the
// pipeline authorizes (Service Authorization Reference, "AWS Organizations": organization, root,
// ou, account and policy resource types).
// Thread-safety: pure functions, except the resource lookups, which read the store.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "org/org_store.h"
#include "services/input.h"
#include "services/service.h"
#include "store/store.h"

namespace bulwark::services::org_ops {

struct OrgDeps {
  std::shared_ptr<store::Store> store;  // For resource lookups before the call's transaction.
  // Called inside every transaction that changes the organization, so cached guardrails
  // (org/guardrails.h) are rebuilt.
  std::function<void()> organization_changed;
};

using OperationList = std::vector<Operation>;
using Exec = std::function<core::Result<OperationOutcome>(const CallContext&, store::Transaction&)>;

// An operation "organizations:<name>"; a mutation calls Changed(deps) in its transaction first.
Operation Op(const OrgDeps& deps, std::string name, bool read_only, std::function<ResourceRef(const CallContext&)> resource,
             Exec exec);
// A result; a mutation's is also its record's responseElements.
OperationOutcome Out(boost::json::object result, bool mutation);

// The calling account (the caller's own account: core::Caller::account_id).
const std::string& CallerAccount(const CallContext& ctx);
// The caller's organization, which the caller must manage. Errors: AWSOrganizationsNotInUseException,
// AccessDeniedException for a member account ("You don't have permissions to access this resource.").
core::Result<org::Organization> ManagedOrganization(const CallContext& ctx, store::ReadView& view);
void Changed(const OrgDeps& deps);

// Paging: MaxResults (1..20) and NextToken over a complete, ordered list.
core::Result<boost::json::array> Page(const CallContext& ctx, boost::json::array all, boost::json::object* result);

// Shapes.
boost::json::object OrganizationJson(const org::Organization& o);
boost::json::object RootJson(const org::Organization& o);
boost::json::object AccountJson(const org::Organization& o, const org::Account& a);
boost::json::object OuJson(const org::Organization& o, const org::OrganizationalUnit& ou);
boost::json::object PolicySummaryJson(const org::Organization& o, const org::Policy& p);
boost::json::object CreateAccountStatusJson(const org::CreateAccountStatus& s);
boost::json::array TagsJson(const std::vector<org::Tag>& tags);
// The Tags member (Key/Value required by the model). Errors: InvalidInput DUPLICATE_TAG_KEY.
core::Result<std::vector<org::Tag>> TagsParam(const CallContext& ctx);

// Resources: ARNs of the caller's organization's entities, "*" when there is none. The ARNs name
// the management account; a member account's call (DescribeOrganization, or a management-only
// operation it will be refused) is decided by its own policies, not as a cross-account request
// to the management account, so it is authorized on "*".
using ResourceFn = std::function<ResourceRef(const CallContext&)>;
ResourceFn AnyResource();
// The entity named by member `param`: a root, OU, account or policy id, by its shape.
ResourceFn EntityResource(const OrgDeps& deps, const char* param);
ResourceFn OrganizationResource(const OrgDeps& deps);

OperationList OrganizationOperations(const OrgDeps& deps);
OperationList AccountOperations(const OrgDeps& deps);
OperationList OrganizationalUnitOperations(const OrgDeps& deps);
OperationList PolicyOperations(const OrgDeps& deps);

}  // namespace bulwark::services::org_ops
