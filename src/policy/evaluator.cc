#include "policy/evaluator.h"

#include <algorithm>

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
  PrincipalMatch grant = PrincipalMatch::kNone;  // Resource policies: strongest allowing principal match.
};

class Evaluation {
 public:
  Evaluation(const EvalRequest& request, const PrincipalFacts& principal, Decision* d)
      : request_(request), principal_(principal), d_(d) {
    d_->matched.clear();
    d_->missing_context_keys.clear();
    d_->scratch_allows.clear();
    d_->scratch_denies.clear();
    d_->organizations.reset();
    d_->resource_controls.reset();
    d_->permissions_boundary.reset();
    d_->session_policy.reset();
    d_->resource_policy.reset();
    // Actions compare case-insensitively: lower-case the request's once.
    d_->scratch_action.assign(request.action);
    for (char& c : d_->scratch_action) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    const std::string_view action = d_->scratch_action;
    const auto colon = action.find(':');
    in_.service = action.substr(0, colon);
    in_.action_name = colon == std::string_view::npos ? std::string_view() : action.substr(colon + 1);
    action_hash_ = HashKey(action);
    service_hash_ = HashKey(in_.service);
    in_.request = &request_;
    in_.resource_parts = core::SplitArn(request_.resource);
    in_.principal = &principal_;
  }

  Verdict Scan(const CompiledPolicy& policy) {
    Verdict v;
    const std::size_t allows_before = d_->scratch_allows.size();
    const std::size_t denies_before = d_->scratch_denies.size();
    const auto candidates = policy.CandidatesFor(d_->scratch_action, action_hash_, in_.service, service_hash_);
    if (candidates.exact != nullptr) ScanList(policy, *candidates.exact, /*check_action=*/false, v);
    if (candidates.by_service != nullptr) ScanList(policy, *candidates.by_service, /*check_action=*/true, v);
    ScanList(policy, *candidates.generic, /*check_action=*/true, v);
    // Report each policy's statements in document order.
    SortByIndex(d_->scratch_allows, allows_before);
    SortByIndex(d_->scratch_denies, denies_before);
    return v;
  }

  Verdict ScanAll(const std::vector<const CompiledPolicy*>& policies) {
    Verdict all;
    for (const CompiledPolicy* p : policies) {
      Verdict v = Scan(*p);
      all.allow |= v.allow;
      all.deny |= v.deny;
      all.grant = std::max(all.grant, v.grant);
    }
    return all;
  }

  // Each organization level must allow (SCPs); a deny at any level is explicit. RCP levels only
  // deny: AWS attaches RCPFullAWSAccess at every level and it cannot be detached.
  std::optional<EvalDecision> ScanLevels(const std::optional<std::vector<std::vector<const CompiledPolicy*>>>& levels,
                                         bool require_allow, bool* any_deny) {
    if (!levels) return std::nullopt;
    bool every_level_allows = true;
    for (const auto& level : *levels) {
      Verdict v = ScanAll(level);
      *any_deny |= v.deny;
      every_level_allows &= v.allow || !require_allow;
    }
    if (*any_deny) return EvalDecision::kExplicitDeny;
    return every_level_allows ? EvalDecision::kAllowed : EvalDecision::kImplicitDeny;
  }

