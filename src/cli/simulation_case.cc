#include "cli/simulation_case.h"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <optional>
#include <utility>

#include "policy/parser.h"

namespace bulwark::cli {

namespace {

using core::JsonValue;
using policy::PolicyType;
using PolicyList = std::vector<const policy::CompiledPolicy*>;
using Levels = std::vector<PolicyList>;

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

core::Error Invalid(const std::string& what) {
  return core::Error{"InvalidInput", what};
}

// A member that is absent or null reads as nullptr.
const JsonValue* Present(const JsonValue& object, const char* key) {
  const JsonValue* v = object.Find(key);
  return v == nullptr || v->IsNull() ? nullptr : v;
}

core::Result<std::string> RequiredString(const JsonValue& object, const char* key, const std::string& where) {
  const JsonValue* v = object.Find(key);
  if (v == nullptr || !v->IsString()) return Invalid(where + "." + key + " must be a string");
  return v->text();
}

core::Result<PolicyList> ReadPolicies(SimulationCase& c, const JsonValue& list, PolicyType type,
                                      const std::string& where) {
  if (!list.IsArray()) return Invalid(where + " must be an array of policies");
  PolicyList out;
  for (std::size_t i = 0; i < list.items().size(); ++i) {
    auto p = AddPolicy(c, list.items()[i], type, where + "[" + std::to_string(i) + "]");
    if (!p.ok()) return p.error();
    out.push_back(*p);
  }
  return out;
}

core::Result<Levels> ReadLevels(SimulationCase& c, const JsonValue& levels, PolicyType type,
                                const std::string& where) {
  if (!levels.IsArray()) {
    return Invalid(where + " must be an array of levels (arrays of policies), root first");
  }
  Levels out;
  for (std::size_t i = 0; i < levels.items().size(); ++i) {
    auto level = ReadPolicies(c, levels.items()[i], type, where + "[" + std::to_string(i) + "]");
    if (!level.ok()) return level.error();
    out.push_back(std::move(level.value()));
  }
  return out;
}

core::Status ReadContext(const JsonValue& context, policy::RequestContext* out) {
  if (!context.IsObject()) return Invalid("request.context must be an object");
  for (const auto& [key, value] : context.members()) {
    if (value.IsString()) {
      out->Set(key, value.text());
      continue;
    }
    if (!value.IsArray()) {
      return Invalid("request.context." + key + " must be a string or an array of strings");
    }
    std::vector<std::string> values;
    for (const auto& item : value.items()) {
      if (!item.IsString()) return Invalid("request.context." + key + " must hold strings");
      values.push_back(item.text());
    }
    out->SetList(key, values);
  }
  return core::Status::Ok();
}

core::Status ReadRequest(const JsonValue& request, policy::EvalRequest* out) {
  if (!request.IsObject()) return Invalid("request must be an object");
  auto principal = RequiredString(request, "principal", "request");
  if (!principal.ok()) return principal.error();
  out->principal = policy::RequestPrincipal::FromArn(*principal);
  auto action = RequiredString(request, "action", "request");
  if (!action.ok()) return action.error();
  out->action = std::move(action.value());
  auto resource = RequiredString(request, "resource", "request");
  if (!resource.ok()) return resource.error();
  out->resource = std::move(resource.value());
  if (const JsonValue* ra = Present(request, "resourceAccount")) {
    if (!ra->IsString()) return Invalid("request.resourceAccount must be a string");
    out->resource_account = ra->text();
  }
  if (const JsonValue* ctx = Present(request, "context")) return ReadContext(*ctx, &out->context);
  return core::Status::Ok();
}

// The policies of a case, by the batch format's member names.
core::Status ReadPolicySet(const JsonValue& line, SimulationCase& c) {
  policy::PolicySet& set = c.policies;
  if (const JsonValue* list = Present(line, "identityPolicies")) {
    auto p = ReadPolicies(c, *list, PolicyType::kIdentity, "identityPolicies");
    if (!p.ok()) return p.error();
    set.identity = std::move(p.value());
  }
  if (const JsonValue* doc = Present(line, "resourcePolicy")) {
    if (auto s = AddResourcePolicy(c, *doc, "resourcePolicy"); !s.ok()) return s;
  }
  if (const JsonValue* list = Present(line, "permissionBoundaries")) {
    auto p = ReadPolicies(c, *list, PolicyType::kPermissionsBoundary, "permissionBoundaries");
    if (!p.ok()) return p.error();
    set.boundaries = std::move(p.value());
  }
  if (const JsonValue* levels = Present(line, "scps")) {
    auto p = ReadLevels(c, *levels, PolicyType::kServiceControl, "scps");
    if (!p.ok()) return p.error();
    set.scps = std::move(p.value());
  }
  if (const JsonValue* levels = Present(line, "rcps")) {
    auto p = ReadLevels(c, *levels, PolicyType::kResourceControl, "rcps");
    if (!p.ok()) return p.error();
    set.rcps = std::move(p.value());
  }
  if (const JsonValue* doc = Present(line, "sessionPolicy")) {
    auto p = AddPolicy(c, *doc, PolicyType::kSession, "sessionPolicy");
    if (!p.ok()) return p.error();
    set.session = PolicyList{*p};
  }
  return core::Status::Ok();
}

template <typename Writer>
void WriteString(Writer& w, std::string_view s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

template <typename Writer>
void WriteMatched(Writer& w, const policy::MatchedStatement& m) {
  const policy::CompiledStatement& st = *m.statement;
  w.StartObject();
  w.Key("sourcePolicyId");
  WriteString(w, m.policy->SourceId(st));
  w.Key("sourcePolicyType");
  w.String(policy::PolicyTypeName(m.policy->type()));
  w.Key("sid");
  if (st.sid.empty()) {
    w.Null();
  } else {
    WriteString(w, st.sid);
  }
  w.Key("statementIndex");
  w.Uint(st.index);
  w.Key("effect");
  w.String(st.effect == policy::Effect::kAllow ? "Allow" : "Deny");
  w.Key("startPosition");
  w.StartObject();
  w.Key("line");
  w.Uint(st.location.line);
  w.Key("column");
  w.Uint(st.location.column);
  w.EndObject();
  w.EndObject();
}

template <typename Writer>
void WriteDetails(Writer& w, const policy::Decision& d) {
  const std::pair<const char*, const std::optional<policy::EvalDecision>*> layers[] = {
      {"organizations", &d.organizations},
      {"resourceControlPolicies", &d.resource_controls},
      {"resourcePolicy", &d.resource_policy},
      {"identityPolicies", &d.identity_policies},
      {"permissionsBoundary", &d.permissions_boundary},
      {"sessionPolicy", &d.session_policy},
  };
  w.Key("decisionDetails");
  w.StartObject();
  for (const auto& [name, verdict] : layers) {
    if (!verdict->has_value()) continue;
    w.Key(name);
    w.String(policy::EvalDecisionName(**verdict));
  }
  w.EndObject();
}

template <typename Writer>
void WriteResult(Writer& w, const std::string& id_json, const policy::Decision& d, bool details) {
  w.StartObject();
  w.Key("id");
  w.RawValue(id_json.data(), id_json.size(), rapidjson::kStringType);
  w.Key("decision");
  w.String(policy::EvalDecisionName(d.decision));
  w.Key("matchedStatements");
  w.StartArray();
  for (const auto& m : d.matched) WriteMatched(w, m);
  w.EndArray();
  w.Key("missingContextKeys");
  w.StartArray();
  for (const auto& key : d.missing_context_keys) WriteString(w, key);
  w.EndArray();
  if (details) WriteDetails(w, d);
  w.EndObject();
}

}  // namespace

namespace {

core::Result<const policy::CompiledPolicy*> AddPolicyOfKind(SimulationCase& c, const JsonValue& document,
                                                            PolicyType type, policy::PolicyKind kind,
                                                            const std::string& id) {
  auto parsed = policy::ParsePolicy(document, policy::ParseOptions{kind, 0});
  if (!parsed.ok()) return core::Error{parsed.error().code, id + ": " + parsed.error().message};
  c.owned.push_back(policy::CompiledPolicy::Compile(*parsed, type, id));
  return c.owned.back().get();
}

}  // namespace

core::Result<const policy::CompiledPolicy*> AddPolicy(SimulationCase& c, const JsonValue& document,
                                                      PolicyType type, const std::string& id) {
  return AddPolicyOfKind(c, document, type, KindOf(type), id);
}

core::Status AddResourcePolicy(SimulationCase& c, const JsonValue& document, const std::string& id) {
  const bool trust = policy::IsRoleTrustRequest(c.request.action, c.request.resource);
  auto p = AddPolicyOfKind(c, document, PolicyType::kResource,
                           trust ? policy::PolicyKind::kTrust : policy::PolicyKind::kResource, id);
  if (!p.ok()) return p.error();
  c.policies.resource = *p;
  c.policies.resource_policy_required = trust;
  return core::Status::Ok();
}

core::Result<SimulationCase> ReadBatchCase(const JsonValue& line) {
  SimulationCase c;
  if (!line.IsObject()) return Invalid("a case must be a JSON object");
  if (const JsonValue* id = line.Find("id"); id != nullptr && (id->IsString() || id->IsNumber())) {
    c.id_json = core::ToJson(*id);
  }
  const JsonValue* request = line.Find("request");
  if (request == nullptr) return Invalid("request must be an object");
  if (auto s = ReadRequest(*request, &c.request); !s.ok()) return s.error();
  if (auto s = ReadPolicySet(line, c); !s.ok()) return s.error();
  return c;
}

std::string ResultJson(const std::string& id_json, const policy::Decision& decision) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  WriteResult(w, id_json, decision, /*details=*/false);
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string DetailedResultJson(const std::string& id_json, const policy::Decision& decision) {
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buffer);
  w.SetIndent(' ', 2);
  WriteResult(w, id_json, decision, /*details=*/true);
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
  WriteString(w, error.code);
  w.Key("message");
  WriteString(w, error.message);
  w.EndObject();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace bulwark::cli
