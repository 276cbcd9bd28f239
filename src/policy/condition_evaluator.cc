#include "policy/condition_evaluator.h"

#include <strings.h>

#include "core/arn.h"
#include "core/wildcard.h"

namespace bulwark::policy {

namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

// The text of a policy value: as written, or expanded when it has variables (nullopt when one
// cannot be resolved; its key is then in `missing`).
// Only called for values with variables (templates); literal values are read from the arena.
std::optional<std::string_view> Expanded(const ValueTemplate& t, bool as_pattern, const RequestContext& ctx,
                                         std::string* scratch, std::vector<std::string_view>* missing) {
  scratch->clear();
  std::string_view missing_key;
  if (!t.Expand(ctx, as_pattern, scratch, &missing_key)) {
    missing->push_back(missing_key);
    return std::nullopt;
  }
  return std::string_view(*scratch);
}

bool CompareOrdered(ConditionTest test, double policy, double actual) {
  switch (test) {
    case ConditionTest::kNumericEquals:
    case ConditionTest::kNumericNotEquals:
    case ConditionTest::kDateEquals:
    case ConditionTest::kDateNotEquals: return actual == policy;
    case ConditionTest::kNumericLessThan:
    case ConditionTest::kDateLessThan: return actual < policy;
    case ConditionTest::kNumericLessThanEquals:
    case ConditionTest::kDateLessThanEquals: return actual <= policy;
    case ConditionTest::kNumericGreaterThan:
    case ConditionTest::kDateGreaterThan: return actual > policy;
    case ConditionTest::kNumericGreaterThanEquals:
    case ConditionTest::kDateGreaterThanEquals: return actual >= policy;
    default: return false;
  }
}

// The context value of a binary key is given base64-encoded (as SimulatePrincipalPolicy's
// ContextEntries take binary values); compared byte for byte with the policy's decoded value.
bool BinaryEquals(std::string_view policy_bytes, std::string_view actual) {
  const auto decoded = DecodeBase64(actual);
  return decoded ? *decoded == policy_bytes : actual == policy_bytes;
}

struct Comparison {
  const CompiledPolicy& policy;
  const CompiledCondition& c;
  const RequestContext& ctx;
  std::string* scratch;
  std::vector<std::string_view>* missing;

  // The un-negated test of one context value against one policy value (StringNotEquals is
  // "not StringEquals", applied by the caller).
  MatchOutcome Positive(const CompiledValue& pv, std::string_view actual, const TypedValue& typed) const {
    switch (c.family) {
      case OperatorFamily::kString: return String(pv, actual);
      case OperatorFamily::kArn: {
        if (pv.template_index == kNoIndex) return Of(core::ArnMatch(policy.text(pv.plain), actual));
        const auto pattern = Expand(pv, /*as_pattern=*/true);
        if (!pattern) return MatchOutcome::kUnresolvable;
        return Of(core::ArnMatch(*pattern, actual));
      }
      case OperatorFamily::kNumeric:
        return Of(pv.number && typed.has(TypedValue::kNumber) &&
                  CompareOrdered(c.test, *pv.number, typed.number));
      case OperatorFamily::kDate:
        return Of(pv.number && typed.has(TypedValue::kDate) &&
                  CompareOrdered(c.test, *pv.number, typed.date));
      case OperatorFamily::kBool: {
        std::optional<bool> value = pv.boolean;
        if (pv.template_index != kNoIndex) {
          const auto text = Expand(pv, /*as_pattern=*/false);
          if (!text) return MatchOutcome::kUnresolvable;
          value = ParseBool(*text);
        }
        return Of(value && typed.has(TypedValue::kBool) && *value == typed.boolean);
      }
      case OperatorFamily::kBinary: return Of(pv.has_binary && BinaryEquals(policy.text(pv.binary), actual));
      case OperatorFamily::kIpAddress:
        return Of(pv.ip && typed.has(TypedValue::kIp) && IpInBlock(typed.ip, *pv.ip));
      case OperatorFamily::kNull: return MatchOutcome::kNoMatch;  // Decided on presence alone.
    }
    return MatchOutcome::kNoMatch;
  }

  MatchOutcome String(const CompiledValue& pv, std::string_view actual) const {
    const bool like = c.test == ConditionTest::kStringLike || c.test == ConditionTest::kStringNotLike;
    const bool ignore_case = c.test == ConditionTest::kStringEqualsIgnoreCase ||
                             c.test == ConditionTest::kStringNotEqualsIgnoreCase;
    if (pv.template_index == kNoIndex) {
      if (like) return Of(pv.pattern.Matches(policy.arena(), actual));
      const std::string_view text = policy.text(pv.plain);
      return Of(ignore_case ? EqualsIgnoreCase(text, actual) : text == actual);
    }
    const auto text = Expand(pv, like);
    if (!text) return MatchOutcome::kUnresolvable;
    if (like) return Of(core::WildcardMatch(*text, actual));
    return Of(ignore_case ? EqualsIgnoreCase(*text, actual) : *text == actual);
  }

  std::optional<std::string_view> Expand(const CompiledValue& pv, bool as_pattern) const {
    return Expanded(policy.value_template(pv.template_index), as_pattern, ctx, scratch, missing);
  }

