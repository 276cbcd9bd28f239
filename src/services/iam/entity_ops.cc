// Users, groups and roles: create, get, list, delete, update; permissions boundaries; group
// membership. The three kinds share their life cycle, so one set of builders makes all of them.
#include "iam/attachments.h"
#include "iam/ids.h"
#include "iam/policy_principals.h"
#include "services/iam/iam_common.h"
#include "services/iam/iam_operations.h"

namespace bulwark::services::iam_ops {

namespace {

using iam::EntityKind;

const char* Title(EntityKind k) {
  return k == EntityKind::kUser ? "User" : k == EntityKind::kGroup ? "Group" : "Role";
}
const char* IdPrefix(EntityKind k) {
  return k == EntityKind::kUser ? "AIDA" : k == EntityKind::kGroup ? "AGPA" : "AROA";
}

// The parameter names outlive the operations: they are referenced by the lambdas.
const char* StaticName(EntityKind k) {
  return k == EntityKind::kUser ? "UserName" : k == EntityKind::kGroup ? "GroupName" : "RoleName";
}

// A boundary must be a managed policy that exists in the account (or an AWS managed one).
core::Status CheckBoundary(store::Transaction& txn, const std::string& account, const std::string& arn) {
  auto policy = iam::GetPolicy(txn, account, arn);
  if (policy.ok() && !policy->aws_managed && policy->account_id != account) policy = iam::NoSuchPolicy(arn);
  if (!policy.ok()) {
    if (policy.error().code == "NoSuchEntity") {
      return core::Error{"NoSuchEntity", "Scope ARN: " + arn + " does not exist or is not attachable."};
    }
    return policy.error();
  }
  return core::Status::Ok();
}

std::map<std::string, std::vector<std::string>> BoundaryAndTagKeys(const CallContext& ctx) {
  auto keys = RequestTagKeys(ctx);
  if (auto b = OptionalString(ctx, "PermissionsBoundary")) keys["iam:PermissionsBoundary"] = {*b};
  return keys;
}

Operation Create(const IamDeps& /*deps*/, EntityKind kind) {
  Operation op;
  op.name = "Create" + std::string(Title(kind));
  op.action = "iam:" + op.name;
  op.read_only = false;
  op.resource = NewEntityResource(kind, StaticName(kind));
  op.condition_keys = BoundaryAndTagKeys;
  op.execute = [kind](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    iam::Entity e;
    e.account_id = ctx.account_id;
    e.kind = kind;
    e.name = RequiredString(ctx, StaticName(kind));
    e.path = OptionalString(ctx, "Path").value_or("/");
    e.arn = iam::EntityArn(kind, ctx.account_id, e.path, e.name);
    e.created = ctx.now;
    std::vector<iam::Tag> tags;
    if (kind != EntityKind::kGroup) {
      auto t = TagsParam(ctx);
      if (!t.ok()) return t.error();
      tags = std::move(t.value());
      if (auto boundary = OptionalString(ctx, "PermissionsBoundary")) {
        if (auto s = CheckBoundary(txn, ctx.account_id, *boundary); !s.ok()) return s.error();
        e.boundary_arn = *boundary;
      }
    }
    if (kind == EntityKind::kRole) {
      auto trust = PolicyDocumentParam(ctx, "AssumeRolePolicyDocument", policy::PolicyKind::kTrust,
                                       policy::PolicyQuotas::kTrustPolicy);
      if (!trust.ok()) return trust.error();
      e.trust_policy = *trust;
      e.description = OptionalString(ctx, "Description").value_or("");
      e.max_session_duration = OptionalInt(ctx, "MaxSessionDuration").value_or(3600);
    }
    auto id = iam::NewUniqueId(IdPrefix(kind));
    if (!id.ok()) return id.error();
    e.id = *id;
    if (auto s = iam::InsertEntity(txn, e); !s.ok()) return s.error();
    if (kind == EntityKind::kRole) {
      if (auto s = iam::BindPolicyPrincipals(txn, e.id, e.trust_policy, ctx.account_id); !s.ok()) return s.error();
    }
    if (!tags.empty()) {
      if (auto s = iam::PutTags(txn, e.arn, tags); !s.ok()) return s.error();
    }
    return Outcome(boost::json::object{{Title(kind), EntityJson(e, &tags)}}, true);
  };
  return op;
}

// GetUser without a name describes the caller (root included, as AWS does).
OperationOutcome DescribeCaller(const CallContext& ctx) {
  boost::json::object user{{"UserId", ctx.caller->principal_id}, {"Arn", ctx.caller->arn}, {"Path", "/"}};
  return Outcome(boost::json::object{{"User", std::move(user)}}, false);
}

Operation Get(const IamDeps& deps, EntityKind kind) {
  Operation op;
  op.name = "Get" + std::string(Title(kind));
  op.action = "iam:" + op.name;
  op.resource = kind == EntityKind::kUser ? UserOrSelfResource(deps, "UserName") : EntityResource(deps, kind, StaticName(kind));
  op.execute = [kind](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    std::string name;
    if (kind == EntityKind::kUser) {
      if (Member(ctx, "UserName") == nullptr && ctx.caller->kind == core::CallerKind::kRoot) return DescribeCaller(ctx);
      auto n = UserOrSelf(ctx);
      if (!n.ok()) return n.error();
      name = *n;
    } else {
      name = RequiredString(ctx, StaticName(kind));
    }
    auto e = iam::GetEntity(txn, ctx.account_id, kind, name);
    if (!e.ok()) return e.error();
    auto tags = iam::ListTags(txn, e->arn);
    if (!tags.ok()) return tags.error();
    boost::json::object result{{Title(kind), EntityJson(*e, &*tags)}};
    if (kind == EntityKind::kGroup) {
      auto users = iam::UsersInGroup(txn, ctx.account_id, e->name);
      if (!users.ok()) return users.error();
      boost::json::array list;
      for (const auto& u : *users) list.push_back(EntityJson(u, nullptr));
      result["Users"] = std::move(list);
      result["IsTruncated"] = false;
    }
    return Outcome(std::move(result), false);
  };
  return op;
}

Operation List(EntityKind kind) {
  Operation op;
  op.name = "List" + std::string(Title(kind)) + "s";
  op.action = "iam:" + op.name;
  op.execute = [kind](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    auto paging = PagingParams(ctx);
    if (!paging.ok()) return paging.error();
    const std::string prefix = OptionalString(ctx, "PathPrefix").value_or("/");
    auto page = iam::ListEntities(txn, ctx.account_id, kind, prefix, paging->marker, paging->max_items);
    if (!page.ok()) return page.error();
    boost::json::array list;
    for (const auto& e : page->entities) list.push_back(EntityJson(e, nullptr));
    boost::json::object result{{std::string(Title(kind)) + "s", std::move(list)}};
    SetPage(result, page->next_marker);
    return Outcome(std::move(result), false);
  };
  return op;
}

Operation Delete(const IamDeps& deps, EntityKind kind) {
  Operation op;
  op.name = "Delete" + std::string(Title(kind));
  op.action = "iam:" + op.name;
  op.read_only = false;
  op.resource = EntityResource(deps, kind, StaticName(kind));
  op.execute = [kind, deps](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    const std::string name = RequiredString(ctx, StaticName(kind));
    if (kind == EntityKind::kRole) {
      // The role's trust-policy bindings go with it.
      auto role = iam::FindEntity(txn, ctx.account_id, kind, name);
      if (!role.ok()) return role.error();
      if (*role) {
        if (auto s = iam::DeletePolicyPrincipals(txn, ctx.account_id, (*role)->id); !s.ok()) return s.error();
      }
    }
    if (auto s = iam::DeleteEntity(txn, ctx.account_id, kind, name); !s.ok()) return s.error();
    if (deps.credentials_changed) deps.credentials_changed();
    return Outcome({}, true);
  };
  return op;
}

Operation PutBoundary(const IamDeps& deps, EntityKind kind) {
  Operation op;
  op.name = "Put" + std::string(Title(kind)) + "PermissionsBoundary";
  op.action = "iam:" + op.name;
  op.read_only = false;
  op.resource = EntityResource(deps, kind, StaticName(kind));
  op.condition_keys = BoundaryAndTagKeys;
  op.execute = [kind](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    const std::string name = RequiredString(ctx, StaticName(kind));
    const std::string boundary = RequiredString(ctx, "PermissionsBoundary");
    if (auto s = CheckBoundary(txn, ctx.account_id, boundary); !s.ok()) return s.error();
    if (auto s = iam::SetBoundary(txn, ctx.account_id, kind, name, boundary); !s.ok()) return s.error();
    return Outcome({}, true);
  };
  return op;
}

Operation DeleteBoundary(const IamDeps& deps, EntityKind kind) {
  Operation op;
  op.name = "Delete" + std::string(Title(kind)) + "PermissionsBoundary";
  op.action = "iam:" + op.name;
  op.read_only = false;
  op.resource = EntityResource(deps, kind, StaticName(kind));
  op.execute = [kind](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    if (auto s = iam::SetBoundary(txn, ctx.account_id, kind, RequiredString(ctx, StaticName(kind)), ""); !s.ok()) return s.error();
    return Outcome({}, true);
  };
  return op;
}

Operation UpdateRole(const IamDeps& deps) {
  Operation op;
  op.name = "UpdateRole";
  op.action = "iam:UpdateRole";
  op.read_only = false;
  op.resource = EntityResource(deps, EntityKind::kRole, "RoleName");
  op.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    const std::string name = RequiredString(ctx, "RoleName");
    const std::optional<std::string> description = OptionalString(ctx, "Description");
    const std::optional<int64_t> duration = OptionalInt(ctx, "MaxSessionDuration");
    if (auto s = iam::UpdateRoleFields(txn, ctx.account_id, name, description ? &*description : nullptr,
                                       duration ? &*duration : nullptr, nullptr);
        !s.ok()) {
      return s.error();
    }
    return Outcome({}, true);
  };
  return op;
}

Operation UpdateAssumeRolePolicy(const IamDeps& deps) {
  Operation op;
  op.name = "UpdateAssumeRolePolicy";
  op.action = "iam:UpdateAssumeRolePolicy";
  op.read_only = false;
  op.resource = EntityResource(deps, EntityKind::kRole, "RoleName");
  op.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    auto trust = PolicyDocumentParam(ctx, "PolicyDocument", policy::PolicyKind::kTrust, policy::PolicyQuotas::kTrustPolicy);
    if (!trust.ok()) return trust.error();
    const std::string name = RequiredString(ctx, "RoleName");
    if (auto s = iam::UpdateRoleFields(txn, ctx.account_id, name, nullptr, nullptr, &*trust); !s.ok()) return s.error();
    auto role = iam::FindEntity(txn, ctx.account_id, EntityKind::kRole, name);
    if (!role.ok()) return role.error();
    if (*role) {
      if (auto s = iam::BindPolicyPrincipals(txn, (*role)->id, *trust, ctx.account_id); !s.ok()) return s.error();
    }
    return Outcome({}, true);
  };
  return op;
}

