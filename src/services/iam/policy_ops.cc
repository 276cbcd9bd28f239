// Customer managed policies and their versions.
#include "iam/attachments.h"
#include "iam/ids.h"
#include "iam/managed_policies.h"
#include "services/iam/iam_common.h"
#include "services/iam/iam_operations.h"

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

namespace bulwark::services::iam_ops {

namespace {

Operation Make(const char* name, bool read_only) {
  Operation op;
  op.name = name;
  op.action = std::string("iam:") + name;
  op.read_only = read_only;
  op.resource = PolicyResource("PolicyArn");
  return op;
}

// IAM returns policy documents URL-encoded (RFC 3986) in the query protocol.
std::string EncodedDocument(const std::string& document) {
  return boost::urls::encode(document, boost::urls::unreserved_chars);
}

boost::json::object VersionJson(const iam::PolicyVersion& v, bool with_document) {
  boost::json::object o{{"VersionId", v.version_id}, {"IsDefaultVersion", v.is_default}, {"CreateDate", core::IsoTime(v.created)}};
  if (with_document) o["Document"] = EncodedDocument(v.document);
  return o;
}

core::Result<std::string> IdentityDocument(const CallContext& ctx) {
  return PolicyDocumentParam(ctx, "PolicyDocument", policy::PolicyKind::kIdentity, policy::PolicyQuotas::kManagedPolicy);
}

Operation CreatePolicy() {
  Operation op = Make("CreatePolicy", false);
  op.resource = [](const CallContext& ctx) -> ResourceRef {
    return ResourceRef{iam::PolicyArn(ctx.account_id, OptionalString(ctx, "Path").value_or("/"),
                                      OptionalString(ctx, "PolicyName").value_or("")),
                       "AWS::IAM::Policy"};
  };
  op.condition_keys = RequestTagKeys;
  op.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    const std::string name = RequiredString(ctx, "PolicyName");
    const std::string path = OptionalString(ctx, "Path").value_or("/");
    auto document = IdentityDocument(ctx);
    if (!document.ok()) return document.error();
    auto tags = TagsParam(ctx);
    if (!tags.ok()) return tags.error();
    auto id = iam::NewUniqueId(iam::kPolicyIdPrefix);
    if (!id.ok()) return id.error();
    iam::ManagedPolicy p;
    p.account_id = ctx.account_id;
    p.arn = iam::PolicyArn(ctx.account_id, path, name);
    p.name = name;
    p.id = *id;
    p.path = path;
    p.description = OptionalString(ctx, "Description").value_or("");
    p.default_version = "v1";
    p.created = p.updated = ctx.now;
    if (auto s = iam::InsertPolicy(txn, p, *document); !s.ok()) return s.error();
    if (!tags->empty()) {
      if (auto s = iam::PutTags(txn, p.arn, *tags); !s.ok()) return s.error();
    }
    return Outcome(boost::json::object{{"Policy", PolicyJson(p, &*tags)}}, true);
  };
  return op;
}

Operation GetPolicy() {
  Operation op = Make("GetPolicy", true);
  op.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    const std::string arn = RequiredString(ctx, "PolicyArn");
    auto p = iam::GetPolicy(txn, ctx.account_id, arn);
    if (!p.ok()) return p.error();
    auto tags = iam::ListTags(txn, p->arn);
    if (!tags.ok()) return tags.error();
    return Outcome(boost::json::object{{"Policy", PolicyJson(*p, &*tags)}}, false);
  };
  return op;
}

Operation ListPolicies() {
  Operation op = Make("ListPolicies", true);
  op.resource = nullptr;
  op.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    auto paging = PagingParams(ctx);
    if (!paging.ok()) return paging.error();
    auto page = iam::ListPolicies(txn, ctx.account_id, OptionalString(ctx, "Scope").value_or("All"),
                                  OptionalBool(ctx, "OnlyAttached").value_or(false),
                                  OptionalString(ctx, "PathPrefix").value_or("/"), paging->marker, paging->max_items);
    if (!page.ok()) return page.error();
    boost::json::array list;
    for (const auto& p : page->policies) list.push_back(PolicyJson(p, nullptr));
    boost::json::object result{{"Policies", std::move(list)}};
    SetPage(result, page->next_marker);
    return Outcome(std::move(result), false);
  };
  return op;
}

