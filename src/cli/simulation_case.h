// One simulation case: the request, the policies by role, compiled; and its result as JSON.
// Shared by the flag-driven and the batch modes of `bulwark policy simulate`.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/json_tree.h"
#include "core/result.h"
#include "policy/compiled_policy.h"
#include "policy/evaluator.h"

namespace bulwark::cli {

struct SimulationCase {
  std::string id_json = "null";  // The case's id, re-serialized as JSON (string or number).
  policy::EvalRequest request;
  std::vector<std::shared_ptr<const policy::CompiledPolicy>> owned;  // Keeps every policy alive.
  policy::PolicySet policies;
};

// Compiles `document` for `type` under `id` and remembers it in `c.owned`. Errors:
// MalformedPolicyDocument / LimitExceeded with the policy's id in the message.
core::Result<const policy::CompiledPolicy*> AddPolicy(SimulationCase& c, const core::JsonValue& document,
                                                      policy::PolicyType type, const std::string& id);

// Reads one batch case (see policy_simulate_command.h for the format).
core::Result<SimulationCase> ReadBatchCase(const core::JsonValue& line);

// {"id", "decision", "matchedStatements": [...], "missingContextKeys": [...]} on one line.
std::string ResultJson(const std::string& id_json, const policy::Decision& decision);
std::string ErrorJson(const std::string& id_json, const core::Error& error);

}  // namespace bulwark::cli
