// Tags on users, roles, customer managed policies and virtual MFA devices: Tag*, Untag*, List*Tags,
// one set of builders over TaggedResource.
#include "iam/entities.h"
#include "iam/managed_policies.h"
#include "services/iam/iam_common.h"
#include "services/iam/iam_operations.h"

namespace bulwark::services::iam_ops {

namespace {

TaggedResource Entity(const IamDeps& deps, const char* title, const char* param, iam::EntityKind kind) {
  return TaggedResource{
      title, EntityResource(deps, kind, param),
      [param, kind](const CallContext& ctx, store::Transaction& txn) -> core::Result<std::string> {
        auto e = iam::GetEntity(txn, ctx.account_id, kind, RequiredString(ctx, param));
        if (!e.ok()) return e.error();
        return e->arn;
      }};
}

TaggedResource Policy() {
  return TaggedResource{
      "Policy", PolicyResource("PolicyArn"),
      [](const CallContext& ctx, store::Transaction& txn) -> core::Result<std::string> {
        auto p = iam::GetPolicy(txn, ctx.account_id, RequiredString(ctx, "PolicyArn"));
        if (!p.ok()) return p.error();
        if (p->aws_managed) return core::Error{"InvalidInput", "AWS managed policies cannot be tagged."};
        return p->arn;
      }};
}

Operation TagOp(const TaggedResource& t) {
  Operation op;
  op.name = std::string("Tag") + t.title;
  op.action = "iam:" + op.name;
  op.read_only = false;
  op.resource = t.resource;
  op.condition_keys = RequestTagKeys;
  op.execute = [resolve = t.resolve](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    auto arn = resolve(ctx, txn);
    if (!arn.ok()) return arn.error();
    auto tags = TagsParam(ctx);
    if (!tags.ok()) return tags.error();
    // The model sets no lower bound on the list; IAM refuses an empty one.
    if (tags->empty()) {
      return ValidationError("1 validation error detected: Value '[]' at 'tags' failed to satisfy constraint: Member "
                             "must have length greater than or equal to 1");
    }
    if (auto s = iam::PutTags(txn, *arn, *tags); !s.ok()) return s.error();
    return Outcome({}, true);
  };
  return op;
}

Operation UntagOp(const TaggedResource& t) {
  Operation op;
  op.name = std::string("Untag") + t.title;
  op.action = "iam:" + op.name;
  op.read_only = false;
  op.resource = t.resource;
  op.condition_keys = RequestTagKeys;
  op.execute = [resolve = t.resolve](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    auto arn = resolve(ctx, txn);
    if (!arn.ok()) return arn.error();
    // The model bounds the list to 50 keys and sets no lower bound; IAM refuses an empty one.
    const std::vector<std::string> keys = StringList(ctx, "TagKeys");
    if (keys.empty()) {
      return ValidationError("1 validation error detected: Value at 'tagKeys' failed to satisfy constraint: Member "
                             "must have length between 1 and 50");
    }
    if (auto s = iam::RemoveTags(txn, *arn, keys); !s.ok()) return s.error();
    return Outcome({}, true);
  };
  return op;
}

Operation ListOp(const TaggedResource& t) {
  Operation op;
  op.name = std::string("List") + t.title + "Tags";
  op.action = "iam:" + op.name;
  op.resource = t.resource;
  op.execute = [resolve = t.resolve](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    auto arn = resolve(ctx, txn);
    if (!arn.ok()) return arn.error();
    auto tags = iam::ListTags(txn, *arn);
    if (!tags.ok()) return tags.error();
    // At most 50 tags per resource: one page.
    return Outcome(boost::json::object{{"Tags", TagsJson(*tags)}, {"IsTruncated", false}}, false);
  };
  return op;
}

}  // namespace

OperationList TagOperations(const IamDeps& deps) {
  OperationList ops;
  for (const TaggedResource& t : {Entity(deps, "User", "UserName", iam::EntityKind::kUser),
                                  Entity(deps, "Role", "RoleName", iam::EntityKind::kRole), Policy(),
                                  MfaDeviceTaggedResource(deps)}) {
    ops.push_back(TagOp(t));
    ops.push_back(UntagOp(t));
    ops.push_back(ListOp(t));
  }
  return ops;
}

}  // namespace bulwark::services::iam_ops