Operation DeletePolicy() {
  Operation op = Make("DeletePolicy", false);
  op.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    const std::string arn = RequiredString(ctx, "PolicyArn");
    if (auto s = iam::DeletePolicy(txn, arn); !s.ok()) return s.error();
    return Outcome({}, true);
  };
  return op;
}

Operation CreatePolicyVersion() {
  Operation op = Make("CreatePolicyVersion", false);
  op.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    const std::string arn = RequiredString(ctx, "PolicyArn");
    auto document = IdentityDocument(ctx);
    if (!document.ok()) return document.error();
    const bool set_default = OptionalBool(ctx, "SetAsDefault").value_or(false);
    auto id = iam::CreatePolicyVersion(txn, arn, *document, set_default, ctx.now);
    if (!id.ok()) return id.error();
    iam::PolicyVersion v{*id, *document, set_default, ctx.now};
    return Outcome(boost::json::object{{"PolicyVersion", VersionJson(v, false)}}, true);
  };
  return op;
}

Operation GetPolicyVersion() {
  Operation op = Make("GetPolicyVersion", true);
  op.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    const std::string arn = RequiredString(ctx, "PolicyArn");
    const std::string version = RequiredString(ctx, "VersionId");
    auto v = iam::GetPolicyVersion(txn, arn, version);
    if (!v.ok()) return v.error();
    return Outcome(boost::json::object{{"PolicyVersion", VersionJson(*v, true)}}, false);
  };
  return op;
}

Operation ListPolicyVersions() {
  Operation op = Make("ListPolicyVersions", true);
  op.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    const std::string arn = RequiredString(ctx, "PolicyArn");
    auto versions = iam::ListPolicyVersions(txn, arn);
    if (!versions.ok()) return versions.error();
    boost::json::array list;
    for (const auto& v : *versions) list.push_back(VersionJson(v, false));
    return Outcome(boost::json::object{{"Versions", std::move(list)}, {"IsTruncated", false}}, false);
  };
  return op;
}

Operation DeletePolicyVersion() {
  Operation op = Make("DeletePolicyVersion", false);
  op.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    const std::string arn = RequiredString(ctx, "PolicyArn");
    const std::string version = RequiredString(ctx, "VersionId");
    if (auto s = iam::DeletePolicyVersion(txn, arn, version); !s.ok()) return s.error();
    return Outcome({}, true);
  };
  return op;
}

Operation SetDefaultPolicyVersion() {
  Operation op = Make("SetDefaultPolicyVersion", false);
  op.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    const std::string arn = RequiredString(ctx, "PolicyArn");
    const std::string version = RequiredString(ctx, "VersionId");
    if (auto s = iam::SetDefaultPolicyVersion(txn, arn, version, ctx.now); !s.ok()) return s.error();
    return Outcome({}, true);
  };
  return op;
}

Operation ListEntitiesForPolicy() {
  Operation op = Make("ListEntitiesForPolicy", true);
  op.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    const std::string arn = RequiredString(ctx, "PolicyArn");
    auto p = iam::GetPolicy(txn, ctx.account_id, arn);
    if (!p.ok()) return p.error();
    auto entities = iam::EntitiesForPolicy(txn, ctx.account_id, arn);
    if (!entities.ok()) return entities.error();
    boost::json::array users, groups, roles;
    for (const auto& e : *entities) {
      auto full = iam::FindEntity(txn, ctx.account_id, e.kind, e.name);
      if (!full.ok()) return full.error();
      if (!*full) continue;
      if (e.kind == iam::EntityKind::kUser) users.push_back({{"UserName", e.name}, {"UserId", (*full)->id}});
      if (e.kind == iam::EntityKind::kGroup) groups.push_back({{"GroupName", e.name}, {"GroupId", (*full)->id}});
      if (e.kind == iam::EntityKind::kRole) roles.push_back({{"RoleName", e.name}, {"RoleId", (*full)->id}});
    }
    return Outcome(boost::json::object{{"PolicyUsers", std::move(users)},
                                       {"PolicyGroups", std::move(groups)},
                                       {"PolicyRoles", std::move(roles)},
                                       {"IsTruncated", false}},
                   false);
  };
  return op;
}

}  // namespace

OperationList PolicyOperations(const IamDeps&) {
  return {CreatePolicy(),        GetPolicy(),        ListPolicies(),        DeletePolicy(),
          CreatePolicyVersion(), GetPolicyVersion(), ListPolicyVersions(),  DeletePolicyVersion(),
          SetDefaultPolicyVersion(), ListEntitiesForPolicy()};
}

}  // namespace bulwark::services::iam_ops
