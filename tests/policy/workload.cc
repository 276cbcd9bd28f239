#include "policy/workload.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/json_tree.h"
#include "policy/parser.h"

namespace bulwark::policy::testing {

namespace {

core::Result<core::JsonValue> ReadJson(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::Error{"NoSuchFile", "cannot read " + path};
  std::stringstream buffer;
  buffer << in.rdbuf();
  core::JsonLimits limits;
  limits.max_bytes = 64u << 20;
  return core::ParseJson(buffer.str(), limits);
}

core::Result<PolicyDocument> Parse(const core::JsonValue* doc, PolicyKind kind, const std::string& id) {
  if (doc == nullptr) return core::Error{"InvalidWorkload", id + ": no document"};
  auto parsed = ParsePolicy(*doc, ParseOptions{kind, 0});
  if (!parsed.ok()) return core::Error{parsed.error().code, id + ": " + parsed.error().message};
  return std::move(parsed.value());
}

const core::JsonValue* Member(const core::JsonValue& object, const char* key) {
  return object.IsObject() ? object.Find(key) : nullptr;
}

core::Result<WorkloadCase> ReadCase(const core::JsonValue& r, const Workload& w) {
  WorkloadCase c;
  const auto* principal = Member(r, "principal");
  const auto* action = Member(r, "action");
  const auto* resource = Member(r, "resource");
  const auto* context = Member(r, "context");
  if (principal == nullptr || action == nullptr || resource == nullptr || context == nullptr) {
    return core::Error{"InvalidWorkload", "a request lacks principal, action, resource or context"};
  }
  c.request.principal = RequestPrincipal::FromArn(principal->text());
  c.request.action = action->text();
  c.request.resource = resource->text();
  if (const auto* ra = Member(r, "resourceAccount"); ra != nullptr && ra->IsString()) {
    c.request.resource_account = ra->text();
  }
  for (const auto& [key, value] : context->members()) {
    if (value.IsArray()) {
      std::vector<std::string> values;
      for (const auto& v : value.items()) values.push_back(v.text());
      c.request.context.SetList(key, values);
    } else {
      c.request.context.Set(key, value.text());
      c.raw_context.emplace_back(key, value.text());
    }
  }
  if (const auto* rp = Member(r, "resourcePolicy"); rp != nullptr && rp->IsString()) {
    auto it = w.resource.find(rp->text());
    if (it == w.resource.end()) {
      return core::Error{"InvalidWorkload", "unknown resource policy " + rp->text()};
    }
    c.resource_policy = it->second.get();
  }
  return c;
}

}  // namespace

std::string WorkloadDir(const std::string& source_dir) {
  if (const char* env = std::getenv("BULWARK_POLICY_WORKLOAD")) return env;
  return source_dir + "/../shared/bench/policy-workload";
}

const char* WorkloadDecisionName(EvalDecision d) {
  switch (d) {
    case EvalDecision::kAllowed: return "Allow";
    case EvalDecision::kExplicitDeny: return "ExplicitDeny";
    case EvalDecision::kImplicitDeny: return "ImplicitDeny";
  }
  return "ImplicitDeny";
}

core::Result<WorkloadDocuments> LoadWorkloadDocuments(const std::string& dir) {
  auto policies = ReadJson(dir + "/policies.json");
  if (!policies.ok()) return policies.error();
  const auto* identity = Member(*policies, "identityPolicies");
  const auto* resource = Member(*policies, "resourcePolicies");
  if (identity == nullptr || resource == nullptr) {
    return core::Error{"InvalidWorkload", "policies.json lacks policies"};
  }
  WorkloadDocuments docs;
  for (const auto& item : identity->items()) {
    const auto* name = Member(item, "name");
    if (name == nullptr) return core::Error{"InvalidWorkload", "an identity policy has no name"};
    auto doc = Parse(Member(item, "document"), PolicyKind::kIdentity, name->text());
    if (!doc.ok()) return doc.error();
    docs.identity.emplace_back(name->text(), std::move(doc.value()));
  }
  for (const auto& [name, json] : resource->members()) {
    auto doc = Parse(&json, PolicyKind::kResource, name);
    if (!doc.ok()) return doc.error();
    docs.resource.emplace(name, std::move(doc.value()));
  }
  return docs;
}

core::Result<Workload> LoadWorkload(const std::string& dir) {
  auto docs = LoadWorkloadDocuments(dir);
  if (!docs.ok()) return docs.error();
  auto requests = ReadJson(dir + "/requests.json");
  if (!requests.ok()) return requests.error();
  auto expected = ReadJson(dir + "/expected.json");
  if (!expected.ok()) return expected.error();

  Workload w;
  std::vector<SourcePolicy> sources;
  for (const auto& [name, doc] : docs->identity) {
    w.identity.push_back(CompiledPolicy::Compile(doc, PolicyType::kIdentity, name));
    sources.push_back(SourcePolicy{&doc, name});
  }
  w.identity_bundle = CompiledPolicy::CompileBundle(sources, PolicyType::kIdentity);
  for (const auto& [name, doc] : docs->resource) {
    w.resource[name] = CompiledPolicy::Compile(doc, PolicyType::kResource, name);
  }

  const auto& items = requests->items();
  const auto& decisions = expected->items();
  if (items.size() != decisions.size()) {
    return core::Error{"InvalidWorkload", "requests and expected differ in size"};
  }
  w.cases.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    auto c = ReadCase(items[i], w);
    if (!c.ok()) return c.error();
    c->expected = decisions[i].text();
    w.cases.push_back(std::move(c.value()));
  }
  return w;
}

}  // namespace bulwark::policy::testing
