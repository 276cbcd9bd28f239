// AWS's policy evaluation logic (IAM User Guide: "Policy evaluation logic", "Policy evaluation for
// requests within a single account", "Cross-account policy evaluation logic"), with the explanation
// of every decision.
//
// Order of reasoning:
//  1. An explicit Deny in any applicable policy wins: SCPs, RCPs, the resource-based policy,
//     identity-based policies, permissions boundaries, session policies.
//  2. Every organization level of RCPs (for the resource) and SCPs (for an IAM principal; not for
//     service-linked roles) must allow. SCPs and RCPs only filter, never grant. RCP levels need no
//     Allow of their own: AWS attaches RCPFullAWSAccess at every level and it cannot be detached.
//     Callers pass no SCPs for the management account and no RCPs for its resources (neither
//     applies there).
//  3. Within one account, a resource-based policy naming the caller (user ARN, role session ARN,
//     "*") grants on its own, even past an implicit deny in boundaries and session policies; naming
//     the role of a session it grants within them; naming only the account it delegates to the
//     identity-based policies. Across accounts both the identity side (in the caller's account) and
//     the resource policy (in the resource's account) must allow.
//  4. Identity-based policies grant within the permissions boundary and the session policies. The
//     account root user needs no identity-based policy (and has no boundary).
//  5. Service principals, web identities and anonymous callers are granted only by resource-based
//     policies.
//
// Thread-safety: pure; compiled policies are shared read-only; a Decision is the caller's scratch
// space and may be reused between calls (that keeps the hot path free of allocations).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policy/compiled_policy.h"
#include "policy/request_context.h"

namespace bulwark::policy {

// The policies that apply to one request. Pointers must outlive the evaluation and the Decision.
struct PolicySet {
  std::vector<const CompiledPolicy*> identity;
  const CompiledPolicy* resource = nullptr;
  std::optional<std::vector<const CompiledPolicy*>> boundaries;         // nullopt: no boundary
  std::optional<std::vector<std::vector<const CompiledPolicy*>>> scps;  // per level, root first
  std::optional<std::vector<std::vector<const CompiledPolicy*>>> rcps;  // per level, root first
  std::optional<std::vector<const CompiledPolicy*>> session;            // nullopt: no session policy
  // For resources whose policy must allow even within the account (KMS key policies, role trust
  // policies): identity-based policies then grant only where the resource policy delegates to the
  // account ("Key policies in AWS KMS").
  bool resource_policy_required = false;
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
  // The statements that decided, in evaluation order (SCP and RCP levels, resource policy, identity
  // policies, boundaries, session policies; document order within a policy): the Deny statements
  // for explicitDeny, the Allow statements that matched for allowed; empty for implicitDeny.
  std::vector<MatchedStatement> matched;
  // Context keys that statements applying to the action and resource referenced and the request
  // did not carry, as written in the policies, sorted and unique (SimulatePrincipalPolicy's
  // MissingContextValues).
  std::vector<std::string_view> missing_context_keys;
  // Per-layer verdicts; nullopt when the layer does not apply to the request.
  std::optional<EvalDecision> organizations;      // SCPs (OrganizationsDecisionDetail)
  std::optional<EvalDecision> resource_controls;  // RCPs
  std::optional<EvalDecision> resource_policy;
  std::optional<EvalDecision> identity_policies;
  std::optional<EvalDecision> permissions_boundary;  // PermissionsBoundaryDecisionDetail
  std::optional<EvalDecision> session_policy;

  // Scratch space reused between evaluations.
  std::vector<MatchedStatement> scratch_allows;
  std::vector<MatchedStatement> scratch_denies;
  std::string scratch_action;
  std::string scratch_text;
};

void Evaluate(const PolicySet& policies, const EvalRequest& request, Decision* decision);

// Whether the resource-based policy of a request is a role's trust policy: sts:AssumeRole,
// sts:AssumeRoleWithSAML, sts:AssumeRoleWithWebIdentity, sts:TagSession and sts:SetSourceIdentity
// (any case) on a role ARN ("arn:<partition>:iam::<account>:role/..."). A trust policy has the
// trust-policy grammar (no Resource element) and must allow the request even within the account
// ("Terms and concepts for roles": the trust policy is a required resource-based policy), so
// callers parse it as PolicyKind::kTrust and set PolicySet::resource_policy_required.
bool IsRoleTrustRequest(std::string_view action, std::string_view resource);

// Convenience for one-off calls.
Decision Evaluate(const PolicySet& policies, const EvalRequest& request);

}  // namespace bulwark::policy
