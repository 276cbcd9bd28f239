// One simulation case: the request, the policies by role, compiled; and its result as JSON.
// Shared by the flag-driven and the batch modes of `bulwark policy simulate`.
// Thread-safety: value types; functions are pure.
#pragma once

#include <memory>
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

// Parses `document` for `type`, compiles it under `id` and keeps it in `c.owned`.
// Errors: MalformedPolicyDocument (and the parser's other codes) with `id` in the message.
core::Result<const policy::CompiledPolicy*> AddPolicy(SimulationCase& c, const core::JsonValue& document,
                                                      policy::PolicyType type, const std::string& id);

// Adds the case's resource-based policy: for a role trust request (policy::IsRoleTrustRequest on the
// case's request, which must be read first) it is the role's trust policy, read with the trust-policy
// grammar (no Resource element) and required to allow; otherwise a resource policy.
core::Status AddResourcePolicy(SimulationCase& c, const core::JsonValue& document, const std::string& id);

// Reads one batch case (see policy_simulate_command.h for the format). Errors: InvalidInput for a
// missing or mistyped field, the parser's codes for a bad policy.
core::Result<SimulationCase> ReadBatchCase(const core::JsonValue& line);

// {"id", "decision", "matchedStatements": [...], "missingContextKeys": [...]} on one line. Each
// matched statement: {"sourcePolicyId", "sourcePolicyType" ("identity" | "resource" | "boundary" |
// "session" | "scp" | "rcp"), "sid" (or null), "statementIndex", "effect",
// "startPosition": {"line", "column"}}.
std::string ResultJson(const std::string& id_json, const policy::Decision& decision);
// The same, indented, with "decisionDetails": the verdict of each layer that applied
// ("organizations", "resourceControlPolicies", "resourcePolicy", "identityPolicies",
// "permissionsBoundary", "sessionPolicy").
std::string DetailedResultJson(const std::string& id_json, const policy::Decision& decision);
// {"id", "error": {"code", "message"}} on one line.
std::string ErrorJson(const std::string& id_json, const core::Error& error);

}  // namespace bulwark::cli
