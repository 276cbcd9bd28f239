// Loads the shared policy benchmark workload (../shared/bench/policy-workload, format
// iam-perf-workload/v1) into compiled policies and evaluation requests. Shared by the agreement
// test and the benchmark.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "policy/compiled_policy.h"
#include "policy/evaluator.h"

namespace bulwark::policy::testing {

struct WorkloadCase {
  EvalRequest request;
  PrincipalFacts principal;
  const CompiledPolicy* resource_policy = nullptr;
  std::string expected;  // "Allow" | "ExplicitDeny" | "ImplicitDeny"
  std::vector<std::pair<std::string, std::string>> raw_context;  // As in requests.json (single values).
};

struct Workload {
  std::vector<std::shared_ptr<const CompiledPolicy>> identity;
  std::map<std::string, std::shared_ptr<const CompiledPolicy>> resource;
  std::vector<WorkloadCase> cases;
};

// `dir` holds policies.json, requests.json and expected.json.
core::Result<Workload> LoadWorkload(const std::string& dir);

// "Allow" | "ExplicitDeny" | "ImplicitDeny", as expected.json spells decisions.
const char* WorkloadDecisionName(EvalDecision d);

}  // namespace bulwark::policy::testing