Operation Membership(const IamDeps& deps, bool add) {
  Operation op;
  op.name = add ? "AddUserToGroup" : "RemoveUserFromGroup";
  op.action = "iam:" + op.name;
  op.read_only = false;
  op.resource = EntityResource(deps, EntityKind::kGroup, "GroupName");
  op.execute = [add](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    const std::string group = RequiredString(ctx, "GroupName");
    const std::string user = RequiredString(ctx, "UserName");
    core::Status s = add ? iam::AddUserToGroup(txn, ctx.account_id, group, user) : iam::RemoveUserFromGroup(txn, ctx.account_id, group, user);
    if (!s.ok()) return s.error();
    return Outcome({}, true);
  };
  return op;
}

Operation ListGroupsForUser(const IamDeps& deps) {
  Operation op;
  op.name = "ListGroupsForUser";
  op.action = "iam:ListGroupsForUser";
  op.resource = EntityResource(deps, EntityKind::kUser, "UserName");
  op.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    auto e = iam::GetEntity(txn, ctx.account_id, EntityKind::kUser, RequiredString(ctx, "UserName"));
    if (!e.ok()) return e.error();
    auto groups = iam::GroupsOfUser(txn, ctx.account_id, e->name);
    if (!groups.ok()) return groups.error();
    boost::json::array list;
    for (const auto& g : *groups) list.push_back(EntityJson(g, nullptr));
    return Outcome(boost::json::object{{"Groups", std::move(list)}, {"IsTruncated", false}}, false);
  };
  return op;
}

}  // namespace

OperationList EntityOperations(const IamDeps& deps) {
  OperationList ops;
  for (EntityKind kind : {EntityKind::kUser, EntityKind::kGroup, EntityKind::kRole}) {
    ops.push_back(Create(deps, kind));
    ops.push_back(Get(deps, kind));
    ops.push_back(List(kind));
    ops.push_back(Delete(deps, kind));
    if (kind != EntityKind::kGroup) {
      ops.push_back(PutBoundary(deps, kind));
      ops.push_back(DeleteBoundary(deps, kind));
    }
  }
  ops.push_back(UpdateRole(deps));
  ops.push_back(UpdateAssumeRolePolicy(deps));
  ops.push_back(Membership(deps, true));
  ops.push_back(Membership(deps, false));
  ops.push_back(ListGroupsForUser(deps));
  return ops;
}

}  // namespace bulwark::services::iam_ops
