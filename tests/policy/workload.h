// Loads the shared policy benchmark workload (../shared/bench/policy-workload, format
// iam-perf-workload/v1) into compiled policies and evaluation requests. Shared by the agreement
// test and the benchmark.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "policy/compiled_policy.h"
#include "policy/document.h"
#include "policy/evaluator.h"

namespace bulwark::policy::testing {

struct WorkloadCase {
  EvalRequest request;
  const CompiledPolicy* resource_policy = nullptr;
  std::string expected;                                          // "Allow" | "ExplicitDeny" | "ImplicitDeny"
  std::vector<std::pair<std::string, std::string>> raw_context;  // As in requests.json (single values).
};

// The parsed documents, before compilation (the benchmark measures what compiling them costs).
struct WorkloadDocuments {
  std::vector<std::pair<std::string, PolicyDocument>> identity;  // name, document
  std::map<std::string, PolicyDocument> resource;
};

struct Workload {
  // Every identity policy on its own, and all of them as one bundle (CompiledPolicy::CompileBundle).
  std::vector<std::shared_ptr<const CompiledPolicy>> identity;
  std::shared_ptr<const CompiledPolicy> identity_bundle;
  std::map<std::string, std::shared_ptr<const CompiledPolicy>> resource;
  std::vector<WorkloadCase> cases;
};

// `dir` holds policies.json, requests.json and expected.json.
core::Result<WorkloadDocuments> LoadWorkloadDocuments(const std::string& dir);
core::Result<Workload> LoadWorkload(const std::string& dir);

// The workload folder: $BULWARK_POLICY_WORKLOAD, else <source>/../shared/bench/policy-workload.
std::string WorkloadDir(const std::string& source_dir);

// "Allow" | "ExplicitDeny" | "ImplicitDeny", as expected.json spells decisions.
const char* WorkloadDecisionName(EvalDecision d);

}  // namespace bulwark::policy::testing
