// Organization policies (SCPs, RCPs, tag policies): create, update, delete, describe, list,
// attach and detach, the effective tag policy, and tags on organization resources.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <map>
#include <set>

#include "org/org_store.h"
#include "policy/parser.h"
#include "services/organizations/org_common.h"

namespace bulwark::services::org_ops {

namespace {

core::Error Malformed(std::string message) {
  return core::Error{"MalformedPolicyDocumentException", std::move(message)};
}

// The content rules of each type: SCPs and RCPs in the policy language with their grammar (no
// Principal in SCPs; RCPs Deny-only with Principal "*") and 5,120 characters, white space included
// ("Quotas": "Maximum size of a policy document"); tag policies a JSON object of 10,000.
core::Status CheckContent(const std::string& type, const std::string& content) {
  if (type == org::kServiceControlPolicy || type == org::kResourceControlPolicy) {
    if (content.size() > org::kMaxScpChars) {
      return org::ConstraintViolation("POLICY_CONTENT_LIMIT_EXCEEDED",
                                      "You attempted to create a policy that is larger than the maximum size.");
    }
    policy::ParseOptions options;
    options.kind = type == org::kServiceControlPolicy ? policy::PolicyKind::kServiceControl
                                                      : policy::PolicyKind::kResourceControl;
    auto parsed = policy::ParsePolicy(content, options);
    if (!parsed.ok()) return Malformed("The provided policy document doesn't meet the requirements of the specified policy type. " + parsed.error().message);
    return core::Status::Ok();
  }
  if (type == org::kTagPolicy) {
    if (content.size() > org::kMaxTagPolicyChars) {
      return org::ConstraintViolation("POLICY_CONTENT_LIMIT_EXCEEDED",
                                      "You attempted to create a policy that is larger than the maximum size.");
    }
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(content, ec);
    if (ec || !v.is_object()) return Malformed("The provided policy document isn't a JSON object.");
    for (const auto& [k, _] : v.as_object()) {
      if (k != "tags") return Malformed("The provided policy document doesn't meet the requirements of the specified policy type.");
    }
    return core::Status::Ok();
  }
  return core::Error{"PolicyTypeNotAvailableForOrganizationException",
                     "You can't use the specified policy type with the feature set currently enabled for this organization."};
}

// Tag policy inheritance ("Understanding policy inheritance", "Inheritance operators"): policies
// from the root down to the account are applied in order; @@assign replaces a value, @@append adds
// to a list, @@remove takes values out (or the whole value when it is "*"), and
// @@operators_allowed_for_child_policies limits what lower levels may do at that node and below.
struct Inheritance {
  boost::json::object effective;
  std::map<std::string, std::set<std::string>> allowed;  // path -> operators children may use
};

bool Permitted(const Inheritance& in, const std::string& path, const std::string& op) {
  for (const auto& [prefix, ops] : in.allowed) {
    if (path == prefix || path.starts_with(prefix + "/")) {
      if (ops.count("@@all") == 0 && ops.count(op) == 0) return false;
    }
  }
  return true;
}

void MergeNode(Inheritance& in, boost::json::object& effective, const boost::json::object& node, const std::string& path,
               std::map<std::string, std::set<std::string>>& newly_allowed) {
  for (const auto& [key, value] : node) {
    const std::string k(key);
    const std::string child = path + "/" + k;
    if (k == "@@operators_allowed_for_child_policies") {
      std::set<std::string> ops;
      if (value.is_array()) {
        for (const auto& op : value.as_array()) {
          if (op.is_string()) ops.insert(std::string(op.as_string()));
        }
      }
      newly_allowed[path] = ops;
      continue;
    }
    if (k.starts_with("@@")) continue;
    if (!value.is_object()) continue;
    const boost::json::object& obj = value.as_object();
    if (obj.contains("@@assign") || obj.contains("@@append") || obj.contains("@@remove")) {
      if (const auto* assign = obj.if_contains("@@assign"); assign && Permitted(in, child, "@@assign")) {
        effective[k] = *assign;
      }
      if (const auto* append = obj.if_contains("@@append"); append && Permitted(in, child, "@@append")) {
        boost::json::array list;
        if (auto* current = effective.if_contains(k)) {
          if (current->is_array()) list = current->as_array();
          else list.push_back(*current);
        }
        if (append->is_array()) {
          for (const auto& v : append->as_array()) {
            if (std::find(list.begin(), list.end(), v) == list.end()) list.push_back(v);
          }
        } else if (std::find(list.begin(), list.end(), *append) == list.end()) {
          list.push_back(*append);
        }
        effective[k] = std::move(list);
      }
      if (const auto* remove = obj.if_contains("@@remove"); remove && Permitted(in, child, "@@remove")) {
        if (remove->is_string() && remove->as_string() == "*") {
          effective.erase(k);
        } else if (auto* current = effective.if_contains(k); current && current->is_array()) {
          boost::json::array kept;
          for (const auto& v : current->as_array()) {
            const bool gone = remove->is_array() ? std::find(remove->as_array().begin(), remove->as_array().end(), v) !=
                                                       remove->as_array().end()
                                                 : v == *remove;
            if (!gone) kept.push_back(v);
          }
          effective[k] = std::move(kept);
        }
      }
      if (const auto* ops = obj.if_contains("@@operators_allowed_for_child_policies"); ops && ops->is_array()) {
        std::set<std::string> set;
        for (const auto& op : ops->as_array()) {
          if (op.is_string()) set.insert(std::string(op.as_string()));
        }
        newly_allowed[child] = set;
      }
      continue;
    }
    boost::json::value& sub = effective[k];
    if (!sub.is_object()) sub = boost::json::object();
    MergeNode(in, sub.as_object(), obj, child, newly_allowed);
    if (sub.as_object().empty()) effective.erase(k);
  }
}

void ApplyLevel(Inheritance& in, const std::vector<org::Policy>& policies) {
  std::map<std::string, std::set<std::string>> newly_allowed;
  for (const auto& p : policies) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(p.content, ec);
    if (ec || !v.is_object()) continue;  // Checked on save.
    MergeNode(in, in.effective, v.as_object(), "", newly_allowed);
  }
  // Limits set at a level bind the levels below it, not the policies beside it.
  for (auto& [path, ops] : newly_allowed) in.allowed[path] = std::move(ops);
}

core::Result<OperationOutcome> DescribeEffectivePolicy(const CallContext& ctx, store::Transaction& txn) {
  auto o = org::OrganizationOf(txn, CallerAccount(ctx));
  if (!o.ok()) return o.error();
  const std::string type = RequiredString(ctx, "PolicyType");
  if (type != org::kTagPolicy) {
    return core::Error{"EffectivePolicyNotFoundException", "We can't find an effective policy of that type."};
  }
  std::string target = OptionalString(ctx, "TargetId").value_or(CallerAccount(ctx));
  // A member account sees only its own effective policy.
  if (o->management_account_id != CallerAccount(ctx) && target != CallerAccount(ctx)) {
    return core::Error{"AccessDeniedException", "You don't have permissions to access this resource."};
  }
  auto t = org::GetTarget(txn, *o, target);
  if (!t.ok()) return t.error();
  if (t->kind != org::TargetKind::kAccount) {
    return org::InvalidInput("TARGET_NOT_SUPPORTED", "You can't perform the operation on the requested target type.");
  }
  auto path = org::AncestorsOf(txn, *o, target);
  if (!path.ok()) return path.error();
  path->push_back(target);
  Inheritance in;
  bool any = false;
  for (const auto& level : *path) {
    auto policies = org::PoliciesForTarget(txn, *o, level, org::kTagPolicy);
    if (!policies.ok()) return policies.error();
    any |= !policies->empty();
    ApplyLevel(in, *policies);
  }
  if (!any) return core::Error{"EffectivePolicyNotFoundException", "We can't find an effective policy of that type."};
  boost::json::object policy{{"PolicyContent", boost::json::serialize(in.effective)},
                             {"LastUpdatedTimestamp", ctx.now},
                             {"TargetId", target},
                             {"PolicyType", type}};
  return Out(boost::json::object{{"EffectivePolicy", std::move(policy)}}, false);
}

boost::json::object PolicyJson(const org::Organization& o, const org::Policy& p) {
  return boost::json::object{{"PolicySummary", PolicySummaryJson(o, p)}, {"Content", p.content}};
}

std::string FilterParam(const CallContext& ctx) { return RequiredString(ctx, "Filter"); }

}  // namespace

