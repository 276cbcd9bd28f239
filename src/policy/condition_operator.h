// Condition operator names: parsing "ForAnyValue:StringLikeIfExists" into its parts, and the
// properties of each test (family, negation) the validator and the compiler share.
// Thread-safety: pure functions over constant tables.
#pragma once

#include <optional>
#include <string_view>

#include "policy/document.h"

namespace bulwark::policy {

enum class OperatorFamily { kString, kNumeric, kDate, kBool, kBinary, kIpAddress, kArn, kNull };

// Parses an operator as written in a policy. Operator names are case-sensitive, as in AWS; the
// qualifier prefix is too. Returns nullopt for unknown operators and for "NullIfExists".
std::optional<ConditionOperator> ParseConditionOperator(std::string_view name);

OperatorFamily FamilyOf(ConditionTest test);

// True for the negated tests (StringNotEquals, NotIpAddress, ArnNotLike ...). A negated test is
// true when the key is missing from the request context.
bool IsNegated(ConditionTest test);

}  // namespace bulwark::policy
