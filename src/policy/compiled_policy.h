// The evaluation form of a policy: parsed once, compiled into immutable matchers, and indexed by
// service prefix so that a request only visits the statements that can apply to its action.
//
// Compilation lower-cases action patterns (actions compare case-insensitively), pre-splits
// resource ARNs into components, pre-parses typed condition values (numbers, dates, CIDRs) and
// compiles policy variables into templates.
// Thread-safety: immutable after Compile(); share freely between threads.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/arn.h"
#include "core/wildcard.h"
#include "policy/condition_operator.h"
#include "policy/condition_value.h"
#include "policy/document.h"
#include "policy/policy_variables.h"
#include "policy/string_index.h"

namespace bulwark::policy {

// Where a policy sits in AWS's evaluation logic.
enum class PolicyType {
  kIdentity,
  kResource,
  kPermissionsBoundary,
  kSession,
  kServiceControl,
  kResourceControl,
};

const char* PolicyTypeName(PolicyType type);  // "IAM Policy", "Resource Policy", ... (SimulatePolicy's SourcePolicyType wording)

struct CompiledAction {
  core::Glob service;  // Lower-cased.
  core::Glob name;     // Lower-cased.
  bool match_all = false;  // "*"
};

struct CompiledResource {
  ValueTemplate pattern;
  bool match_all = false;
  // A literal ARN pattern, pre-split: partition, service, region, account, resource.
  bool split = false;
  std::array<core::Glob, 5> components;
};

struct CompiledValue {
  ValueTemplate text;
  std::optional<double> number;  // Numeric* and Date* literals
  std::optional<IpBlock> ip;     // IpAddress literals
  std::optional<bool> boolean;   // Bool literals
};

struct CompiledCondition {
  ConditionTest test;
  OperatorFamily family;
  SetQualifier qualifier;
  bool if_exists;
  bool negated;
  std::string key_lower;
  std::string key_written;
  std::vector<CompiledValue> values;
};

// One "AWS" principal value, classified at compile time.
struct AwsPrincipal {
  enum class Kind { kAccount, kRole, kExact };
  Kind kind = Kind::kExact;
  std::string arn;        // Account ids normalized to "arn:aws:iam::<id>:root".
  std::string account;    // For kAccount and kRole.
  std::string role_name;  // For kRole: the last path component.
};

struct CompiledPrincipal {
  bool present = false;
  bool negated = false;
  bool everyone = false;  // "*" or {"AWS": "*"}
  std::vector<AwsPrincipal> aws;
  std::vector<std::string> services;
  std::vector<std::string> federated;
  std::vector<std::string> canonical_users;
};

struct CompiledStatement {
  uint32_t index = 0;
  std::string sid;
  SourceLocation location;
  Effect effect = Effect::kAllow;
  bool not_action = false;
  std::vector<CompiledAction> actions;
  bool has_resource = false;
  bool not_resource = false;
  std::vector<CompiledResource> resources;
  CompiledPrincipal principal;
  std::vector<CompiledCondition> conditions;
};

class CompiledPolicy {
 public:
  // `id` names the policy in explanations (a policy ARN, "user/alice/inline-name", a file name).
  static std::shared_ptr<const CompiledPolicy> Compile(const PolicyDocument& document, PolicyType type, std::string id);

  const std::string& id() const { return id_; }
  PolicyType type() const { return type_; }
  const std::vector<CompiledStatement>& statements() const { return statements_; }

  // The statements whose actions can match a request, in three lists (ascending statement order
  // in each, no statement in two): those naming the exact action (no action check needed), those
  // with an action pattern in the request's service, and those with a wildcard service, "*" or
  // NotAction. Keys are lower-case; hashes come from HashKey() so callers hash once per request.
  struct Candidates {
    const std::vector<uint32_t>* exact = nullptr;
    const std::vector<uint32_t>* by_service = nullptr;
    const std::vector<uint32_t>* generic = nullptr;
  };
  Candidates CandidatesFor(std::string_view action, uint64_t action_hash, std::string_view service,
                           uint64_t service_hash) const {
    return Candidates{by_action_.Find(action, action_hash), by_service_.Find(service, service_hash), &generic_};
  }

 private:
  std::string id_;
  PolicyType type_ = PolicyType::kIdentity;
  std::vector<CompiledStatement> statements_;
  StringIndex by_action_;
  StringIndex by_service_;
  std::vector<uint32_t> generic_;
};

}  // namespace bulwark::policy
