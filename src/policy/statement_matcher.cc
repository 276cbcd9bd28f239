#include "policy/statement_matcher.h"

#include <array>

#include "core/wildcard.h"
#include "policy/string_index.h"

namespace bulwark::policy {

// One pass lower-cases the action and hashes it; FNV-1a is sequential, so the service's hash is
// the state reached at the colon.
void PrepareMatchInput(const EvalRequest& request, std::string* lower_action, MatchInput* in) {
  lower_action->assign(request.action);
  std::size_t colon = std::string_view::npos;
  uint64_t hash = HashKey({});
  uint64_t service_hash = 0;
  for (std::size_t i = 0; i < lower_action->size(); ++i) {
    char& c = (*lower_action)[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == ':' && colon == std::string_view::npos) {
      colon = i;
      service_hash = hash;
    }
    hash = HashStep(hash, c);
  }
  const std::string_view action = *lower_action;
  in->action = action;
  in->action_hash = hash;
  in->service = action.substr(0, colon);
  in->service_hash = colon == std::string_view::npos ? hash : service_hash;
  in->action_name = colon == std::string_view::npos ? std::string_view() : action.substr(colon + 1);
  in->request = &request;
  // The head ends after the fifth colon; its parts are split only for the rare patterns with
  // wildcards before the resource part.
  const std::string_view resource = request.resource;
  std::array<std::size_t, 5> colon_at{};
  std::size_t colons = 0;
  if (resource.size() >= 4 && resource.substr(0, 4) == "arn:") {
    colon_at[colons++] = 3;
    for (std::size_t i = 4; i < resource.size() && colons < 5; ++i) {
      if (resource[i] == ':') colon_at[colons++] = i;
    }
  }
  in->resource_is_arn = colons == 5;
  if (!in->resource_is_arn) {
    in->resource_parts = core::ArnParts{};
    in->resource_head = std::string_view();
    return;
  }
  const auto between = [&](int k) {
    return resource.substr(colon_at[k] + 1, colon_at[k + 1] - colon_at[k] - 1);
  };
  in->resource_parts =
      core::ArnParts{between(0), between(1), between(2), between(3), resource.substr(colon_at[4] + 1)};
  in->resource_head = resource.substr(0, colon_at[4] + 1);
}

namespace {

bool IsAccountId(std::string_view s) {
  bool digits = s.size() == 12;
  for (char c : s) digits &= c >= '0' && c <= '9';
  return digits;
}

}  // namespace

std::string_view ResourceAccountOf(const EvalRequest& request, const core::ArnParts* resource_parts) {
  if (!request.resource_account.empty()) return request.resource_account;
  if (resource_parts != nullptr && IsAccountId(resource_parts->account)) return resource_parts->account;
  return request.principal.account;
}

bool ActionMatches(const CompiledPolicy& policy, const CompiledStatement& st, const MatchInput& in) {
  bool any = false;
  const char* arena = policy.arena();
  for (const CompiledAction& a : policy.actions(st)) {
    if (a.match_all || (a.name.Matches(arena, in.action_name) && a.service.Matches(arena, in.service))) {
      any = true;
      break;
    }
  }
  return st.not_action ? !any : any;
}

bool CandidateActionMatches(const CompiledPolicy& policy, const Candidate& c, const MatchInput& in) {
  switch (c.check) {
    case Candidate::Check::kNothing: return true;
    case Candidate::Check::kWholeAction: return ActionMatches(policy, policy.statements()[c.statement], in);
    case Candidate::Check::kAnyName:
    case Candidate::Check::kNoName: break;
  }
  const auto& names = policy.action_names();
  const char* arena = policy.arena();
  for (uint32_t i = c.names_begin; i < c.names_end; ++i) {
    if (names[i].Matches(arena, in.action_name)) return c.check == Candidate::Check::kAnyName;
  }
  return c.check == Candidate::Check::kNoName;
}

namespace {

bool HeadMatches(const CompiledPolicy& policy, const CompiledResource& r, const MatchInput& in) {
  const char* arena = policy.arena();
  if (r.literal_head) return r.head.Matches(arena, in.resource_head);
  const Pattern* parts = &policy.head_parts()[r.head_parts_begin];
  const core::ArnParts& p = in.resource_parts;
  return parts[1].Matches(arena, p.service) && parts[3].Matches(arena, p.account) &&
         parts[2].Matches(arena, p.region) && parts[0].Matches(arena, p.partition);
}

// A short pattern ("arn:aws:sqs:us-east-1:111122223333*"): its components but the last against the
// ARN's, the last against the rest of the ARN from the same component on, colons included.
bool ShortArnMatches(const CompiledPolicy& policy, const CompiledResource& r, const MatchInput& in) {
  if (!in.resource_is_arn) return false;
  const core::ArnParts& p = in.resource_parts;
  const std::string_view components[] = {p.partition, p.service, p.region, p.account};
  const Pattern* parts = &policy.head_parts()[r.head_parts_begin];
  const char* arena = policy.arena();
  const std::size_t last = r.short_parts - 1;
  for (std::size_t i = 0; i < last; ++i) {
    if (!parts[i].Matches(arena, components[i])) return false;
  }
  const std::string_view resource = in.request->resource;
  return parts[last].Matches(arena, resource.substr(static_cast<std::size_t>(components[last].data() -
                                                                              resource.data())));
}

MatchOutcome OneResource(const CompiledPolicy& policy, const CompiledResource& r, const MatchInput& in,
                         std::string* scratch, std::vector<std::string_view>* missing) {
  // Tests in order of frequency (ARNs, "*", then the rare kinds), not a switch: the hot path pays
  // no jump table.
  if (r.kind != CompiledResource::Kind::kArn) {
    if (r.kind == CompiledResource::Kind::kAny) return MatchOutcome::kMatch;
    if (r.kind == CompiledResource::Kind::kShortArn) {
      return ShortArnMatches(policy, r, in) ? MatchOutcome::kMatch : MatchOutcome::kNoMatch;
    }
    // kOther: never an ARN's pattern, a plain glob against other text.
    return !in.resource_is_arn && r.tail.Matches(policy.arena(), in.request->resource) ? MatchOutcome::kMatch
                                                                                        : MatchOutcome::kNoMatch;
  }
  if (!in.resource_is_arn) return MatchOutcome::kNoMatch;
  const std::string_view resource = in.resource_parts.resource;
  if (r.template_index == kNoIndex) {
    // The resource part is the most selective: compare it first.
    return r.tail.Matches(policy.arena(), resource) && HeadMatches(policy, r, in) ? MatchOutcome::kMatch
                                                                                  : MatchOutcome::kNoMatch;
  }
  if (!HeadMatches(policy, r, in)) return MatchOutcome::kNoMatch;
  scratch->clear();
  std::string_view missing_key;
  if (!policy.value_template(r.template_index)
           .Expand(in.request->context, /*as_pattern=*/true, scratch, &missing_key)) {
    missing->push_back(missing_key);
    return MatchOutcome::kUnresolvable;
  }
  return core::WildcardMatch(*scratch, resource) ? MatchOutcome::kMatch : MatchOutcome::kNoMatch;
}

}  // namespace

MatchOutcome ResourceMatches(const CompiledPolicy& policy, const CompiledStatement& st, const MatchInput& in,
                             std::string* scratch, std::vector<std::string_view>* missing) {
  if (!st.has_resource) return MatchOutcome::kMatch;  // Trust policies name no resource.
  bool unresolvable = false;
  for (const CompiledResource& r : policy.resources(st)) {
    const MatchOutcome m = OneResource(policy, r, in, scratch, missing);
    if (m == MatchOutcome::kMatch) return st.not_resource ? MatchOutcome::kNoMatch : MatchOutcome::kMatch;
    unresolvable |= m == MatchOutcome::kUnresolvable;
  }
  if (unresolvable) return MatchOutcome::kUnresolvable;
  return st.not_resource ? MatchOutcome::kMatch : MatchOutcome::kNoMatch;
}

namespace {

std::string_view LastPathComponent(std::string_view arn) {
  return arn.substr(arn.rfind('/') + 1);
}

// Does an "AWS" entry name the account, the issuer (role or user behind a session), or the caller?
bool NamesAccount(const AwsPrincipal& a, const RequestPrincipal& who) {
  return a.kind == AwsPrincipal::Kind::kAccount && who.IsIamPrincipal() && a.account == who.account;
}
bool NamesIssuer(const AwsPrincipal& a, const RequestPrincipal& who) {
  if (who.issuer_arn.empty() || who.kind == PrincipalKind::kRole) return false;
  if (a.arn == who.issuer_arn) return true;
  // Role names are unique in an account whatever their path, and the session ARN has no path.
  return a.kind == AwsPrincipal::Kind::kRole && who.kind == PrincipalKind::kRoleSession &&
         a.account == who.account && LastPathComponent(who.issuer_arn) == a.role_name;
}

bool NamesCallerByOtherLists(const CompiledPrincipal& p, const RequestPrincipal& who) {
  for (const auto& s : p.services) {
    if (s == who.arn) return true;
  }
  for (const auto& f : p.federated) {
    if (f == who.arn) return true;
  }
  for (const auto& c : p.canonical_users) {
    if (c == who.arn) return true;
  }
  return false;
}

PrincipalMatch Strength(const CompiledPrincipal& p, const RequestPrincipal& who) {
  if (p.everyone) return PrincipalMatch::kDirect;
  PrincipalMatch best = PrincipalMatch::kNone;
  for (const AwsPrincipal& a : p.aws) {
    if (a.arn == who.arn) return PrincipalMatch::kDirect;
    if (NamesIssuer(a, who)) {
      best = std::max(best, PrincipalMatch::kRole);
    } else if (NamesAccount(a, who)) {
      best = std::max(best, PrincipalMatch::kAccount);
    }
  }
  if (NamesCallerByOtherLists(p, who)) return PrincipalMatch::kDirect;
  return best;
}

// NotPrincipal excludes the caller only if it lists each identity AWS checks: the account (its id
// or root ARN), the role of a session, and the caller itself by its exact ARN. A role's ARN does not
// cover its sessions: "AWS JSON policy elements: NotPrincipal" lists the assumed-role session ARN
// beside the role's and the account's, because the session is what makes the request. Unlike in
// Principal, the account's entry stands for the account alone, not for every principal in it: the
// IAM User Guide's example lists "user/Bob" and the account root to exclude Bob only.
bool Excluded(const CompiledPrincipal& p, const RequestPrincipal& who) {
  if (p.everyone) return true;
  if (!who.IsIamPrincipal()) {
    return NamesCallerByOtherLists(p, who) || Strength(p, who) == PrincipalMatch::kDirect;
  }
  bool account = false;
  bool issuer = who.issuer_arn.empty() || who.kind == PrincipalKind::kRole;
  bool caller = false;
  for (const AwsPrincipal& a : p.aws) {
    account |= NamesAccount(a, who);
    issuer |= NamesIssuer(a, who);
    caller |= a.arn == who.arn;
  }
  return account && issuer && caller;
}

}  // namespace

PrincipalMatch MatchPrincipal(const CompiledPrincipal& p, const RequestPrincipal& who,
                              bool has_permissions_boundary) {
  if (!p.negated) return Strength(p, who);
  if (has_permissions_boundary && who.IsIamPrincipal()) return PrincipalMatch::kDirect;
  return Excluded(p, who) ? PrincipalMatch::kNone : PrincipalMatch::kDirect;
}

}  // namespace bulwark::policy
