// GetAccountAuthorizationDetails: every user, group and role with its inline policies, attached
// managed policies, boundary and tags, and the managed policies with all their versions (customer
// managed ones, and AWS managed ones that are attached somewhere, as IAM answers). Filter selects the
// kinds (User, Role, Group, LocalManagedPolicy, AWSManagedPolicy); MaxItems/Marker page over the
// whole sequence users, groups, roles, policies. Policy documents are URL-encoded, as IAM returns
// them in the query protocol.
#include <algorithm>

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include "iam/attachments.h"
#include "iam/managed_policies.h"
#include "services/iam/iam_common.h"
#include "services/iam/iam_operations.h"

namespace bulwark::services::iam_ops {

namespace {

// The account's size is bounded by IAM's quotas; this bounds one answer's work regardless.
constexpr int kMaxEntitiesPerKind = 10000;

std::string EncodedDocument(const std::string& document) {
  return boost::urls::encode(document, boost::urls::unreserved_chars);
}

struct Item {
  enum class Kind { kUser, kGroup, kRole, kPolicy } kind;
  std::string key;  // Entity name or policy ARN.
};

core::Result<std::vector<std::string>> AllNames(store::ReadView& view, const std::string& account, iam::EntityKind kind) {
  std::vector<std::string> names;
  std::string marker;
  while (static_cast<int>(names.size()) < kMaxEntitiesPerKind) {
    auto page = iam::ListEntities(view, account, kind, "/", marker, 1000);
    if (!page.ok()) return page.error();
    for (const auto& e : page->entities) names.push_back(e.name);
    if (!page->next_marker) break;
    marker = *page->next_marker;
  }
  return names;
}

core::Result<std::vector<std::string>> PolicyArns(store::ReadView& view, const std::string& account, const char* scope, bool only_attached) {
  std::vector<std::string> arns;
  std::string marker;
  while (static_cast<int>(arns.size()) < kMaxEntitiesPerKind) {
    auto page = iam::ListPolicies(view, account, scope, only_attached, "/", marker, 1000);
    if (!page.ok()) return page.error();
    for (const auto& p : page->policies) arns.push_back(p.arn);
    if (!page->next_marker) break;
    marker = *page->next_marker;
  }
  return arns;
}

core::Result<boost::json::array> InlineList(store::ReadView& view, const std::string& account, iam::EntityKind kind, const std::string& name) {
  auto policies = iam::InlinePolicies(view, account, kind, name);
  if (!policies.ok()) return policies.error();
  boost::json::array out;
  for (const auto& p : *policies) {
    out.push_back(boost::json::object{{"PolicyName", p.name}, {"PolicyDocument", EncodedDocument(p.document)}});
  }
  return out;
}

core::Result<boost::json::array> AttachedList(store::ReadView& view, const std::string& account, iam::EntityKind kind, const std::string& name) {
  auto arns = iam::AttachedPolicyArns(view, account, kind, name);
  if (!arns.ok()) return arns.error();
  boost::json::array out;
  for (const auto& arn : *arns) {
    auto policy = iam::GetPolicy(view, account, arn);
    if (!policy.ok()) return policy.error();
    out.push_back(boost::json::object{{"PolicyName", policy->name}, {"PolicyArn", arn}});
  }
  return out;
}

core::Result<boost::json::object> EntityDetail(store::ReadView& view, const std::string& account, iam::EntityKind kind, const std::string& name) {
  auto entity = iam::GetEntity(view, account, kind, name);
  if (!entity.ok()) return entity.error();
  auto tags = iam::ListTags(view, entity->arn);
  if (!tags.ok()) return tags.error();
  boost::json::object o = EntityJson(*entity, kind == iam::EntityKind::kGroup ? nullptr : &*tags);
  auto inline_list = InlineList(view, account, kind, name);
  if (!inline_list.ok()) return inline_list.error();
  auto attached = AttachedList(view, account, kind, name);
  if (!attached.ok()) return attached.error();
  const char* inline_key = kind == iam::EntityKind::kUser    ? "UserPolicyList"
                           : kind == iam::EntityKind::kGroup ? "GroupPolicyList"
                                                             : "RolePolicyList";
  o[inline_key] = std::move(*inline_list);
  o["AttachedManagedPolicies"] = std::move(*attached);
  if (kind == iam::EntityKind::kUser) {
    auto groups = iam::GroupsOfUser(view, account, name);
    if (!groups.ok()) return groups.error();
    boost::json::array names;
    for (const auto& g : *groups) names.emplace_back(g.name);
    o["GroupList"] = std::move(names);
  }
  if (kind == iam::EntityKind::kRole) {
    o["AssumeRolePolicyDocument"] = EncodedDocument(entity->trust_policy);
    o["InstanceProfileList"] = boost::json::array{};
    o.erase("MaxSessionDuration");  // Not a member of RoleDetail.
    o.erase("Description");
  }
  return o;
}

core::Result<boost::json::object> PolicyDetail(store::ReadView& view, const std::string& account, const std::string& arn) {
  auto policy = iam::GetPolicy(view, account, arn);
  if (!policy.ok()) return policy.error();
  auto versions = iam::ListPolicyVersions(view, arn);
  if (!versions.ok()) return versions.error();
  boost::json::array version_list;
  for (const auto& v : *versions) {
    version_list.push_back(boost::json::object{{"Document", EncodedDocument(v.document)},
                                               {"VersionId", v.version_id},
                                               {"IsDefaultVersion", v.is_default},
                                               {"CreateDate", core::IsoTime(v.created)}});
  }
  boost::json::object o = PolicyJson(*policy, nullptr);
  o.erase("Tags");
  o.erase("Description");
  o["PolicyVersionList"] = std::move(version_list);
  return o;
}

Operation GetAccountAuthorizationDetails() {
  Operation op;
  op.name = "GetAccountAuthorizationDetails";
  op.action = "iam:GetAccountAuthorizationDetails";
  op.read_only = true;
  op.resource = [](const CallContext&) { return ResourceRef{"*", ""}; };
  op.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    auto paging = PagingParams(ctx);
    if (!paging.ok()) return paging.error();
    const std::vector<std::string> filter = StringList(ctx, "Filter");  // Values from the model's enum.
    auto wanted = [&](const char* kind) {
      return filter.empty() || std::find(filter.begin(), filter.end(), kind) != filter.end();
    };
    std::vector<Item> items;
    const std::pair<const char*, iam::EntityKind> kinds[] = {
        {"User", iam::EntityKind::kUser}, {"Group", iam::EntityKind::kGroup}, {"Role", iam::EntityKind::kRole}};
    for (const auto& [label, kind] : kinds) {
      if (!wanted(label)) continue;
      auto names = AllNames(txn, ctx.account_id, kind);
      if (!names.ok()) return names.error();
      const Item::Kind item_kind = kind == iam::EntityKind::kUser    ? Item::Kind::kUser
                                   : kind == iam::EntityKind::kGroup ? Item::Kind::kGroup
                                                                     : Item::Kind::kRole;
      for (auto& n : *names) items.push_back(Item{item_kind, std::move(n)});
    }
    if (wanted("LocalManagedPolicy")) {
      auto arns = PolicyArns(txn, ctx.account_id, "Local", false);
      if (!arns.ok()) return arns.error();
      for (auto& a : *arns) items.push_back(Item{Item::Kind::kPolicy, std::move(a)});
    }
    if (wanted("AWSManagedPolicy")) {
      auto arns = PolicyArns(txn, ctx.account_id, "AWS", true);
      if (!arns.ok()) return arns.error();
      for (auto& a : *arns) items.push_back(Item{Item::Kind::kPolicy, std::move(a)});
    }
    std::size_t first = 0;
    if (!paging->marker.empty()) {
      try {
        first = static_cast<std::size_t>(std::stoul(paging->marker));
      } catch (...) {
        return ValidationError("Invalid Marker.");
      }
    }
    boost::json::array users, groups, roles, policies;
    std::size_t i = first;
    for (; i < items.size() && i - first < static_cast<std::size_t>(paging->max_items); ++i) {
      const Item& item = items[i];
      if (item.kind == Item::Kind::kPolicy) {
        auto detail = PolicyDetail(txn, ctx.account_id, item.key);
        if (!detail.ok()) return detail.error();
        policies.push_back(std::move(*detail));
        continue;
      }
      const iam::EntityKind kind = item.kind == Item::Kind::kUser    ? iam::EntityKind::kUser
                                   : item.kind == Item::Kind::kGroup ? iam::EntityKind::kGroup
                                                                     : iam::EntityKind::kRole;
      auto detail = EntityDetail(txn, ctx.account_id, kind, item.key);
      if (!detail.ok()) return detail.error();
      (kind == iam::EntityKind::kUser ? users : kind == iam::EntityKind::kGroup ? groups : roles)
          .push_back(std::move(*detail));
    }
    boost::json::object result{{"UserDetailList", std::move(users)},
                               {"GroupDetailList", std::move(groups)},
                               {"RoleDetailList", std::move(roles)},
                               {"Policies", std::move(policies)}};
    SetPage(result, i < items.size() ? std::optional<std::string>(std::to_string(i)) : std::nullopt);
    return Outcome(std::move(result), false);
  };
  return op;
}

}  // namespace

OperationList AuthorizationDetailsOperations(const IamDeps&) { return {GetAccountAuthorizationDetails()}; }

}  // namespace bulwark::services::iam_ops
