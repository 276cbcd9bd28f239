// AWS's policy evaluation logic ("Policy evaluation logic" and "Cross-account policy evaluation
// logic" in the IAM User Guide), with the explanation of every decision.
//
// Order of reasoning: an explicit Deny in any applicable policy wins (SCPs, RCPs, resource policy,
// identity policies, permissions boundary, session policies). Otherwise every organization level of
// SCPs (for the principal) and RCPs (for the resource) must allow. Then, within one account, a
// resource policy that names the principal (user ARN, role session ARN, or "*") grants on its own;
// one that names the role of a session grants subject to the boundary and session policies; one that
// names only the account delegates to the identity policies. Across accounts both the identity side
// and the resource policy must allow. Permissions boundaries and session policies cap what identity
// policies grant. The account root user needs no identity policy in its own account.
//
// Thread-safety: pure; a Decision is the caller's scratch space and may be reused between calls.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policy/compiled_policy.h"
#include "policy/request_context.h"

namespace bulwark::policy {

// The policies that apply to one request. Pointers must outlive the evaluation.
struct PolicySet {
  std::vector<const CompiledPolicy*> identity;
  const CompiledPolicy* resource = nullptr;
  std::optional<std::vector<const CompiledPolicy*>> boundaries;            // nullopt: no boundary
  std::optional<std::vector<std::vector<const CompiledPolicy*>>> scps;     // per level, root first
  std::optional<std::vector<std::vector<const CompiledPolicy*>>> rcps;     // per level, root first
  std::optional<std::vector<const CompiledPolicy*>> session;               // nullopt: not a session
};

enum class EvalDecision { kAllowed, kExplicitDeny, kImplicitDeny };
const char* EvalDecisionName(EvalDecision d);  // "allowed" | "explicitDeny" | "implicitDeny"

struct MatchedStatement {
  const CompiledPolicy* policy = nullptr;
  const CompiledStatement* statement = nullptr;
};

// `matched` and `missing_context_keys` point into the compiled policies: they are valid while the
// policies live.
struct Decision {
  EvalDecision decision = EvalDecision::kImplicitDeny;
  // The statements that decided: the Deny statements for explicitDeny, the Allow statements that
  // granted for allowed; empty for implicitDeny.
  std::vector<MatchedStatement> matched;
  // Context keys that applicable statements referenced and the request did not carry, as written
  // in the policies, sorted and unique.
  std::vector<std::string_view> missing_context_keys;
  // Per-layer verdicts (nullopt when the layer was not part of the request).
  std::optional<EvalDecision> organizations;       // SCPs
  std::optional<EvalDecision> resource_controls;   // RCPs
  std::optional<EvalDecision> permissions_boundary;
  std::optional<EvalDecision> session_policy;
  std::optional<EvalDecision> resource_policy;

  // Internal scratch reused between evaluations (keeps the hot path free of allocations).
  std::vector<MatchedStatement> scratch_allows;
  std::vector<MatchedStatement> scratch_denies;
  std::string scratch_action;
  std::string scratch_text;
};

void Evaluate(const PolicySet& policies, const EvalRequest& request, const PrincipalFacts& principal,
              Decision* decision);

// Convenience for one-off calls.
Decision Evaluate(const PolicySet& policies, const EvalRequest& request);

}  // namespace bulwark::policy
