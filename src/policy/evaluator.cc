#include "policy/evaluator.h"

#include <algorithm>

#include "core/arn.h"

#include "policy/condition_evaluator.h"
#include "policy/statement_matcher.h"

namespace bulwark::policy {

const char* EvalDecisionName(EvalDecision d) {
  switch (d) {
    case EvalDecision::kAllowed: return "allowed";
    case EvalDecision::kExplicitDeny: return "explicitDeny";
    case EvalDecision::kImplicitDeny: return "implicitDeny";
  }
  return "implicitDeny";
}

namespace {

// What one policy (or a group of policies) says about the request.
struct Verdict {
  bool allow = false;
  bool deny = false;
  PrincipalMatch grant = PrincipalMatch::kNone;  // Resource policies: the strongest allowing match.

  EvalDecision AsDecision() const {
    if (deny) return EvalDecision::kExplicitDeny;
    return allow ? EvalDecision::kAllowed : EvalDecision::kImplicitDeny;
  }
};

using Levels = std::optional<std::vector<std::vector<const CompiledPolicy*>>>;

class Evaluation {
 public:
  Evaluation(const PolicySet& set, const EvalRequest& request, Decision* d)
      : set_(set), request_(request), d_(d) {
    Reset();
    PrepareMatchInput(request, &d_->scratch_action, &in_);
    in_.has_permissions_boundary = set.boundaries.has_value() && !set.boundaries->empty();
  }

  void Decide() {
    const RequestPrincipal& who = request_.principal;
    const bool iam = who.IsIamPrincipal();
    bool org_deny = false;
    bool rcp_deny = false;
    if (iam && !who.service_linked_role) {
      d_->organizations = ScanLevels(set_.scps, /*require_allow=*/true, &org_deny);
    }
    d_->resource_controls = ScanLevels(set_.rcps, /*require_allow=*/false, &rcp_deny);
    Verdict resource;
    if (set_.resource != nullptr) {
      Scan(*set_.resource, resource);
      d_->resource_policy = resource.AsDecision();
    }
    Verdict all;
    all.deny = org_deny || rcp_deny || resource.deny;
    bool allowed = false;
    if (iam) {
      allowed = IamPrincipalAllowed(resource, &all);
    } else {
      allowed = resource.grant != PrincipalMatch::kNone;  // Only a resource-based policy can grant.
    }
    FinishMissingKeys();
    if (all.deny) {
      d_->decision = EvalDecision::kExplicitDeny;
      d_->matched.swap(d_->scratch_denies);
    } else if (d_->organizations == EvalDecision::kImplicitDeny ||
               d_->resource_controls == EvalDecision::kImplicitDeny || !allowed) {
      d_->decision = EvalDecision::kImplicitDeny;
    } else {
      d_->decision = EvalDecision::kAllowed;
      d_->matched.swap(d_->scratch_allows);
    }
  }

 private:
  void Reset() {
    d_->decision = EvalDecision::kImplicitDeny;
    d_->matched.clear();
    d_->missing_context_keys.clear();
    d_->scratch_allows.clear();
    d_->scratch_denies.clear();
    d_->organizations.reset();
    d_->resource_controls.reset();
    d_->resource_policy.reset();
    d_->identity_policies.reset();
    d_->permissions_boundary.reset();
    d_->session_policy.reset();
  }

  // Identity side (identity policies within boundary and session policies) and the resource
  // policy's grant, combined by the same-account and cross-account rules. Deny found is added to
  // `all`.
  bool IamPrincipalAllowed(const Verdict& resource, Verdict* all) {
    const RequestPrincipal& who = request_.principal;
    const bool is_root = who.kind == PrincipalKind::kAccountRoot;
    const Verdict identity = ScanAll(set_.identity);
    d_->identity_policies = identity.AsDecision();
    all->deny |= identity.deny;
    bool boundary_ok = true;
    if (set_.boundaries && !is_root) {  // The root user cannot have a permissions boundary.
      const Verdict b = ScanAll(*set_.boundaries);
      d_->permissions_boundary = b.AsDecision();
      all->deny |= b.deny;
      boundary_ok = b.allow;
    }
    bool session_ok = true;
    if (set_.session) {
      const Verdict s = ScanAll(*set_.session);
      d_->session_policy = s.AsDecision();
      all->deny |= s.deny;
      session_ok = s.allow;
    }
    const bool identity_side = (is_root || identity.allow) && boundary_ok && session_ok;
    // Across accounts both sides must allow, whatever the resource policy names.
    const bool same_account = SameAccount(in_);
    if (!same_account) return identity_side && resource.grant != PrincipalMatch::kNone;
    switch (resource.grant) {
      case PrincipalMatch::kDirect: return true;
      case PrincipalMatch::kRole: return boundary_ok && session_ok;
      case PrincipalMatch::kAccount: return identity_side;
      case PrincipalMatch::kNone: return identity_side && !set_.resource_policy_required;
    }
    return false;
  }

