// SimulatePrincipalPolicy and SimulateCustomPolicy: the policy engine that authorizes every request
// (policy/evaluator.h), answering in AWS's shape: per action and resource the EvalDecision
// (allowed | explicitDeny | implicitDeny), the MatchedStatements with their source policy and
// start/end positions, MissingContextValues, the permissions-boundary and organizations details, and
// EvalDecisionDetails for simulations with a resource policy.
//
// Choices where the API leaves room: one EvaluationResult per (action, resource) pair, each with one
// ResourceSpecificResult for its resource; ResourceHandlingOption is accepted and not used (no EC2
// scenarios here); without CallerArn, SimulateCustomPolicy evaluates as an IAM user of the account
// (never as root, whom the engine would allow everything); policies of PolicyInputList are named
// "PolicyInputList.N" with SourcePolicyType "none" (the enum has no value for them).
#include <map>
#include <memory>

#include "core/arn.h"
#include "iam/principal_policies.h"
#include "policy/compiled_policy.h"
#include "policy/evaluator.h"
#include "policy/parser.h"
#include "services/iam/iam_common.h"
#include "services/iam/iam_operations.h"

namespace bulwark::services::iam_ops {

namespace {

constexpr std::size_t kMaxActions = 1000;
constexpr std::size_t kMaxResources = 1000;
constexpr std::size_t kMaxPolicyInputs = 100;
constexpr std::size_t kMaxContextEntries = 100;
constexpr std::size_t kMaxPolicyChars = 131072;

core::Error InvalidInput(std::string message) { return core::Error{"InvalidInput", std::move(message)}; }

// The policies of one simulation, compiled, with the type each source reports.
struct Simulation {
  std::vector<std::shared_ptr<const policy::CompiledPolicy>> owned;
  std::map<std::string, std::string> source_type;  // Source id -> SourcePolicyType.
  std::map<std::string, std::string> source_text;  // Source id -> document (for end positions).
  policy::PolicySet set;
  policy::RequestPrincipal principal;
  std::string resource_account;
  policy::RequestContext context;
};

core::Result<const policy::CompiledPolicy*> Add(Simulation& sim, const std::string& id, const std::string& type,
                                                const std::string& text, policy::PolicyKind kind,
                                                policy::PolicyType policy_type) {
  if (text.size() > kMaxPolicyChars) return InvalidInput("The policy " + id + " is too large.");
  policy::ParseOptions options;
  options.kind = kind;
  auto document = policy::ParsePolicy(text, options);
  if (!document.ok()) return InvalidInput(id + ": " + document.error().message);
  sim.owned.push_back(policy::CompiledPolicy::Compile(*document, policy_type, id));
  sim.source_type[id] = type;
  sim.source_text[id] = text;
  return sim.owned.back().get();
}

// The model bounds none of these lists; IAM's limits are ours to check.
core::Result<std::vector<std::string>> ListParam(const CallContext& ctx, const char* name, std::size_t max,
                                                 bool required) {
  std::vector<std::string> values = StringList(ctx, name);
  if (values.size() > max) return InvalidInput(std::string("Too many values for ") + name + ".");
  if (required && values.empty()) {
    std::string member(name);
    member[0] = static_cast<char>(member[0] - 'A' + 'a');
    return ValidationError("1 validation error detected: Value null at '" + member +
                           "' failed to satisfy constraint: Member must not be null");
  }
  return values;
}

// ContextEntries: the model checks each key name's length and the type's enum.
core::Status ReadContextEntries(const CallContext& ctx, policy::RequestContext* context) {
  const boost::json::array* entries = ListMember(ctx, "ContextEntries");
  if (entries == nullptr) return core::Status::Ok();
  if (entries->size() > kMaxContextEntries) return InvalidInput("Too many context entries.");
  for (const auto& entry : *entries) {
    auto name = FieldString(entry, "ContextKeyName");
    if (!name) return InvalidInput("A context entry has no valid ContextKeyName.");
    std::vector<std::string> values;
    if (const boost::json::value* list = entry.get_object().if_contains("ContextKeyValues");
        list != nullptr && list->is_array()) {
      for (const auto& v : list->get_array()) {
        if (v.is_string()) values.emplace_back(v.get_string());
      }
    }
    const std::string type = FieldString(entry, "ContextKeyType").value_or("string");
    const bool is_list = type.ends_with("List");
    if (!is_list && values.size() != 1) {
      return InvalidInput("Context key " + *name + " of type " + type + " must have exactly one value.");
    }
    if (is_list) {
      context->SetList(*name, values);
    } else {
      context->Set(*name, values.front());
    }
  }
  return core::Status::Ok();
}

// Inputs both operations share: extra identity policies, boundary, resource policy, context.
// A PermissionsBoundaryPolicyInputList replaces the principal's own boundary for the simulation.
core::Status ReadCommonInputs(const CallContext& ctx, Simulation& sim) {
  auto inputs = ListParam(ctx, "PolicyInputList", kMaxPolicyInputs, false);
  if (!inputs.ok()) return inputs.error();
  for (std::size_t i = 0; i < inputs->size(); ++i) {
    auto p = Add(sim, "PolicyInputList." + std::to_string(i + 1), "none", (*inputs)[i], policy::PolicyKind::kIdentity,
                 policy::PolicyType::kIdentity);
    if (!p.ok()) return p.error();
    sim.set.identity.push_back(*p);
  }
  auto boundaries = ListParam(ctx, "PermissionsBoundaryPolicyInputList", 1, false);
  if (!boundaries.ok()) return boundaries.error();
  if (!boundaries->empty()) {
    sim.set.boundaries.emplace();
    auto p = Add(sim, "PermissionsBoundaryPolicyInputList.1", "none", boundaries->front(),
                 policy::PolicyKind::kPermissionsBoundary, policy::PolicyType::kPermissionsBoundary);
    if (!p.ok()) return p.error();
    sim.set.boundaries->push_back(*p);
  }
  if (auto resource_policy = OptionalString(ctx, "ResourcePolicy")) {
    auto p = Add(sim, "ResourcePolicy", "resource", *resource_policy, policy::PolicyKind::kResource,
                 policy::PolicyType::kResource);
    if (!p.ok()) return p.error();
    sim.set.resource = *p;
  }
  if (auto owner = OptionalString(ctx, "ResourceOwner")) {
    // An account ARN ("arn:aws:iam::123456789012:root") or id.
    std::string account = *owner;
    if (account.starts_with("arn:")) {
      const auto parts_end = account.rfind(':');
      const auto parts_begin = account.rfind(':', parts_end - 1);
      account = account.substr(parts_begin + 1, parts_end - parts_begin - 1);
    }
    if (account != ctx.account_id) sim.resource_account = account;
  }
  return ReadContextEntries(ctx, &sim.context);
}

// 1-based line and column just after the statement that starts at `start` (its closing brace
// included): AWS's EndPosition.
policy::SourceLocation EndOf(const std::string& text, const core::SourceLocation& start) {
  core::SourceLocation end = start;
  if (start.offset >= text.size() || text[start.offset] != '{') return end;
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  uint32_t line = start.line;
  uint32_t column = start.column;
  for (std::size_t i = start.offset; i < text.size(); ++i) {
    const char c = text[i];
    if (i > start.offset) {
      if (text[i - 1] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') in_string = true;
    if (c == '{') ++depth;
    if (c == '}' && --depth == 0) {
      end.line = line;
      end.column = column + 1;
      end.offset = static_cast<uint32_t>(i + 1);
      return end;
    }
  }
  return end;
}

boost::json::object Position(uint32_t line, uint32_t column) {
  return boost::json::object{{"Line", line}, {"Column", column}};
}

boost::json::array MatchedStatementsJson(const Simulation& sim, const policy::Decision& d) {
  boost::json::array out;
  for (const auto& m : d.matched) {
    const std::string& id = m.policy->SourceId(*m.statement);
    boost::json::object s{{"SourcePolicyId", id}};
    auto type = sim.source_type.find(id);
    s["SourcePolicyType"] = type == sim.source_type.end() ? "none" : type->second;
    const core::SourceLocation& start = m.statement->location;
    s["StartPosition"] = Position(start.line, start.column);
    auto text = sim.source_text.find(id);
    if (text != sim.source_text.end()) {
      const core::SourceLocation end = EndOf(text->second, start);
      s["EndPosition"] = Position(end.line, end.column);
    }
    out.push_back(std::move(s));
  }
  return out;
}

// The owner of a simulated resource: the account its ARN names, else ResourceOwner ("the owner of
// any simulated resource that does not identify its own owner in the resource ARN", IAM API
// reference, SimulatePrincipalPolicy), else the caller's account. Empty when it is the caller's.
bool NamesOwnAccount(std::string_view resource) {
  const auto parts = core::SplitArn(resource);
  return parts && parts->account.size() == 12 && parts->account.find_first_not_of("0123456789") == std::string_view::npos;
}

std::string ResourceOwnerOf(const Simulation& sim, const std::string& resource) {
  if (NamesOwnAccount(resource)) {
    const std::string account(core::SplitArn(resource)->account);
    return account == sim.principal.account ? std::string() : account;
  }
  return sim.resource_account;
}

boost::json::object ResultJson(const Simulation& sim, const std::string& action, const std::string& resource,
                               const policy::Decision& d) {
  const bool cross_account = !ResourceOwnerOf(sim, resource).empty();
  boost::json::array missing;
  for (auto key : d.missing_context_keys) missing.emplace_back(key);
  boost::json::object r{{"EvalActionName", action},
                        {"EvalResourceName", resource},
                        {"EvalDecision", policy::EvalDecisionName(d.decision)},
                        {"MatchedStatements", MatchedStatementsJson(sim, d)},
                        {"MissingContextValues", missing}};
  if (d.organizations) {
    r["OrganizationsDecisionDetail"] =
        boost::json::object{{"AllowedByOrganizations", *d.organizations == policy::EvalDecision::kAllowed}};
  }
  if (d.permissions_boundary) {
    r["PermissionsBoundaryDecisionDetail"] =
        boost::json::object{{"AllowedByPermissionsBoundary", *d.permissions_boundary == policy::EvalDecision::kAllowed}};
  }
  // "Populated for only cross-account simulations"; present and empty within the account when a
  // resource is named (SimulatePrincipalPolicy's EvalDecisionDetails documentation).
  if (cross_account) {
    boost::json::object details;
    if (d.identity_policies) details["IAM Policy"] = policy::EvalDecisionName(*d.identity_policies);
    if (d.resource_policy) details["Resource Policy"] = policy::EvalDecisionName(*d.resource_policy);
    r["EvalDecisionDetails"] = QueryMap(details);
  } else if (resource != "*") {
    r["EvalDecisionDetails"] = boost::json::array{};
  }
  boost::json::object specific{{"EvalResourceName", resource},
                               {"EvalResourceDecision", policy::EvalDecisionName(d.decision)},
                               {"MatchedStatements", r["MatchedStatements"]},
                               {"MissingContextValues", missing}};
  if (r.contains("PermissionsBoundaryDecisionDetail")) {
    specific["PermissionsBoundaryDecisionDetail"] = r["PermissionsBoundaryDecisionDetail"];
  }
  r["ResourceSpecificResults"] = boost::json::array{std::move(specific)};
  return r;
}

core::Result<OperationOutcome> Run(const CallContext& ctx, Simulation& sim) {
  auto actions = ListParam(ctx, "ActionNames", kMaxActions, true);
  if (!actions.ok()) return actions.error();
  auto resources = ListParam(ctx, "ResourceArns", kMaxResources, false);
  if (!resources.ok()) return resources.error();
  if (resources->empty()) resources->push_back("*");
  auto paging = PagingParams(ctx);
  if (!paging.ok()) return paging.error();
  std::size_t first = 0;
  if (!paging->marker.empty()) {
    try {
      first = static_cast<std::size_t>(std::stoul(paging->marker));
    } catch (...) {
      return ValidationError("Invalid Marker.");
    }
  }
  const std::size_t total = actions->size() * resources->size();
  boost::json::array results;
  policy::Decision decision;
  std::size_t i = first;
  for (; i < total && results.size() < static_cast<std::size_t>(paging->max_items); ++i) {
    policy::EvalRequest request;
    request.principal = sim.principal;
    request.action = (*actions)[i / resources->size()];
    request.resource = (*resources)[i % resources->size()];
    // Empty when the ARN names its owner: the engine reads it from there.
    request.resource_account = NamesOwnAccount(request.resource) ? std::string() : sim.resource_account;
    request.context = sim.context;
    policy::Evaluate(sim.set, request, &decision);
    results.push_back(ResultJson(sim, request.action, request.resource, decision));
  }
  boost::json::object out{{"EvaluationResults", std::move(results)}};
  SetPage(out, i < total ? std::optional<std::string>(std::to_string(i)) : std::nullopt);
  return Outcome(std::move(out), false);
}

policy::RequestPrincipal SimulatedUser(const CallContext& ctx, const std::optional<std::string>& caller_arn) {
  if (caller_arn) {
    policy::RequestPrincipal p = policy::RequestPrincipal::FromArn(*caller_arn);
    if (p.IsIamPrincipal() && p.kind != policy::PrincipalKind::kAccountRoot) return p;
  }
  policy::RequestPrincipal p;
  p.kind = policy::PrincipalKind::kUser;
  p.account = ctx.account_id;
  p.arn = caller_arn.value_or("arn:aws:iam::" + ctx.account_id + ":user/SimulatedUser");
  return p;
}

Operation SimulateCustomPolicy() {
  Operation op;
  op.name = "SimulateCustomPolicy";
  op.action = "iam:SimulateCustomPolicy";
  op.read_only = true;
  op.resource = [](const CallContext&) { return ResourceRef{"*", ""}; };
  op.execute = [](const CallContext& ctx, store::Transaction&) -> core::Result<OperationOutcome> {
    if (StringList(ctx, "PolicyInputList").empty()) {
      return ValidationError(
          "1 validation error detected: Value null at 'policyInputList' failed to satisfy constraint: Member must "
          "not be null");
    }
    Simulation sim;
    if (auto s = ReadCommonInputs(ctx, sim); !s.ok()) return s.error();
    sim.principal = SimulatedUser(ctx, OptionalString(ctx, "CallerArn"));
    return Run(ctx, sim);
  };
  return op;
}

Operation SimulatePrincipalPolicy() {
  Operation op;
  op.name = "SimulatePrincipalPolicy";
  op.action = "iam:SimulatePrincipalPolicy";
  op.read_only = true;
  op.resource = [](const CallContext& ctx) -> ResourceRef {
    return ResourceRef{OptionalString(ctx, "PolicySourceArn").value_or("*"), ""};
  };
  op.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    const std::string source_arn = RequiredString(ctx, "PolicySourceArn");
    auto entity = iam::FindEntityByArn(txn, source_arn);
    if (!entity.ok()) return entity.error();
    if (!entity->has_value()) {
      return core::Error{"NoSuchEntity", "The entity with ARN " + source_arn + " cannot be found."};
    }
    const iam::Entity& e = **entity;
    auto loaded = iam::LoadPrincipalPolicies(txn, ctx.account_id, e.kind, e.name);
    if (!loaded.ok()) return loaded.error();
    Simulation sim;
    for (const auto& p : loaded->identity) {
      auto compiled = Add(sim, p.id, p.type, p.document, policy::PolicyKind::kIdentity, policy::PolicyType::kIdentity);
      if (!compiled.ok()) return core::Error{"PolicyEvaluation", "A policy of the principal could not be read."};
      sim.set.identity.push_back(*compiled);
    }
    if (loaded->boundary) {
      sim.set.boundaries.emplace();
      auto compiled = Add(sim, loaded->boundary->id, loaded->boundary->type, loaded->boundary->document,
                          policy::PolicyKind::kPermissionsBoundary, policy::PolicyType::kPermissionsBoundary);
      if (!compiled.ok()) return core::Error{"PolicyEvaluation", "The permissions boundary could not be read."};
      sim.set.boundaries->push_back(*compiled);
    }
    if (auto s = ReadCommonInputs(ctx, sim); !s.ok()) return s.error();
    const auto caller_arn = OptionalString(ctx, "CallerArn");
    if (e.kind == iam::EntityKind::kGroup) {
      sim.principal = SimulatedUser(ctx, caller_arn);
    } else {
      sim.principal = policy::RequestPrincipal::FromArn(caller_arn.value_or(e.arn));
    }
    for (const auto& t : loaded->tags) {
      if (!sim.context.Find("aws:PrincipalTag/" + t.key)) sim.context.Set("aws:PrincipalTag/" + t.key, t.value);
    }
    return Run(ctx, sim);
  };
  return op;
}

}  // namespace

OperationList SimulateOperations(const IamDeps&) { return {SimulateCustomPolicy(), SimulatePrincipalPolicy()}; }

}  // namespace bulwark::services::iam_ops
