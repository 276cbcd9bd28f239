// Tags on users, roles and customer managed policies: Tag*, Untag*, List*Tags.
#include "iam/entities.h"
#include "iam/managed_policies.h"
#include "services/iam/iam_common.h"
#include "services/iam/iam_operations.h"

namespace bulwark::services::iam_ops {

namespace {

struct Target {
  const char* title;  // "User", "Role", "Policy"
  const char* param;  // "UserName", "RoleName", "PolicyArn"
  std::optional<iam::EntityKind> kind;  // nullopt for policies
};

// The resource's ARN, after checking it exists.
core::Result<std::string> ResolveArn(const Target& t, const CallContext& ctx, store::Transaction& txn) {
  if (t.kind) {
    auto name = Required(ctx, ParamSpec{t.param, Charset::kName, 1, 128});
    if (!name.ok()) return name.error();
    auto e = iam::GetEntity(txn, *t.kind, *name);
    if (!e.ok()) return e.error();
    return e->arn;
  }
  auto arn = Required(ctx, ParamSpec{t.param, Charset::kArn, 20, 2048});
  if (!arn.ok()) return arn.error();
  auto p = iam::GetPolicy(txn, *arn);
  if (!p.ok()) return p.error();
  if (p->aws_managed) return core::Error{"InvalidInput", "AWS managed policies cannot be tagged."};
  return p->arn;
}

std::function<ResourceRef(const CallContext&)> ResourceOf(const IamDeps& deps, const Target& t) {
  return t.kind ? EntityResource(deps, *t.kind, t.param) : PolicyResource(t.param);
}

Operation TagOp(const IamDeps& deps, Target t) {
  Operation op;
  op.name = std::string("Tag") + t.title;
  op.action = "iam:" + op.name;
  op.read_only = false;
  op.resource = ResourceOf(deps, t);
  op.condition_keys = RequestTagKeys;
  op.execute = [t](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    auto arn = ResolveArn(t, ctx, txn);
    if (!arn.ok()) return arn.error();
    auto tags = TagsParam(ctx);
    if (!tags.ok()) return tags.error();
    if (tags->empty()) {
      return ValidationError("1 validation error detected: Value '[]' at 'tags' failed to satisfy constraint: Member "
                             "must have length greater than or equal to 1");
    }
    if (auto s = iam::PutTags(txn, *arn, *tags); !s.ok()) return s.error();
    return Outcome({}, true);
  };
  return op;
}

Operation UntagOp(const IamDeps& deps, Target t) {
  Operation op;
  op.name = std::string("Untag") + t.title;
  op.action = "iam:" + op.name;
  op.read_only = false;
  op.resource = ResourceOf(deps, t);
  op.condition_keys = RequestTagKeys;
  op.execute = [t](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    auto arn = ResolveArn(t, ctx, txn);
    if (!arn.ok()) return arn.error();
    auto keys = TagKeysParam(ctx);
    if (!keys.ok()) return keys.error();
    if (auto s = iam::RemoveTags(txn, *arn, *keys); !s.ok()) return s.error();
    return Outcome({}, true);
  };
  return op;
}

Operation ListOp(const IamDeps& deps, Target t) {
  Operation op;
  op.name = std::string("List") + t.title + "Tags";
  op.action = "iam:" + op.name;
  op.resource = ResourceOf(deps, t);
  op.execute = [t](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    auto arn = ResolveArn(t, ctx, txn);
    if (!arn.ok()) return arn.error();
    auto tags = iam::ListTags(txn, *arn);
    if (!tags.ok()) return tags.error();
    return Outcome(boost::json::object{{"Tags", TagsJson(*tags)}, {"IsTruncated", false}}, false);
  };
  return op;
}

}  // namespace

OperationList TagOperations(const IamDeps& deps) {
  OperationList ops;
  for (const Target& t : {Target{"User", "UserName", iam::EntityKind::kUser},
                          Target{"Role", "RoleName", iam::EntityKind::kRole}, Target{"Policy", "PolicyArn", std::nullopt}}) {
    ops.push_back(TagOp(deps, t));
    ops.push_back(UntagOp(deps, t));
    ops.push_back(ListOp(deps, t));
  }
  return ops;
}

}  // namespace bulwark::services::iam_ops