  // Adds what `policy` says to `v` (an out-parameter: returning the small struct by value costs a
  // store-forwarding stall per policy on the hot path).
  void Scan(const CompiledPolicy& policy, Verdict& v) {
    const auto candidates = policy.CandidatesFor(in_.action, in_.action_hash, in_.service, in_.service_hash);
    // Two lists in document order: merge them so statements are visited (and reported) in order.
    auto exact = candidates.exact.begin();
    auto checked = candidates.checked.begin();
    while (exact != candidates.exact.end() || checked != candidates.checked.end()) {
      if (checked == candidates.checked.end() ||
          (exact != candidates.exact.end() && *exact < checked->statement)) {
        Consider(policy, *exact++, v);
      } else {
        const Candidate& c = *checked++;
        if (CandidateActionMatches(policy, c, in_)) Consider(policy, c.statement, v);
      }
    }
  }

  // A statement whose action matches: resource, principal, conditions, then its effect.
  void Consider(const CompiledPolicy& policy, uint32_t index, Verdict& v) {
    const CompiledStatement& st = policy.statements()[index];
    if (ResourceMatches(policy, st, in_, &d_->scratch_text, &d_->missing_context_keys) !=
        MatchOutcome::kMatch)
      return;
    PrincipalMatch pm = PrincipalMatch::kDirect;
    if (policy.type() == PolicyType::kResource || policy.type() == PolicyType::kResourceControl) {
      pm = PrincipalOf(policy, st);
      if (pm == PrincipalMatch::kNone) return;
    }
    if (ConditionsHold(policy, st, request_.context, &d_->scratch_text, &d_->missing_context_keys) !=
        MatchOutcome::kMatch) {
      return;
    }
    if (st.effect == Effect::kDeny) {
      v.deny = true;
      d_->scratch_denies.push_back(MatchedStatement{&policy, &st});
    } else {
      v.allow = true;
      v.grant = std::max(v.grant, pm);
      d_->scratch_allows.push_back(MatchedStatement{&policy, &st});
    }
  }

  // A resource-side statement without a Principal is malformed: it may deny, never grant.
  PrincipalMatch PrincipalOf(const CompiledPolicy& policy, const CompiledStatement& st) const {
    const CompiledPrincipal* principal = policy.principal(st);
    if (principal == nullptr) {
      return st.effect == Effect::kDeny ? PrincipalMatch::kDirect : PrincipalMatch::kNone;
    }
    return MatchPrincipal(*principal, request_.principal, in_.has_permissions_boundary);
  }

  Verdict ScanAll(const std::vector<const CompiledPolicy*>& policies) {
    Verdict all;
    for (const CompiledPolicy* p : policies) Scan(*p, all);
    return all;
  }

  // Each organization level must allow (when `require_allow`); a Deny at any level is explicit.
  std::optional<EvalDecision> ScanLevels(const Levels& levels, bool require_allow, bool* any_deny) {
    if (!levels) return std::nullopt;
    bool every_level_allows = true;
    for (const auto& level : *levels) {
      const Verdict v = ScanAll(level);
      *any_deny |= v.deny;
      every_level_allows &= v.allow || !require_allow;
    }
    if (*any_deny) return EvalDecision::kExplicitDeny;
    return every_level_allows ? EvalDecision::kAllowed : EvalDecision::kImplicitDeny;
  }

  // Sorted and unique; key names compare case-insensitively, so "aws:PrincipalTag/Team" and
  // "aws:principaltag/team" are one key (reported as first written).
  void FinishMissingKeys() {
    auto& keys = d_->missing_context_keys;
    if (keys.size() < 2) return;
    std::stable_sort(keys.begin(), keys.end(),
                     [](std::string_view a, std::string_view b) { return LessIgnoreCase(a, b); });
    keys.erase(std::unique(keys.begin(), keys.end(),
                           [](std::string_view a, std::string_view b) {
                             return !LessIgnoreCase(a, b) && !LessIgnoreCase(b, a);
                           }),
               keys.end());
  }

  static bool LessIgnoreCase(std::string_view a, std::string_view b) {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                        [](char x, char y) { return Lower(x) < Lower(y); });
  }
  static char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

  const PolicySet& set_;
  const EvalRequest& request_;
  Decision* d_;
  MatchInput in_;
};

}  // namespace

void Evaluate(const PolicySet& policies, const EvalRequest& request, Decision* decision) {
  Evaluation evaluation(policies, request, decision);
  evaluation.Decide();
}

bool IsRoleTrustRequest(std::string_view action, std::string_view resource) {
  const std::string lower = ToLower(action);
  const bool trust_action = lower == "sts:assumerole" || lower == "sts:assumerolewithsaml" ||
                            lower == "sts:assumerolewithwebidentity" || lower == "sts:tagsession" ||
                            lower == "sts:setsourceidentity";
  if (!trust_action) return false;
  const auto arn = core::SplitArn(resource);
  return arn && arn->service == "iam" && arn->region.empty() && arn->resource.substr(0, 5) == "role/";
}

Decision Evaluate(const PolicySet& policies, const EvalRequest& request) {
  Decision decision;
  Evaluate(policies, request, &decision);
  return decision;
}

}  // namespace bulwark::policy
