// Does one compiled statement apply to a request? Action, resource, principal and conditions, each
// in AWS's terms. Used by the evaluator; exposed for tests and for the validator's reasoning.
// Thread-safety: pure functions; `scratch` is the caller's.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policy/compiled_policy.h"
#include "policy/request_context.h"

namespace bulwark::policy {

// How a resource policy's Principal element names the caller; the order is strength.
enum class PrincipalMatch { kNone = 0, kAccount = 1, kRole = 2, kDirect = 3 };

struct MatchInput {
  std::string_view service;      // Lower-cased action service.
  std::string_view action_name;  // Lower-cased action name.
  const EvalRequest* request = nullptr;
  std::optional<core::ArnParts> resource_parts;  // The request's resource, split once.
  const PrincipalFacts* principal = nullptr;
};

bool ActionMatches(const CompiledStatement& st, const MatchInput& in);
bool ResourceMatches(const CompiledStatement& st, const MatchInput& in, std::string* scratch,
                     std::vector<std::string_view>* missing);
PrincipalMatch MatchPrincipal(const CompiledPrincipal& p, const PrincipalFacts& facts);
// All conditions hold. Keys referenced by the conditions and absent from the context are appended
// to `missing` (every condition is checked for presence even after one fails).
bool ConditionsHold(const CompiledStatement& st, const RequestContext& context, std::string* scratch,
                    std::vector<std::string_view>* missing);

}  // namespace bulwark::policy
