#include "cli/simulation_case.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "policy/parser.h"

namespace bulwark::cli {

namespace {

using core::JsonValue;
using policy::PolicyType;

policy::PolicyKind KindOf(PolicyType type) {
  switch (type) {
    case PolicyType::kResource: return policy::PolicyKind::kResource;
    case PolicyType::kServiceControl: return policy::PolicyKind::kServiceControl;
    case PolicyType::kResourceControl: return policy::PolicyKind::kResourceControl;
    case PolicyType::kPermissionsBoundary: return policy::PolicyKind::kPermissionsBoundary;
    case PolicyType::kSession: return policy::PolicyKind::kSession;
    case PolicyType::kIdentity: return policy::PolicyKind::kIdentity;
  }
  return policy::PolicyKind::kIdentity;
}

core::Error Malformed(const std::string& what) { return core::Error{"InvalidInput", what}; }

core::Result<std::string> RequiredString(const JsonValue& object, const char* key, const std::string& where) {
  const JsonValue* v = object.Find(key);
  if (v == nullptr || !v->IsString()) return Malformed(where + "." + key + " must be a string");
  return v->text();
}

core::Result<std::vector<const policy::CompiledPolicy*>> PolicyList(SimulationCase& c, const JsonValue& list,
                                                                     PolicyType type, const std::string& where) {
  if (!list.IsArray()) return Malformed(where + " must be an array of policies");
  std::vector<const policy::CompiledPolicy*> out;
  for (std::size_t i = 0; i < list.items().size(); ++i) {
    auto p = AddPolicy(c, list.items()[i], type, where + "[" + std::to_string(i) + "]");
    if (!p.ok()) return p.error();
    out.push_back(*p);
  }
  return out;
}

}  // namespace

core::Result<const policy::CompiledPolicy*> AddPolicy(SimulationCase& c, const JsonValue& document, PolicyType type,
                                                      const std::string& id) {
  auto parsed = policy::ParsePolicy(document, policy::ParseOptions{KindOf(type), 0});
  if (!parsed.ok()) return core::Error{parsed.error().code, id + ": " + parsed.error().message};
  c.owned.push_back(policy::CompiledPolicy::Compile(*parsed, type, id));
  return c.owned.back().get();
}

core::Result<SimulationCase> ReadBatchCase(const JsonValue& line) {
  SimulationCase c;
  if (!line.IsObject()) return Malformed("a case must be a JSON object");
  if (const JsonValue* id = line.Find("id"); id != nullptr && (id->IsString() || id->IsNumber())) {
    c.id_json = core::ToJson(*id);
  }
  const JsonValue* request = line.Find("request");
  if (request == nullptr || !request->IsObject()) return Malformed("request must be an object");
  for (auto [field, target] : {std::pair{"principal", &c.request.principal}, std::pair{"action", &c.request.action},
                               std::pair{"resource", &c.request.resource}}) {
    auto v = RequiredString(*request, field, "request");
    if (!v.ok()) return v.error();
    *target = std::move(v.value());
  }
  if (const JsonValue* ra = request->Find("resourceAccount"); ra != nullptr && !ra->IsNull()) {
    if (!ra->IsString()) return Malformed("request.resourceAccount must be a string");
    c.request.resource_account = ra->text();
  }
  if (const JsonValue* ctx = request->Find("context"); ctx != nullptr && !ctx->IsNull()) {
    if (!ctx->IsObject()) return Malformed("request.context must be an object");
    for (const auto& [key, value] : ctx->members()) {
      if (value.IsString()) {
        c.request.context.Set(key, value.text());
      } else if (value.IsArray()) {
        std::vector<std::string> values;
        for (const auto& item : value.items()) {
          if (!item.IsString()) return Malformed("request.context." + key + " must hold strings");
          values.push_back(item.text());
        }
        c.request.context.SetList(key, std::move(values));
      } else {
        return Malformed("request.context." + key + " must be a string or an array of strings");
      }
    }
  }
  if (const JsonValue* list = line.Find("identityPolicies"); list != nullptr && !list->IsNull()) {
    auto policies = PolicyList(c, *list, PolicyType::kIdentity, "identityPolicies");
    if (!policies.ok()) return policies.error();
    c.policies.identity = std::move(policies.value());
  }
  if (const JsonValue* rp = line.Find("resourcePolicy"); rp != nullptr && !rp->IsNull()) {
    auto p = AddPolicy(c, *rp, PolicyType::kResource, "resourcePolicy");
    if (!p.ok()) return p.error();
    c.policies.resource = *p;
  }
  if (const JsonValue* list = line.Find("permissionBoundaries"); list != nullptr && !list->IsNull()) {
    auto policies = PolicyList(c, *list, PolicyType::kPermissionsBoundary, "permissionBoundaries");
    if (!policies.ok()) return policies.error();
    c.policies.boundaries = std::move(policies.value());
  }
  if (const JsonValue* levels = line.Find("scps"); levels != nullptr && !levels->IsNull()) {
    if (!levels->IsArray()) return Malformed("scps must be an array of levels");
    std::vector<std::vector<const policy::CompiledPolicy*>> scps;
    for (std::size_t i = 0; i < levels->items().size(); ++i) {
      auto level = PolicyList(c, levels->items()[i], PolicyType::kServiceControl, "scps[" + std::to_string(i) + "]");
      if (!level.ok()) return level.error();
      scps.push_back(std::move(level.value()));
    }
    c.policies.scps = std::move(scps);
  }
  if (const JsonValue* sp = line.Find("sessionPolicy"); sp != nullptr && !sp->IsNull()) {
    auto p = AddPolicy(c, *sp, PolicyType::kSession, "sessionPolicy");
    if (!p.ok()) return p.error();
    c.policies.session = std::vector<const policy::CompiledPolicy*>{*p};
  }
  return c;
}

std::string ResultJson(const std::string& id_json, const policy::Decision& decision) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("id");
  w.RawValue(id_json.data(), id_json.size(), rapidjson::kStringType);
  w.Key("decision");
  w.String(policy::EvalDecisionName(decision.decision));
  w.Key("matchedStatements");
  w.StartArray();
  for (const auto& m : decision.matched) {
    w.StartObject();
    w.Key("sourcePolicyId");
    w.String(m.policy->id().c_str());
    w.Key("sourcePolicyType");
    w.String(policy::PolicyTypeName(m.policy->type()));
    w.Key("sid");
    if (m.statement->sid.empty()) {
      w.Null();
    } else {
      w.String(m.statement->sid.c_str());
    }
    w.Key("statementIndex");
    w.Uint(m.statement->index);
    w.Key("effect");
    w.String(m.statement->effect == policy::Effect::kAllow ? "Allow" : "Deny");
    w.Key("startPosition");
    w.StartObject();
    w.Key("line");
    w.Uint(m.statement->location.line);
    w.Key("column");
    w.Uint(m.statement->location.column);
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  w.Key("missingContextKeys");
  w.StartArray();
  for (const auto& key : decision.missing_context_keys) w.String(key.data(), static_cast<rapidjson::SizeType>(key.size()));
  w.EndArray();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string ErrorJson(const std::string& id_json, const core::Error& error) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("id");
  w.RawValue(id_json.data(), id_json.size(), rapidjson::kStringType);
  w.Key("error");
  w.StartObject();
  w.Key("code");
  w.String(error.code.c_str());
  w.Key("message");
  w.String(error.message.c_str());
  w.EndObject();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace bulwark::cli
