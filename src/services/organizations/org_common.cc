#include "services/organizations/org_common.h"

#include <charconv>
#include <set>

#include "crypto/base64.h"
#include "services/iam/iam_common.h"

namespace bulwark::services::org_ops {

namespace {

constexpr std::string_view kTokenPrefix = "bulwark-org-v1:";
const std::string kEmpty;

bool IsAccountId(std::string_view id) {
  return id.size() == 12 && id.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

Operation Op(const OrgDeps& deps, std::string name, bool read_only, std::function<ResourceRef(const CallContext&)> resource,
             Exec exec) {
  Operation op;
  op.action = "organizations:" + name;
  op.name = std::move(name);
  op.read_only = read_only;
  op.resource = std::move(resource);
  if (read_only) {
    op.execute = std::move(exec);
  } else {
    op.execute = [deps, exec = std::move(exec)](const CallContext& ctx, store::Transaction& txn) {
      Changed(deps);
      return exec(ctx, txn);
    };
  }
  return op;
}

OperationOutcome Out(boost::json::object result, bool mutation) {
  OperationOutcome out;
  if (mutation) out.response_elements = iam_ops::ResponseElements(result);  // lowerCamelCase, as CloudTrail records
  out.result = std::move(result);
  return out;
}

const std::string& CallerAccount(const CallContext& ctx) {
  return ctx.caller != nullptr ? ctx.caller->account_id : kEmpty;
}

core::Result<org::Organization> ManagedOrganization(const CallContext& ctx, store::ReadView& view) {
  auto o = org::OrganizationOf(view, CallerAccount(ctx));
  if (!o.ok()) return o.error();
  if (o->management_account_id != CallerAccount(ctx)) {
    // A member account calling an operation only the management account may call.
    return core::Error{"AccessDeniedException", "You don't have permissions to access this resource."};
  }
  return o;
}

void Changed(const OrgDeps& deps) {
  if (deps.organization_changed) deps.organization_changed();
}

core::Result<boost::json::array> Page(const CallContext& ctx, boost::json::array all, boost::json::object* result) {
  std::size_t max = 20;
  if (auto m = OptionalInt(ctx, "MaxResults")) max = static_cast<std::size_t>(*m);
  std::size_t offset = 0;
  if (auto token = OptionalString(ctx, "NextToken")) {
    auto decoded = crypto::Base64Decode(*token);
    std::size_t value = 0;
    if (!decoded.ok() || !decoded->starts_with(kTokenPrefix) ||
        std::from_chars(decoded->data() + kTokenPrefix.size(), decoded->data() + decoded->size(), value).ec !=
            std::errc() ||
        value > all.size()) {
      return org::InvalidInput("INVALID_NEXT_TOKEN", "You specified an invalid value for nextToken.");
    }
    offset = value;
  }
  boost::json::array page;
  for (std::size_t i = offset; i < all.size() && page.size() < max; ++i) page.push_back(std::move(all[i]));
  if (offset + page.size() < all.size()) {
    (*result)["NextToken"] = crypto::Base64Encode(std::string(kTokenPrefix) + std::to_string(offset + page.size()));
  }
  return page;
}

boost::json::object OrganizationJson(const org::Organization& o) {
  // AvailablePolicyTypes is deprecated and empty on AWS (the root's PolicyTypes says what is enabled).
  return boost::json::object{{"Id", o.id},
                             {"Arn", org::OrganizationArn(o)},
                             {"FeatureSet", "ALL"},
                             {"MasterAccountArn", org::AccountArn(o, o.management_account_id)},
                             {"MasterAccountId", o.management_account_id},
                             {"MasterAccountEmail", o.management_email},
                             {"AvailablePolicyTypes", boost::json::array()}};
}

boost::json::object RootJson(const org::Organization& o) {
  boost::json::array types;
  for (const auto& t : o.enabled_policy_types) types.push_back(boost::json::object{{"Type", t}, {"Status", "ENABLED"}});
  return boost::json::object{{"Id", o.root_id}, {"Arn", org::RootArn(o)}, {"Name", o.root_name}, {"PolicyTypes", types}};
}

boost::json::object AccountJson(const org::Organization& o, const org::Account& a) {
  return boost::json::object{{"Id", a.id},
                             {"Arn", org::AccountArn(o, a.id)},
                             {"Email", a.email},
                             {"Name", a.name},
                             {"Status", a.status},
                             {"State", a.status},
                             {"JoinedMethod", a.joined_method},
                             {"JoinedTimestamp", a.joined}};
}

boost::json::object OuJson(const org::Organization& o, const org::OrganizationalUnit& ou) {
  return boost::json::object{{"Id", ou.id}, {"Arn", org::OuArn(o, ou.id)}, {"Name", ou.name}};
}

boost::json::object PolicySummaryJson(const org::Organization& o, const org::Policy& p) {
  return boost::json::object{{"Id", p.id},
                             {"Arn", org::PolicyArn(o, p.type, p.id, p.aws_managed)},
                             {"Name", p.name},
                             {"Description", p.description},
                             {"Type", p.type},
                             {"AwsManaged", p.aws_managed}};
}

boost::json::object CreateAccountStatusJson(const org::CreateAccountStatus& s) {
  boost::json::object out{{"Id", s.id}, {"AccountName", s.account_name}, {"State", s.state},
                          {"RequestedTimestamp", s.requested}};
  if (s.completed != 0) out["CompletedTimestamp"] = s.completed;
  if (!s.account_id.empty()) out["AccountId"] = s.account_id;
  if (!s.failure_reason.empty()) out["FailureReason"] = s.failure_reason;
  return out;
}

boost::json::array TagsJson(const std::vector<org::Tag>& tags) {
  boost::json::array out;
  for (const auto& t : tags) out.push_back(boost::json::object{{"Key", t.key}, {"Value", t.value}});
  return out;
}

core::Result<std::vector<org::Tag>> TagsParam(const CallContext& ctx) {
  std::vector<org::Tag> tags;
  std::set<std::string> keys;
  if (const boost::json::array* list = ListMember(ctx, "Tags")) {
    for (const auto& item : *list) {
      org::Tag t{FieldString(item, "Key").value_or(""), FieldString(item, "Value").value_or("")};
      if (t.key.starts_with("aws:")) {
        return org::InvalidInput("INVALID_SYSTEM_TAGS_PARAMETER", "You provided a tag key that starts with aws:, which is reserved.");
      }
      if (!keys.insert(t.key).second) return org::InvalidInput("DUPLICATE_TAG_KEY", "Tag keys must be unique.");
      tags.push_back(std::move(t));
    }
  }
  if (tags.size() > static_cast<std::size_t>(org::kMaxTagsPerResource)) {
    return org::ConstraintViolation("MAX_TAG_LIMIT_EXCEEDED", "You have exceeded the maximum number of tags allowed on this resource.");
  }
  return tags;
}

ResourceFn AnyResource() {
  return [](const CallContext&) { return ResourceRef{"*", ""}; };
}

ResourceFn EntityResource(const OrgDeps& deps, const char* param) {
  return [deps, param = std::string(param)](const CallContext& ctx) -> ResourceRef {
    const std::string id = OptionalString(ctx, param).value_or("");
    auto found = deps.store->Read([&](store::ReadView& view) -> core::Result<ResourceRef> {
      auto o = org::FindOrganizationOf(view, CallerAccount(ctx));
      if (!o.ok()) return o.error();
      if (!*o || (*o)->management_account_id != CallerAccount(ctx)) return ResourceRef{"*", ""};
      const org::Organization& org = **o;
      if (id == org.root_id) return ResourceRef{org::RootArn(org), "AWS::Organizations::Root"};
      if (id.starts_with("ou-")) return ResourceRef{org::OuArn(org, id), "AWS::Organizations::OrganizationalUnit"};
      if (IsAccountId(id)) return ResourceRef{org::AccountArn(org, id), "AWS::Organizations::Account"};
      if (id.starts_with("p-")) {
        auto p = org::GetPolicy(view, org, id);
        const std::string type = p.ok() ? p->type : std::string(org::kServiceControlPolicy);
        const bool managed = p.ok() && p->aws_managed;
        return ResourceRef{org::PolicyArn(org, type, id, managed), "AWS::Organizations::Policy"};
      }
      return ResourceRef{"*", ""};
    });
    return found.ok() ? *found : ResourceRef{"*", ""};
  };
}

ResourceFn OrganizationResource(const OrgDeps& deps) {
  return [deps](const CallContext& ctx) -> ResourceRef {
    auto o = deps.store->Read([&](store::ReadView& view) { return org::FindOrganizationOf(view, CallerAccount(ctx)); });
    if (!o.ok() || !*o || (*o)->management_account_id != CallerAccount(ctx)) return ResourceRef{"*", ""};
    return ResourceRef{org::OrganizationArn(**o), "AWS::Organizations::Organization"};
  };
}

}  // namespace bulwark::services::org_ops