  void Decide(const PolicySet& set) {
    bool deny = false;
    bool org_deny = false;
    bool rcp_deny = false;
    d_->organizations = ScanLevels(set.scps, /*require_allow=*/true, &org_deny);
    d_->resource_controls = ScanLevels(set.rcps, /*require_allow=*/false, &rcp_deny);
    deny |= org_deny || rcp_deny;

    Verdict resource;
    if (set.resource != nullptr) {
      resource = Scan(*set.resource);
      d_->resource_policy = resource.deny ? EvalDecision::kExplicitDeny
                                          : (resource.allow ? EvalDecision::kAllowed : EvalDecision::kImplicitDeny);
    }
    deny |= resource.deny;

    // The root user of the account has every permission identity policies could give.
    const bool is_root = principal_.kind == PrincipalKind::kAccountRoot;
    Verdict identity = ScanAll(set.identity);
    deny |= identity.deny;
    const bool identity_allows = is_root || identity.allow;

    bool boundary_ok = true;
    if (set.boundaries && !is_root) {
      Verdict b = ScanAll(*set.boundaries);
      deny |= b.deny;
      boundary_ok = b.allow;
      d_->permissions_boundary = b.deny ? EvalDecision::kExplicitDeny
                                        : (b.allow ? EvalDecision::kAllowed : EvalDecision::kImplicitDeny);
    }
    bool session_ok = true;
    if (set.session) {
      Verdict s = ScanAll(*set.session);
      deny |= s.deny;
      session_ok = s.allow;
      d_->session_policy = s.deny ? EvalDecision::kExplicitDeny
                                  : (s.allow ? EvalDecision::kAllowed : EvalDecision::kImplicitDeny);
    }

    FinishMissingKeys();
    if (deny) {
      d_->decision = EvalDecision::kExplicitDeny;
      d_->matched.swap(d_->scratch_denies);
      return;
    }
    if (d_->organizations == EvalDecision::kImplicitDeny || d_->resource_controls == EvalDecision::kImplicitDeny) {
      d_->decision = EvalDecision::kImplicitDeny;
      return;
    }
    const bool same_account = request_.resource_account.empty() || request_.resource_account == principal_.account;
    bool allowed = false;
    if (same_account) {
      // Within an account (IAM User Guide, "Policy evaluation for requests within a single account"):
      // a resource policy naming the user or the session grants regardless of boundary and session
      // policies; naming the role, it grants within them; naming only the account, it delegates.
      if (resource.grant == PrincipalMatch::kDirect) {
        allowed = true;
      } else if (resource.grant == PrincipalMatch::kRole) {
        allowed = boundary_ok && session_ok;
      } else {
        allowed = identity_allows && boundary_ok && session_ok;
      }
    } else {
      // Across accounts both sides must allow.
      allowed = identity_allows && boundary_ok && session_ok && resource.grant != PrincipalMatch::kNone;
    }
    d_->decision = allowed ? EvalDecision::kAllowed : EvalDecision::kImplicitDeny;
    if (allowed) d_->matched.swap(d_->scratch_allows);
  }

 private:
  static void SortByIndex(std::vector<MatchedStatement>& list, std::size_t from) {
    if (list.size() - from < 2) return;
    std::sort(list.begin() + static_cast<std::ptrdiff_t>(from), list.end(),
              [](const MatchedStatement& a, const MatchedStatement& b) { return a.statement->index < b.statement->index; });
  }

  void ScanList(const CompiledPolicy& policy, const std::vector<uint32_t>& list, bool check_action, Verdict& v) {
    const bool resource_side = policy.type() == PolicyType::kResource || policy.type() == PolicyType::kResourceControl;
    for (uint32_t i : list) {
      const CompiledStatement& st = policy.statements()[i];
      // A Deny already found settles this policy's deny; Allows still matter for the explanation only
      // if no deny exists anywhere, so skip Allow statements once this policy denies.
      if (v.deny && st.effect == Effect::kAllow) continue;
      if (check_action && !ActionMatches(st, in_)) continue;
      if (!ResourceMatches(st, in_, &d_->scratch_text, &d_->missing_context_keys)) continue;
      PrincipalMatch pm = PrincipalMatch::kDirect;
      if (resource_side && st.principal.present) {
        pm = MatchPrincipal(st.principal, principal_);
        if (pm == PrincipalMatch::kNone) continue;
      }
      if (!ConditionsHold(st, request_.context, &d_->scratch_text, &d_->missing_context_keys)) continue;
      if (st.effect == Effect::kDeny) {
        v.deny = true;
        d_->scratch_denies.push_back(MatchedStatement{&policy, &st});
      } else {
        v.allow = true;
        v.grant = std::max(v.grant, pm);
        d_->scratch_allows.push_back(MatchedStatement{&policy, &st});
      }
    }
  }

  void FinishMissingKeys() {
    auto& keys = d_->missing_context_keys;
    if (keys.size() > 1) {
      std::sort(keys.begin(), keys.end());
      keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    }
  }

  const EvalRequest& request_;
  const PrincipalFacts& principal_;
  Decision* d_;
  MatchInput in_;
  uint64_t action_hash_ = 0;
  uint64_t service_hash_ = 0;
};

}  // namespace

void Evaluate(const PolicySet& policies, const EvalRequest& request, const PrincipalFacts& principal,
              Decision* decision) {
  Evaluation evaluation(request, principal, decision);
  evaluation.Decide(policies);
}

Decision Evaluate(const PolicySet& policies, const EvalRequest& request) {
  Decision decision;
  const PrincipalFacts facts = AnalyzePrincipal(request.principal);
  Evaluate(policies, request, facts, &decision);
  return decision;
}

}  // namespace bulwark::policy