OperationList PolicyOperations(const OrgDeps& deps) {
  OperationList ops;
  ops.push_back(Op(deps, "CreatePolicy", false, AnyResource(),
                   [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
                     auto o = ManagedOrganization(ctx, txn);
                     if (!o.ok()) return o.error();
                     org::Policy p;
                     p.type = RequiredString(ctx, "Type");
                     p.name = RequiredString(ctx, "Name");
                     p.description = RequiredString(ctx, "Description");
                     p.content = RequiredString(ctx, "Content");
                     if (auto s = CheckContent(p.type, p.content); !s.ok()) return s.error();
                     auto tags = TagsParam(ctx);
                     if (!tags.ok()) return tags.error();
                     auto created = org::CreatePolicy(txn, *o, std::move(p));
                     if (!created.ok()) return created.error();
                     if (!tags->empty()) {
                       if (auto s = org::TagResource(txn, *o, created->id, *tags); !s.ok()) return s.error();
                     }
                     return Out(boost::json::object{{"Policy", PolicyJson(*o, *created)}}, true);
                   }));
  ops.push_back(Op(deps, "UpdatePolicy", false, EntityResource(deps, "PolicyId"),
                   [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
                     auto o = ManagedOrganization(ctx, txn);
                     if (!o.ok()) return o.error();
                     const std::string id = RequiredString(ctx, "PolicyId");
                     auto current = org::GetPolicy(txn, *o, id);
                     if (!current.ok()) return current.error();
                     auto content = OptionalString(ctx, "Content");
                     if (content && !current->aws_managed) {
                       if (auto s = CheckContent(current->type, *content); !s.ok()) return s.error();
                     }
                     auto updated = org::UpdatePolicy(txn, *o, id, OptionalString(ctx, "Name"),
                                                      OptionalString(ctx, "Description"), content);
                     if (!updated.ok()) return updated.error();
                     return Out(boost::json::object{{"Policy", PolicyJson(*o, *updated)}}, true);
                   }));
  ops.push_back(Op(deps, "DeletePolicy", false, EntityResource(deps, "PolicyId"),
                   [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
                     auto o = ManagedOrganization(ctx, txn);
                     if (!o.ok()) return o.error();
                     if (auto s = org::DeletePolicy(txn, *o, RequiredString(ctx, "PolicyId")); !s.ok()) return s.error();
                     return OperationOutcome{};
                   }));
  ops.push_back(Op(deps, "DescribePolicy", true, EntityResource(deps, "PolicyId"),
                   [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
                     auto o = ManagedOrganization(ctx, txn);
                     if (!o.ok()) return o.error();
                     auto p = org::GetPolicy(txn, *o, RequiredString(ctx, "PolicyId"));
                     if (!p.ok()) return p.error();
                     return Out(boost::json::object{{"Policy", PolicyJson(*o, *p)}}, false);
                   }));
  ops.push_back(Op(deps, "ListPolicies", true, AnyResource(),
                   [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
                     auto o = ManagedOrganization(ctx, txn);
                     if (!o.ok()) return o.error();
                     auto list = org::ListPolicies(txn, *o, FilterParam(ctx));
                     if (!list.ok()) return list.error();
                     boost::json::array all;
                     for (const auto& p : *list) all.push_back(PolicySummaryJson(*o, p));
                     boost::json::object result;
                     auto page = Page(ctx, std::move(all), &result);
                     if (!page.ok()) return page.error();
                     result["Policies"] = std::move(*page);
                     return Out(std::move(result), false);
                   }));
  for (bool attach : {true, false}) {
    ops.push_back(Op(deps, attach ? "AttachPolicy" : "DetachPolicy", false, EntityResource(deps, "PolicyId"),
                     [attach](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
                       auto o = ManagedOrganization(ctx, txn);
                       if (!o.ok()) return o.error();
                       const std::string policy = RequiredString(ctx, "PolicyId");
                       const std::string target = RequiredString(ctx, "TargetId");
                       core::Status s = attach ? org::AttachPolicy(txn, *o, policy, target)
                                               : org::DetachPolicy(txn, *o, policy, target);
                       if (!s.ok()) return s.error();
                       return OperationOutcome{};
                     }));
  }
  ops.push_back(Op(deps, "ListPoliciesForTarget", true, EntityResource(deps, "TargetId"),
                   [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
                     auto o = ManagedOrganization(ctx, txn);
                     if (!o.ok()) return o.error();
                     const std::string target = RequiredString(ctx, "TargetId");
                     if (auto t = org::GetTarget(txn, *o, target); !t.ok()) return t.error();
                     auto list = org::PoliciesForTarget(txn, *o, target, FilterParam(ctx));
                     if (!list.ok()) return list.error();
                     boost::json::array all;
                     for (const auto& p : *list) all.push_back(PolicySummaryJson(*o, p));
                     boost::json::object result;
                     auto page = Page(ctx, std::move(all), &result);
                     if (!page.ok()) return page.error();
                     result["Policies"] = std::move(*page);
                     return Out(std::move(result), false);
                   }));
  ops.push_back(Op(deps, "ListTargetsForPolicy", true, EntityResource(deps, "PolicyId"),
                   [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
                     auto o = ManagedOrganization(ctx, txn);
                     if (!o.ok()) return o.error();
                     auto list = org::TargetsForPolicy(txn, *o, RequiredString(ctx, "PolicyId"));
                     if (!list.ok()) return list.error();
                     boost::json::array all;
                     for (const auto& t : *list) {
                       std::string arn = t.kind == org::TargetKind::kRoot ? org::RootArn(*o)
                                         : t.kind == org::TargetKind::kOrganizationalUnit ? org::OuArn(*o, t.id)
                                                                                           : org::AccountArn(*o, t.id);
                       all.push_back(boost::json::object{
                           {"TargetId", t.id}, {"Arn", arn}, {"Name", t.name}, {"Type", org::TargetTypeName(t.kind)}});
                     }
                     boost::json::object result;
                     auto page = Page(ctx, std::move(all), &result);
                     if (!page.ok()) return page.error();
                     result["Targets"] = std::move(*page);
                     return Out(std::move(result), false);
                   }));
  ops.push_back(Op(deps, "DescribeEffectivePolicy", true, AnyResource(), DescribeEffectivePolicy));
  ops.push_back(Op(deps, "TagResource", false, EntityResource(deps, "ResourceId"),
                   [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
                     auto o = ManagedOrganization(ctx, txn);
                     if (!o.ok()) return o.error();
                     auto tags = TagsParam(ctx);
                     if (!tags.ok()) return tags.error();
                     if (auto s = org::TagResource(txn, *o, RequiredString(ctx, "ResourceId"), *tags); !s.ok()) return s.error();
                     return OperationOutcome{};
                   }));
  ops.push_back(Op(deps, "UntagResource", false, EntityResource(deps, "ResourceId"),
                   [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
                     auto o = ManagedOrganization(ctx, txn);
                     if (!o.ok()) return o.error();
                     auto s = org::UntagResource(txn, *o, RequiredString(ctx, "ResourceId"), StringList(ctx, "TagKeys"));
                     if (!s.ok()) return s.error();
                     return OperationOutcome{};
                   }));
  ops.push_back(Op(deps, "ListTagsForResource", true, EntityResource(deps, "ResourceId"),
                   [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
                     auto o = ManagedOrganization(ctx, txn);
                     if (!o.ok()) return o.error();
                     const std::string id = RequiredString(ctx, "ResourceId");
                     if (auto s = org::CheckTaggable(txn, *o, id); !s.ok()) return s.error();
                     auto tags = org::TagsOf(txn, *o, id);
                     if (!tags.ok()) return tags.error();
                     boost::json::object result;
                     auto page = Page(ctx, TagsJson(*tags), &result);
                     if (!page.ok()) return page.error();
                     result["Tags"] = std::move(*page);
                     return Out(std::move(result), false);
                   }));
  return ops;
}

}  // namespace bulwark::services::org_ops
