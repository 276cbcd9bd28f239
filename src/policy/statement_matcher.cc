#include "policy/statement_matcher.h"

#include <strings.h>

#include "core/arn.h"
#include "core/wildcard.h"

namespace bulwark::policy {

bool ActionMatches(const CompiledStatement& st, const MatchInput& in) {
  bool any = false;
  for (const CompiledAction& a : st.actions) {
    if (a.match_all || (a.name.Matches(in.action_name) && a.service.Matches(in.service))) {
      any = true;
      break;
    }
  }
  return st.not_action ? !any : any;
}

bool ResourceMatches(const CompiledStatement& st, const MatchInput& in, std::string* scratch,
                     std::vector<std::string_view>* missing) {
  if (!st.has_resource) return true;  // Trust policies name no resource.
  const std::string& resource = in.request->resource;
  bool any = false;
  for (const CompiledResource& r : st.resources) {
    if (r.match_all) {
      any = true;
    } else if (r.split) {
      // The resource component is the most selective: compare it first.
      const auto& p = in.resource_parts;
      any = p && r.components[4].Matches(p->resource) && r.components[1].Matches(p->service) &&
            r.components[3].Matches(p->account) && r.components[2].Matches(p->region) &&
            r.components[0].Matches(p->partition);
    } else if (!r.pattern.has_variables()) {
      any = core::ArnMatch(r.pattern.literal(), resource);
    } else {
      scratch->clear();
      std::string_view missing_key;
      if (r.pattern.Expand(in.request->context, /*as_pattern=*/true, scratch, &missing_key)) {
        any = core::ArnMatch(*scratch, resource);
      } else {
        missing->push_back(missing_key);
      }
    }
    if (any) break;
  }
  return st.not_resource ? !any : any;
}

PrincipalMatch MatchPrincipal(const CompiledPrincipal& p, const PrincipalFacts& facts) {
  PrincipalMatch best = PrincipalMatch::kNone;
  if (p.everyone) best = PrincipalMatch::kDirect;
  for (const AwsPrincipal& a : p.aws) {
    if (best == PrincipalMatch::kDirect) break;
    if (a.arn == facts.arn) {
      best = PrincipalMatch::kDirect;
    } else if (a.kind == AwsPrincipal::Kind::kRole && facts.kind == PrincipalKind::kRoleSession &&
               a.account == facts.account &&
               std::string_view(facts.role_arn).substr(facts.role_arn.rfind('/') + 1) == a.role_name) {
      best = std::max(best, PrincipalMatch::kRole);
    } else if (a.kind == AwsPrincipal::Kind::kAccount && a.account == facts.account) {
      best = std::max(best, PrincipalMatch::kAccount);
    }
  }
  for (const auto& s : p.services) {
    if (s == facts.arn) best = PrincipalMatch::kDirect;
  }
  for (const auto& f : p.federated) {
    if (f == facts.arn) best = PrincipalMatch::kDirect;
  }
  for (const auto& c : p.canonical_users) {
    if (c == facts.arn) best = PrincipalMatch::kDirect;
  }
  if (p.negated) return best == PrincipalMatch::kNone ? PrincipalMatch::kDirect : PrincipalMatch::kNone;
  return best;
}

namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

// Expands a policy value when it has variables; returns the text to compare, or nullopt when a
// variable's key is missing.
std::optional<std::string_view> ValueText(const CompiledValue& v, bool as_pattern, const RequestContext& ctx,
                                          std::string* scratch, std::vector<std::string_view>* missing) {
  if (!v.text.has_variables()) return as_pattern ? v.text.literal() : v.text.plain();
  scratch->clear();
  std::string_view missing_key;
  if (!v.text.Expand(ctx, as_pattern, scratch, &missing_key)) {
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

// The un-negated comparison of one context value against one policy value (StringNotEquals is
// evaluated as "not StringEquals" by the caller).
bool PositiveCompare(const CompiledCondition& c, const CompiledValue& pv, std::string_view actual,
                     const TypedValue& typed, const RequestContext& ctx, std::string* scratch,
                     std::vector<std::string_view>* missing) {
  switch (c.family) {
    case OperatorFamily::kString: {
      const bool like = c.test == ConditionTest::kStringLike || c.test == ConditionTest::kStringNotLike;
      auto text = ValueText(pv, like, ctx, scratch, missing);
      if (!text) return false;
      if (like) return core::WildcardMatch(*text, actual);
      if (c.test == ConditionTest::kStringEqualsIgnoreCase || c.test == ConditionTest::kStringNotEqualsIgnoreCase) {
        return EqualsIgnoreCase(*text, actual);
      }
      return *text == actual;
    }
    case OperatorFamily::kArn: {
      auto text = ValueText(pv, true, ctx, scratch, missing);
      return text && core::ArnMatch(*text, actual);
    }
    case OperatorFamily::kNumeric:
    case OperatorFamily::kDate: {
      std::optional<double> policy = pv.number;
      if (pv.text.has_variables()) {
        auto text = ValueText(pv, false, ctx, scratch, missing);
        if (!text) return false;
        policy = c.family == OperatorFamily::kDate ? ParseDate(*text) : ParseNumber(*text);
      }
      const auto& value = c.family == OperatorFamily::kDate ? typed.date : typed.number;
      return policy && value && CompareOrdered(c.test, *policy, *value);
    }
    case OperatorFamily::kBool: {
      const auto& value = typed.boolean;
      std::optional<bool> policy = pv.boolean;
      if (pv.text.has_variables()) {
        auto text = ValueText(pv, false, ctx, scratch, missing);
        if (text) policy = ParseBool(*text);
      }
      return policy && value && *policy == *value;
    }
    case OperatorFamily::kBinary: {
      auto text = ValueText(pv, false, ctx, scratch, missing);
      return text && *text == actual;
    }
    case OperatorFamily::kIpAddress: {
      std::optional<IpBlock> block = pv.ip;
      if (pv.text.has_variables()) {
        auto text = ValueText(pv, false, ctx, scratch, missing);
        if (text) block = ParseIpBlock(*text);
      }
      const auto& address = typed.ip;
      return block && address && IpInBlock(*address, *block);
    }
    case OperatorFamily::kNull: return false;  // Handled before values are compared.
  }
  return false;
}

// Policy values are ORed: the context value satisfies the (un-negated) test if any value matches.
bool AnyPolicyValue(const CompiledCondition& c, const ContextEntry& entry, std::size_t i, const RequestContext& ctx,
                    std::string* scratch, std::vector<std::string_view>* missing) {
  for (const CompiledValue& pv : c.values) {
    if (PositiveCompare(c, pv, entry.values[i], entry.typed[i], ctx, scratch, missing)) return true;
  }
  return false;
}

bool ConditionHolds(const CompiledCondition& c, const ContextEntry* entry, const RequestContext& ctx,
                    std::string* scratch, std::vector<std::string_view>* missing) {
  if (c.test == ConditionTest::kNull) {
    // Null: "true" asks that the key be absent, "false" that it be present.
    const bool absent = entry == nullptr;
    for (const CompiledValue& v : c.values) {
      if (v.boolean && *v.boolean == absent) return true;
    }
    return false;
  }
  if (entry == nullptr) {
    missing->push_back(c.key_written);
    // "ForAllValues" over a missing key is vacuously true; "ForAnyValue" is false; IfExists skips the
    // test; negated operators hold when there is nothing to match.
    if (c.qualifier == SetQualifier::kForAllValues) return true;
    if (c.qualifier == SetQualifier::kForAnyValue) return false;
    return c.if_exists || c.negated;
  }
  const std::size_t n = entry->values.size();
  switch (c.qualifier) {
    case SetQualifier::kForAllValues:
      for (std::size_t i = 0; i < n; ++i) {
        if (AnyPolicyValue(c, *entry, i, ctx, scratch, missing) == c.negated) return false;
      }
      return true;
    case SetQualifier::kForAnyValue:
      for (std::size_t i = 0; i < n; ++i) {
        if (AnyPolicyValue(c, *entry, i, ctx, scratch, missing) != c.negated) return true;
      }
      return false;
    case SetQualifier::kNone:
      break;
  }
  bool any = false;
  for (std::size_t i = 0; i < n; ++i) {
    if (AnyPolicyValue(c, *entry, i, ctx, scratch, missing)) {
      any = true;
      break;
    }
  }
  // A negated single-valued operator holds when no context value matches any policy value.
  return c.negated ? !any : any;
}

}  // namespace

bool ConditionsHold(const CompiledStatement& st, const RequestContext& context, std::string* scratch,
                    std::vector<std::string_view>* missing) {
  bool holds = true;
  for (const CompiledCondition& c : st.conditions) {
    const ContextEntry* entry = context.Find(c.key_lower);
    if (!holds) {
      // Already decided; keep looking only for keys the request lacks, for the explanation.
      if (entry == nullptr && c.test != ConditionTest::kNull) missing->push_back(c.key_written);
      continue;
    }
    holds = ConditionHolds(c, entry, context, scratch, missing);
  }
  return holds;
}

}  // namespace bulwark::policy