  // Policy values are ORed: one context value matches if any policy value does. An unresolvable
  // value decides only when no other value matches.
  MatchOutcome AnyPolicyValue(const ContextEntry& entry, uint32_t i) const {
    const std::string_view actual = ctx.value(entry, i);
    const TypedValue& typed = ctx.typed(entry, i);
    bool unresolvable = false;
    for (const CompiledValue& pv : policy.values(c)) {
      const MatchOutcome m = Positive(pv, actual, typed);
      if (m == MatchOutcome::kMatch) return m;
      unresolvable |= m == MatchOutcome::kUnresolvable;
    }
    return unresolvable ? MatchOutcome::kUnresolvable : MatchOutcome::kNoMatch;
  }

  static MatchOutcome Of(bool b) { return b ? MatchOutcome::kMatch : MatchOutcome::kNoMatch; }
};

// "If the key values in the request resolve to an empty data set (for example, an empty string)"
// (IAM User Guide, "Creating a condition with multiple keys or values").
bool IsEmptySet(const RequestContext& ctx, const ContextEntry& e) {
  return e.size() == 0 || (e.size() == 1 && ctx.value(e, 0).empty());
}

MatchOutcome Holds(bool b) {
  return b ? MatchOutcome::kMatch : MatchOutcome::kNoMatch;
}

MatchOutcome NullHolds(const CompiledPolicy& policy, const CompiledCondition& c, const ContextEntry* entry) {
  // "true": the key is absent (or has no value); "false": it is present.
  const bool absent = entry == nullptr || entry->size() == 0;
  for (const CompiledValue& v : policy.values(c)) {
    if (v.boolean && *v.boolean == absent) return MatchOutcome::kMatch;
  }
  return MatchOutcome::kNoMatch;
}

MatchOutcome MissingKeyHolds(const CompiledCondition& c) {
  if (c.if_exists) return MatchOutcome::kMatch;
  if (c.qualifier == SetQualifier::kForAllValues) return MatchOutcome::kMatch;
  if (c.qualifier == SetQualifier::kForAnyValue) return MatchOutcome::kNoMatch;
  return Holds(c.negated);
}

MatchOutcome ForAllValues(const Comparison& cmp, const ContextEntry& entry) {
  if (IsEmptySet(cmp.ctx, entry)) return MatchOutcome::kMatch;
  for (uint32_t i = 0; i < entry.size(); ++i) {
    const MatchOutcome m = cmp.AnyPolicyValue(entry, i);
    if (m == MatchOutcome::kUnresolvable) return m;
    if ((m == MatchOutcome::kMatch) == cmp.c.negated) return MatchOutcome::kNoMatch;
  }
  return MatchOutcome::kMatch;
}

MatchOutcome ForAnyValue(const Comparison& cmp, const ContextEntry& entry) {
  if (IsEmptySet(cmp.ctx, entry)) return MatchOutcome::kNoMatch;
  bool unresolvable = false;
  for (uint32_t i = 0; i < entry.size(); ++i) {
    const MatchOutcome m = cmp.AnyPolicyValue(entry, i);
    if (m == MatchOutcome::kUnresolvable) {
      unresolvable = true;
    } else if ((m == MatchOutcome::kMatch) != cmp.c.negated) {
      return MatchOutcome::kMatch;
    }
  }
  return unresolvable ? MatchOutcome::kUnresolvable : MatchOutcome::kNoMatch;
}

// Without a set qualifier: true when any context value matches (negated: when none does).
MatchOutcome SingleValued(const Comparison& cmp, const ContextEntry& entry) {
  bool unresolvable = false;
  for (uint32_t i = 0; i < entry.size(); ++i) {
    const MatchOutcome m = cmp.AnyPolicyValue(entry, i);
    if (m == MatchOutcome::kMatch) return Holds(!cmp.c.negated);
    unresolvable |= m == MatchOutcome::kUnresolvable;
  }
  if (unresolvable) return MatchOutcome::kUnresolvable;
  return Holds(cmp.c.negated);
}

MatchOutcome ConditionHolds(const CompiledPolicy& policy, const CompiledCondition& c,
                            const ContextEntry* entry, const RequestContext& ctx, std::string* scratch,
                            std::vector<std::string_view>* missing) {
  if (c.test == ConditionTest::kNull) return NullHolds(policy, c, entry);
  if (entry == nullptr) {
    missing->push_back(policy.text(c.key_written));
    return MissingKeyHolds(c);
  }
  const Comparison cmp{policy, c, ctx, scratch, missing};
  switch (c.qualifier) {
    case SetQualifier::kForAllValues: return ForAllValues(cmp, *entry);
    case SetQualifier::kForAnyValue: return ForAnyValue(cmp, *entry);
    case SetQualifier::kNone: break;
  }
  return SingleValued(cmp, *entry);
}

}  // namespace

MatchOutcome ConditionsHold(const CompiledPolicy& policy, const CompiledStatement& st,
                            const RequestContext& context, std::string* scratch,
                            std::vector<std::string_view>* missing) {
  MatchOutcome outcome = MatchOutcome::kMatch;
  for (const CompiledCondition& c : policy.conditions(st)) {
    const ContextEntry* entry = context.Find(policy.text(c.key_lower), c.key_hash);
    if (outcome != MatchOutcome::kMatch) {
      // Decided; keep looking only for keys the request lacks, for the explanation.
      if (entry == nullptr && c.test != ConditionTest::kNull) missing->push_back(policy.text(c.key_written));
      continue;
    }
    outcome = ConditionHolds(policy, c, entry, context, scratch, missing);
  }
  return outcome;
}

}  // namespace bulwark::policy
