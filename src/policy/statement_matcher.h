// Does one compiled statement apply to a request? Action, resource and principal, each in AWS's
// terms (conditions are condition_evaluator.h's). Used by the evaluator; exposed for tests.
// Thread-safety: pure functions; `scratch` and `missing` are the caller's.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/arn.h"
#include "policy/compiled_policy.h"
#include "policy/request_context.h"

namespace bulwark::policy {

// A match that may be undecidable: a policy variable could not be resolved, which makes the
// statement not apply ("IAM policy elements: Variables and tags").
enum class MatchOutcome { kNoMatch, kMatch, kUnresolvable };

// The parts of the request every statement is compared with, prepared once per request.
struct MatchInput {
  std::string_view action;       // Lower-cased "service:name".
  std::string_view service;      // Lower-cased action service.
  std::string_view action_name;  // Lower-cased action name.
  uint64_t action_hash = 0;      // HashKey(action)
  uint64_t service_hash = 0;     // HashKey(service)
  const EvalRequest* request = nullptr;
  bool resource_is_arn = false;           // The request's resource has six components,
  core::ArnParts resource_parts;          // split,
  std::string_view resource_head;         // and its first five with their colons: "arn:aws:s3:::".
  bool has_permissions_boundary = false;  // For NotPrincipal (see MatchPrincipal).
};

// The account that owns the request's resource: the one the request names; else the account field
// of the resource's ARN when it holds an account id ("arn:aws:sqs:us-east-1:444455556666:queue1"
// belongs to 444455556666: "IAM identifiers", ARN format); else (ARNs without an account, such as S3
// buckets and objects, AWS-owned ARNs such as "arn:aws:iam::aws:policy/...", and "*") the
// principal's own account. A request whose resource account differs from the principal's is a
// cross-account request ("Cross-account policy evaluation logic").
std::string_view ResourceAccountOf(const EvalRequest& request, const core::ArnParts* resource_parts);
// Whether the request is within the principal's account, by ResourceAccountOf (without its account-id
// check when the ARN names the principal's own account: the common case costs one comparison).
inline bool SameAccount(const MatchInput& in) {
  const EvalRequest& request = *in.request;
  const std::string_view principal = request.principal.account;
  const auto same = [&](std::string_view account) {
    return account.size() == principal.size() && Pattern::SameBytes(account.data(), principal.data(), account.size());
  };
  if (!request.resource_account.empty()) return same(request.resource_account);
  const std::string_view account = in.resource_parts.account;  // Empty unless the resource is an ARN.
  if (account.size() != 12 || same(account)) return true;
  for (char c : account) {
    if (c < '0' || c > '9') return true;
  }
  return false;
}

// Prepares the request-wide part of `in` (action lower-cased into `lower_action`, which must
// outlive `in`, split and hashed; resource split).
void PrepareMatchInput(const EvalRequest& request, std::string* lower_action, MatchInput* in);

// Action/NotAction against the whole action (case-insensitive, wildcards).
bool ActionMatches(const CompiledPolicy& policy, const CompiledStatement& st, const MatchInput& in);
// The candidate's pre-selected action names against the action name.
bool CandidateActionMatches(const CompiledPolicy& policy, const Candidate& c, const MatchInput& in);

// Resource/NotResource (case-sensitive; each ARN component matched on its own, except that a pattern
// of fewer than six components ending in '*' matches across the colons after its last component).
// Statements without
// either (trust policies) match. Keys of unresolvable variables are appended to `missing`.
MatchOutcome ResourceMatches(const CompiledPolicy& policy, const CompiledStatement& st, const MatchInput& in,
                             std::string* scratch, std::vector<std::string_view>* missing);

// How a resource-based policy's Principal element names the caller; the order is strength.
//   kDirect:  "*", the caller's own ARN (user, role session, federated user, service ...);
//   kRole:    the role of a role session (or the IAM user behind a federated-user session): the
//             grant is subject to the permissions boundary and session policies;
//   kAccount: the caller's account (id or root ARN): the account delegates to its identity policies.
enum class PrincipalMatch { kNone = 0, kAccount = 1, kRole = 2, kDirect = 3 };

// For NotPrincipal the statement applies (kDirect) unless every identity AWS checks for the caller
// is listed: the account, then the role (for sessions), then the session or user itself by its exact
// ARN, a role's ARN not standing for its sessions ("AWS JSON policy elements: NotPrincipal"); and it always applies to IAM principals that have a permissions boundary
// ("Permissions boundaries for IAM entities").
PrincipalMatch MatchPrincipal(const CompiledPrincipal& p, const RequestPrincipal& who,
                              bool has_permissions_boundary);

}  // namespace bulwark::policy
