// A statement's Condition block against the request context ("IAM JSON policy elements: Condition
// operators", "Single-valued vs. multivalued context keys").
//
// Within one operator the values of a key are ORed; keys, and operators, are ANDed. A key missing
// from the context makes a positive operator false and a negated one (StringNotEquals, NotIpAddress,
// ArnNotLike ...) true; ...IfExists makes the condition true; ForAllValues is true and ForAnyValue
// false, as they are for an empty set (no values, or a single empty string); Null tests presence.
// A single-valued operator on a multivalued key holds when any value matches (negated: when none
// does). Unresolvable policy variables make the outcome kUnresolvable: the statement does not apply.
// Thread-safety: pure functions; `scratch` and `missing` are the caller's.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "policy/compiled_policy.h"
#include "policy/request_context.h"
#include "policy/statement_matcher.h"

namespace bulwark::policy {

// kMatch when every condition holds. Keys referenced by the conditions and absent from the context
// are appended to `missing` as written, for all conditions, even after one has failed.
MatchOutcome ConditionsHold(const CompiledPolicy& policy, const CompiledStatement& st,
                            const RequestContext& context, std::string* scratch,
                            std::vector<std::string_view>* missing);

}  // namespace bulwark::policy
