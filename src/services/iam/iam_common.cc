#include "services/iam/iam_common.h"

#include <boost/json/parse.hpp>

#include "crypto/base64.h"
#include "iam/rows.h"

namespace bulwark::services::iam_ops {

core::Error ValidationError(const std::string& message) { return core::Error{"ValidationError", message}; }

core::Result<Paging> PagingParams(const CallContext& ctx) {
  Paging p;
  if (auto n = OptionalInt(ctx, "MaxItems")) p.max_items = static_cast<int>(*n);
  if (auto m = OptionalString(ctx, "Marker")) {
    auto decoded = crypto::Base64Decode(*m);
    if (!decoded.ok() || !decoded->starts_with("m:")) return ValidationError("Invalid Marker.");
    p.marker = decoded->substr(2);
  }
  return p;
}

void SetPage(boost::json::object& result, const std::optional<std::string>& next_marker) {
  result["IsTruncated"] = next_marker.has_value();
  if (next_marker) result["Marker"] = crypto::Base64Encode("m:" + *next_marker);
}

core::Result<std::string> PolicyDocumentParam(const CallContext& ctx, const char* name, policy::PolicyKind kind,
                                              std::size_t quota) {
  // The model bounds the raw length (131,072 characters, white space included), which protects the
  // parser; the quota is IAM's rule and counts characters without white space. The parser's own
  // bound when given a quota is in raw bytes (a multiple of it), which a policy padded with white
  // space but within the quota could exceed, so the document is parsed without a quota (bounded by
  // the raw length) and its counted size checked here.
  std::string text = RequiredString(ctx, name);
  policy::ParseOptions options;
  options.kind = kind;
  auto parsed = policy::ParsePolicy(text, options);
  if (!parsed.ok()) return parsed.error();
  if (quota != 0 && parsed->size_chars > quota) {
    return core::Error{"LimitExceeded", "Cannot exceed quota for PolicySize: " + std::to_string(quota)};
  }
  return text;
}

core::Result<std::vector<iam::Tag>> TagsParam(const CallContext& ctx) {
  // The model requires each tag's Key and Value and bounds their lengths and the list's.
  std::vector<iam::Tag> tags;
  if (const boost::json::array* list = ListMember(ctx, "Tags")) {
    for (const auto& item : *list) {
      tags.push_back(iam::Tag{FieldString(item, "Key").value_or(""), FieldString(item, "Value").value_or("")});
    }
  }
  if (auto valid = iam::ValidateTags(tags); !valid.ok()) return valid.error();
  return tags;
}

std::map<std::string, std::vector<std::string>> RequestTagKeys(const CallContext& ctx) {
  std::map<std::string, std::vector<std::string>> keys;
  std::vector<std::string> tag_keys;
  if (const boost::json::array* list = ListMember(ctx, "Tags")) {
    for (const auto& item : *list) {
      auto key = FieldString(item, "Key");
      if (!key) continue;
      keys["aws:RequestTag/" + *key] = {FieldString(item, "Value").value_or("")};
      tag_keys.push_back(std::move(*key));
    }
  }
  for (auto& k : StringList(ctx, "TagKeys")) tag_keys.push_back(std::move(k));
  if (!tag_keys.empty()) keys["aws:TagKeys"] = std::move(tag_keys);
  return keys;
}

boost::json::array TagsJson(const std::vector<iam::Tag>& tags) {
  boost::json::array out;
  for (const auto& t : tags) out.push_back(boost::json::object{{"Key", t.key}, {"Value", t.value}});
  return out;
}

boost::json::array QueryMap(const boost::json::object& members) {
  boost::json::array entries;
  for (const auto& [key, value] : members) entries.push_back(boost::json::object{{"key", key}, {"value", value}});
  return entries;
}

boost::json::object EntityJson(const iam::Entity& e, const std::vector<iam::Tag>* tags) {
  const char* name_key = e.kind == iam::EntityKind::kUser ? "UserName" : e.kind == iam::EntityKind::kGroup ? "GroupName" : "RoleName";
  const char* id_key = e.kind == iam::EntityKind::kUser ? "UserId" : e.kind == iam::EntityKind::kGroup ? "GroupId" : "RoleId";
  boost::json::object o{{"Path", e.path}, {name_key, e.name}, {id_key, e.id}, {"Arn", e.arn},
                        {"CreateDate", core::IsoTime(e.created)}};
  if (e.kind == iam::EntityKind::kRole) {
    o["AssumeRolePolicyDocument"] = e.trust_policy;
    if (!e.description.empty()) o["Description"] = e.description;
    o["MaxSessionDuration"] = e.max_session_duration;
  }
  if (!e.boundary_arn.empty()) {
    o["PermissionsBoundary"] =
        boost::json::object{{"PermissionsBoundaryType", "Policy"}, {"PermissionsBoundaryArn", e.boundary_arn}};
  }
  if (tags != nullptr && !tags->empty()) o["Tags"] = TagsJson(*tags);
  return o;
}

boost::json::object PolicyJson(const iam::ManagedPolicy& p, const std::vector<iam::Tag>* tags) {
  boost::json::object o{{"PolicyName", p.name},
                        {"PolicyId", p.id},
                        {"Arn", p.arn},
                        {"Path", p.path},
                        {"DefaultVersionId", p.default_version},
                        {"AttachmentCount", p.attachment_count},
                        {"PermissionsBoundaryUsageCount", 0},
                        {"IsAttachable", true},
                        {"CreateDate", core::IsoTime(p.created)},
                        {"UpdateDate", core::IsoTime(p.updated)}};
  if (!p.description.empty()) o["Description"] = p.description;
  if (tags != nullptr && !tags->empty()) o["Tags"] = TagsJson(*tags);
  return o;
}

boost::json::value ResponseElements(const boost::json::value& v) {
  if (v.is_object()) {
    boost::json::object out;
    for (const auto& [k, member] : v.get_object()) {
      std::string key(k);
      if (!key.empty() && key[0] >= 'A' && key[0] <= 'Z') key[0] = static_cast<char>(key[0] - 'A' + 'a');
      out[key] = ResponseElements(member);
    }
    return out;
  }
  if (v.is_array()) {
    boost::json::array out;
    for (const auto& item : v.get_array()) out.push_back(ResponseElements(item));
    return out;
  }
  return v;
}

core::Result<std::optional<AccessKeyUse>> LastUseOfAccessKey(store::ReadView& view, const iam::AccessKeyRecord& key) {
  const std::string owner = key.kind == core::CallerKind::kRoot ? "root" : key.user_name;
  auto row = view.QueryOne(
      "SELECT event_time, event_source, record FROM trail_events WHERE account_id = ? AND access_key_id = ? "
      "AND username = ? ORDER BY seq DESC LIMIT 1",
      {store::Value(key.account_id), store::Value(key.access_key_id), store::Value(owner)});
  if (!row.ok()) return row.error();
  if (!*row) return std::optional<AccessKeyUse>();
  AccessKeyUse use;
  use.time = iam::IntAt(**row, 0);
  const std::string source = iam::TextAt(**row, 1);
  use.service = source.substr(0, source.find('.'));
  boost::system::error_code ec;
  boost::json::value record = boost::json::parse(iam::TextAt(**row, 2), ec);
  if (!ec && record.is_object()) {
    if (const auto* region = record.as_object().if_contains("awsRegion"); region && region->is_string()) {
      use.region = std::string(region->as_string());
    }
  }
  return std::optional<AccessKeyUse>(std::move(use));
}

OperationOutcome Outcome(boost::json::object result, bool mutation) {
  OperationOutcome out;
  if (mutation) out.response_elements = result.empty() ? boost::json::value(nullptr) : ResponseElements(result);
  out.result = std::move(result);
  return out;
}

namespace {

ResourceRef LookupEntity(const IamDeps& deps, iam::EntityKind kind, const std::string& name, const std::string& account) {
  auto found = deps.store->Read([&](store::ReadView& v) { return iam::FindEntity(v, account, kind, name); });
  if (found.ok() && *found) return ResourceRef{(*found)->arn, iam::EntityCloudTrailType(kind)};
  return ResourceRef{iam::EntityArn(kind, account, "/", name), iam::EntityCloudTrailType(kind)};
}

}  // namespace

std::function<ResourceRef(const CallContext&)> EntityResource(const IamDeps& deps, iam::EntityKind kind,
                                                              const char* param) {
  return [deps, kind, param](const CallContext& ctx) -> ResourceRef {
    const std::string name = OptionalString(ctx, param).value_or("");
    if (name.empty()) return ResourceRef{"*", ""};
    return LookupEntity(deps, kind, name, ctx.account_id);
  };
}

std::function<ResourceRef(const CallContext&)> NewEntityResource(iam::EntityKind kind, const char* param) {
  return [kind, param](const CallContext& ctx) -> ResourceRef {
    const std::string name = OptionalString(ctx, param).value_or("");
    if (name.empty()) return ResourceRef{"*", ""};
    const std::string path = OptionalString(ctx, "Path").value_or("/");
    return ResourceRef{iam::EntityArn(kind, ctx.account_id, path, name), iam::EntityCloudTrailType(kind)};
  };
}

std::function<ResourceRef(const CallContext&)> UserOrSelfResource(const IamDeps& deps, const char* param) {
  auto named = EntityResource(deps, iam::EntityKind::kUser, param);
  return [named, param](const CallContext& ctx) -> ResourceRef {
    if (Member(ctx, param) != nullptr) return named(ctx);
    if (ctx.caller != nullptr) return ResourceRef{ctx.caller->arn, "AWS::IAM::User"};
    return ResourceRef{"*", ""};
  };
}

std::function<ResourceRef(const CallContext&)> PolicyResource(const char* param) {
  return [param](const CallContext& ctx) -> ResourceRef {
    auto arn = OptionalString(ctx, param);
    if (!arn) return ResourceRef{"*", ""};
    return ResourceRef{*arn, "AWS::IAM::Policy"};
  };
}

core::Result<std::string> UserOrSelf(const CallContext& ctx) {
  if (auto named = OptionalString(ctx, "UserName")) return std::move(*named);
  if (ctx.caller != nullptr && ctx.caller->kind == core::CallerKind::kIamUser) return ctx.caller->user_name;
  return ValidationError("Must specify userName when calling with non-User credentials");
}

}  // namespace bulwark::services::iam_ops
