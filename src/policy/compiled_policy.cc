#include "policy/compiled_policy.h"

#include <algorithm>

#include "core/wildcard.h"
#include "policy/request_context.h"

namespace bulwark::policy {

const char* PolicyTypeName(PolicyType type) {
  switch (type) {
    case PolicyType::kIdentity: return "IAM Policy";
    case PolicyType::kResource: return "Resource Policy";
    case PolicyType::kPermissionsBoundary: return "Permissions Boundary Policy";
    case PolicyType::kSession: return "Session Policy";
    case PolicyType::kServiceControl: return "Service Control Policy";
    case PolicyType::kResourceControl: return "Resource Control Policy";
  }
  return "IAM Policy";
}

namespace {

bool IsAccountId(std::string_view s) {
  return s.size() == 12 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

CompiledAction CompileAction(std::string_view text) {
  CompiledAction a;
  if (text == "*") {
    a.match_all = true;
    return a;
  }
  const std::string lower = ToLower(text);
  const auto colon = lower.find(':');
  a.service = core::Glob(lower.substr(0, colon));
  a.name = core::Glob(colon == std::string::npos ? "" : lower.substr(colon + 1));
  return a;
}

CompiledResource CompileResource(std::string_view text, bool interpret) {
  CompiledResource r;
  r.pattern = ValueTemplate::Compile(text, interpret);
  r.match_all = !r.pattern.has_variables() && r.pattern.literal() == "*";
  if (!r.pattern.has_variables() && !r.match_all) {
    if (auto parts = core::SplitArn(r.pattern.literal())) {
      r.split = true;
      r.components = {core::Glob(std::string(parts->partition)), core::Glob(std::string(parts->service)),
                      core::Glob(std::string(parts->region)), core::Glob(std::string(parts->account)),
                      core::Glob(std::string(parts->resource))};
    }
  }
  return r;
}

CompiledValue CompileValue(std::string_view text, OperatorFamily family, bool interpret) {
  CompiledValue v;
  v.text = ValueTemplate::Compile(text, interpret);
  if (!v.text.has_variables()) {
    const std::string& plain = v.text.plain();
    switch (family) {
      case OperatorFamily::kNumeric: v.number = ParseNumber(plain); break;
      case OperatorFamily::kDate: v.number = ParseDate(plain); break;
      case OperatorFamily::kIpAddress: v.ip = ParseIpBlock(plain); break;
      case OperatorFamily::kBool:
      case OperatorFamily::kNull: v.boolean = ParseBool(plain); break;
      default: break;
    }
  }
  return v;
}

CompiledPrincipal CompilePrincipal(const PrincipalBlock& block) {
  CompiledPrincipal p;
  p.present = block.present;
  p.negated = block.negated;
  p.everyone = block.wildcard;
  for (const auto& a : block.aws) {
    if (a.value == "*") {
      p.everyone = true;
      continue;
    }
    AwsPrincipal ap;
    ap.arn = IsAccountId(a.value) ? "arn:aws:iam::" + a.value + ":root" : a.value;
    if (auto arn = core::SplitArn(ap.arn); arn && arn->service == "iam") {
      if (arn->resource == "root") {
        ap.kind = AwsPrincipal::Kind::kAccount;
        ap.account = std::string(arn->account);
      } else if (arn->resource.rfind("role/", 0) == 0) {
        ap.kind = AwsPrincipal::Kind::kRole;
        ap.account = std::string(arn->account);
        ap.role_name = std::string(arn->resource.substr(arn->resource.rfind('/') + 1));
      }
    }
    p.aws.push_back(std::move(ap));
  }
  for (const auto& s : block.service) p.services.push_back(s.value);
  for (const auto& f : block.federated) p.federated.push_back(f.value);
  for (const auto& c : block.canonical_user) p.canonical_users.push_back(c.value);
  return p;
}

}  // namespace

std::shared_ptr<const CompiledPolicy> CompiledPolicy::Compile(const PolicyDocument& document, PolicyType type,
                                                              std::string id) {
  auto policy = std::make_shared<CompiledPolicy>();
  policy->id_ = std::move(id);
  policy->type_ = type;
  const bool interpret = document.version == PolicyVersion::k2012_10_17;
  for (const Statement& st : document.statements) {
    CompiledStatement cs;
    cs.index = static_cast<uint32_t>(st.index);
    cs.sid = st.sid ? st.sid->value : "";
    cs.location = st.location;
    cs.effect = st.effect;
    cs.not_action = st.not_action;
    for (const auto& a : st.actions) cs.actions.push_back(CompileAction(a.value));
    cs.has_resource = st.has_resource;
    cs.not_resource = st.not_resource;
    for (const auto& r : st.resources) cs.resources.push_back(CompileResource(r.value, interpret));
    cs.principal = CompilePrincipal(st.principal);
    for (const Condition& c : st.conditions) {
      CompiledCondition cc;
      cc.test = c.op.test;
      cc.family = FamilyOf(c.op.test);
      cc.qualifier = c.op.qualifier;
      cc.if_exists = c.op.if_exists;
      cc.negated = IsNegated(c.op.test);
      cc.key_lower = ToLower(c.key);
      cc.key_written = c.key;
      for (const auto& v : c.values) cc.values.push_back(CompileValue(v.value, cc.family, interpret));
      cs.conditions.push_back(std::move(cc));
    }
    policy->statements_.push_back(std::move(cs));
  }
  // Index. Per service a statement names, it goes either under each exact action (when all its
  // actions in that service are literal) or under the service (when one is a pattern); NotAction
  // statements and those with "*" or a wildcard in the service part can match any service.
  for (uint32_t i = 0; i < policy->statements_.size(); ++i) {
    const CompiledStatement& cs = policy->statements_[i];
    bool generic = cs.not_action;
    for (const auto& a : cs.actions) generic |= a.match_all || core::HasWildcard(a.service.pattern());
    if (generic) {
      policy->generic_.push_back(i);
      continue;
    }
    std::vector<std::string> patterned_services;
    for (const auto& a : cs.actions) {
      if (core::HasWildcard(a.name.pattern())) patterned_services.push_back(a.service.pattern());
    }
    for (const auto& a : cs.actions) {
      const std::string& service = a.service.pattern();
      if (std::find(patterned_services.begin(), patterned_services.end(), service) != patterned_services.end()) {
        policy->by_service_.Add(service, i);
      } else {
        policy->by_action_.Add(service + ":" + a.name.pattern(), i);
      }
    }
  }
  policy->by_action_.Build();
  policy->by_service_.Build();
  return policy;
}



}  // namespace bulwark::policy
