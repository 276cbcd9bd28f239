#include "policy/workload.h"

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

core::Result<std::shared_ptr<const CompiledPolicy>> CompileJson(const core::JsonValue& doc, PolicyKind kind,
                                                                 PolicyType type, const std::string& id) {
  auto parsed = ParsePolicy(doc, ParseOptions{kind, 0});
  if (!parsed.ok()) return core::Error{parsed.error().code, id + ": " + parsed.error().message};
  return CompiledPolicy::Compile(*parsed, type, id);
}

}  // namespace

const char* WorkloadDecisionName(EvalDecision d) {
  switch (d) {
    case EvalDecision::kAllowed: return "Allow";
    case EvalDecision::kExplicitDeny: return "ExplicitDeny";
    case EvalDecision::kImplicitDeny: return "ImplicitDeny";
  }
  return "ImplicitDeny";
}

core::Result<Workload> LoadWorkload(const std::string& dir) {
  auto policies = ReadJson(dir + "/policies.json");
  if (!policies.ok()) return policies.error();
  auto requests = ReadJson(dir + "/requests.json");
  if (!requests.ok()) return requests.error();
  auto expected = ReadJson(dir + "/expected.json");
  if (!expected.ok()) return expected.error();

  Workload w;
  for (const auto& item : policies->Find("identityPolicies")->items()) {
    auto compiled = CompileJson(*item.Find("document"), PolicyKind::kIdentity, PolicyType::kIdentity,
                                item.Find("name")->text());
    if (!compiled.ok()) return compiled.error();
    w.identity.push_back(std::move(compiled.value()));
  }
  for (const auto& [name, doc] : policies->Find("resourcePolicies")->members()) {
    auto compiled = CompileJson(doc, PolicyKind::kResource, PolicyType::kResource, name);
    if (!compiled.ok()) return compiled.error();
    w.resource[name] = std::move(compiled.value());
  }
  const auto& items = requests->items();
  const auto& decisions = expected->items();
  if (items.size() != decisions.size()) return core::Error{"InvalidWorkload", "requests and expected differ in size"};
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto& r = items[i];
    WorkloadCase c;
    c.request.principal = r.Find("principal")->text();
    c.request.action = r.Find("action")->text();
    c.request.resource = r.Find("resource")->text();
    if (const auto* ra = r.Find("resourceAccount"); ra != nullptr && ra->IsString()) c.request.resource_account = ra->text();
    for (const auto& [key, value] : r.Find("context")->members()) {
      if (value.IsArray()) {
        std::vector<std::string> values;
        for (const auto& v : value.items()) values.push_back(v.text());
        c.request.context.SetList(key, std::move(values));
      } else {
        c.request.context.Set(key, value.text());
        c.raw_context.emplace_back(key, value.text());
      }
    }
    if (const auto* rp = r.Find("resourcePolicy"); rp != nullptr && rp->IsString()) {
      auto it = w.resource.find(rp->text());
      if (it == w.resource.end()) return core::Error{"InvalidWorkload", "unknown resource policy " + rp->text()};
      c.resource_policy = it->second.get();
    }
    c.principal = AnalyzePrincipal(c.request.principal);
    c.expected = decisions[i].text();
    w.cases.push_back(std::move(c));
  }
  return w;
}

}  // namespace bulwark::policy::testing
