// Managed policy attachments and inline policies of users, groups and roles.
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include "iam/attachments.h"
#include "iam/managed_policies.h"
#include "services/iam/iam_common.h"
#include "services/iam/iam_operations.h"

namespace bulwark::services::iam_ops {

namespace {

using iam::EntityKind;

const char* Title(EntityKind k) { return k == EntityKind::kUser ? "User" : k == EntityKind::kGroup ? "Group" : "Role"; }
const char* NameKey(EntityKind k) {
  return k == EntityKind::kUser ? "UserName" : k == EntityKind::kGroup ? "GroupName" : "RoleName";
}

std::size_t InlineQuota(EntityKind k) {
  return k == EntityKind::kUser    ? policy::PolicyQuotas::kUserInlineAggregate
         : k == EntityKind::kGroup ? policy::PolicyQuotas::kGroupInlineAggregate
                                   : policy::PolicyQuotas::kRoleInlineAggregate;
}

Operation Base(const IamDeps& deps, EntityKind kind, std::string name, bool read_only) {
  Operation op;
  op.name = std::move(name);
  op.action = "iam:" + op.name;
  op.read_only = read_only;
  op.resource = EntityResource(deps, kind, NameKey(kind));
  return op;
}

Operation Attach(const IamDeps& deps, EntityKind kind, bool attach) {
  Operation op = Base(deps, kind, std::string(attach ? "Attach" : "Detach") + Title(kind) + "Policy", false);
  op.condition_keys = [](const CallContext& ctx) {
    std::map<std::string, std::vector<std::string>> keys;
    if (auto arn = OptionalString(ctx, "PolicyArn")) keys["iam:PolicyARN"] = {*arn};
    return keys;
  };
  op.execute = [kind, attach](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    const std::string name = RequiredString(ctx, NameKey(kind));
    const std::string arn = RequiredString(ctx, "PolicyArn");
    core::Status s = attach ? iam::AttachPolicy(txn, ctx.account_id, kind, name, arn) : iam::DetachPolicy(txn, ctx.account_id, kind, name, arn);
    if (!s.ok()) return s.error();
    return Outcome({}, true);
  };
  return op;
}

Operation ListAttached(const IamDeps& deps, EntityKind kind) {
  Operation op = Base(deps, kind, std::string("ListAttached") + Title(kind) + "Policies", true);
  op.execute = [kind](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    const std::string name = RequiredString(ctx, NameKey(kind));
    auto entity = iam::GetEntity(txn, ctx.account_id, kind, name);
    if (!entity.ok()) return entity.error();
    auto arns = iam::AttachedPolicyArns(txn, ctx.account_id, kind, name);
    if (!arns.ok()) return arns.error();
    boost::json::array list;
    for (const auto& arn : *arns) {
      auto p = iam::GetPolicy(txn, ctx.account_id, arn);
      list.push_back({{"PolicyName", p.ok() ? p->name : arn.substr(arn.rfind('/') + 1)}, {"PolicyArn", arn}});
    }
    return Outcome(boost::json::object{{"AttachedPolicies", std::move(list)}, {"IsTruncated", false}}, false);
  };
  return op;
}

Operation PutInline(const IamDeps& deps, EntityKind kind) {
  Operation op = Base(deps, kind, std::string("Put") + Title(kind) + "Policy", false);
  op.execute = [kind](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    const std::string name = RequiredString(ctx, NameKey(kind));
    const std::string policy_name = RequiredString(ctx, "PolicyName");
    auto document = PolicyDocumentParam(ctx, "PolicyDocument", policy::PolicyKind::kIdentity, InlineQuota(kind));
    if (!document.ok()) return document.error();
    if (auto s = iam::PutInlinePolicy(txn, ctx.account_id, kind, name, policy_name, *document); !s.ok()) return s.error();
    return Outcome({}, true);
  };
  return op;
}

Operation GetInline(const IamDeps& deps, EntityKind kind) {
  Operation op = Base(deps, kind, std::string("Get") + Title(kind) + "Policy", true);
  op.execute = [kind](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    const std::string name = RequiredString(ctx, NameKey(kind));
    const std::string policy_name = RequiredString(ctx, "PolicyName");
    auto p = iam::GetInlinePolicy(txn, ctx.account_id, kind, name, policy_name);
    if (!p.ok()) return p.error();
    auto entity = iam::GetEntity(txn, ctx.account_id, kind, name);
    if (!entity.ok()) return entity.error();
    return Outcome(boost::json::object{{NameKey(kind), entity->name},
                                       {"PolicyName", p->name},
                                       {"PolicyDocument", boost::urls::encode(p->document, boost::urls::unreserved_chars)}},
                   false);
  };
  return op;
}

Operation DeleteInline(const IamDeps& deps, EntityKind kind) {
  Operation op = Base(deps, kind, std::string("Delete") + Title(kind) + "Policy", false);
  op.execute = [kind](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    const std::string name = RequiredString(ctx, NameKey(kind));
    const std::string policy_name = RequiredString(ctx, "PolicyName");
    if (auto s = iam::DeleteInlinePolicy(txn, ctx.account_id, kind, name, policy_name); !s.ok()) return s.error();
    return Outcome({}, true);
  };
  return op;
}

Operation ListInline(const IamDeps& deps, EntityKind kind) {
  Operation op = Base(deps, kind, std::string("List") + Title(kind) + "Policies", true);
  op.execute = [kind](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    const std::string name = RequiredString(ctx, NameKey(kind));
    auto entity = iam::GetEntity(txn, ctx.account_id, kind, name);
    if (!entity.ok()) return entity.error();
    auto policies = iam::InlinePolicies(txn, ctx.account_id, kind, name);
    if (!policies.ok()) return policies.error();
    boost::json::array names;
    for (const auto& p : *policies) names.push_back(boost::json::string(p.name));
    return Outcome(boost::json::object{{"PolicyNames", std::move(names)}, {"IsTruncated", false}}, false);
  };
  return op;
}

}  // namespace

OperationList AttachmentOperations(const IamDeps& deps) {
  OperationList ops;
  for (EntityKind kind : {EntityKind::kUser, EntityKind::kGroup, EntityKind::kRole}) {
    ops.push_back(Attach(deps, kind, true));
    ops.push_back(Attach(deps, kind, false));
    ops.push_back(ListAttached(deps, kind));
    ops.push_back(PutInline(deps, kind));
    ops.push_back(GetInline(deps, kind));
    ops.push_back(DeleteInline(deps, kind));
    ops.push_back(ListInline(deps, kind));
  }
  return ops;
}

}  // namespace bulwark::services::iam_ops
