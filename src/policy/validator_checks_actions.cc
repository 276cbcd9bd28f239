// Action element checks: names against the catalog, redundancy, the rules of each policy kind
// (SCP, RCP, role trust policy), and over-broad grants (NotAction/NotResource with Allow,
// iam:PassRole on any role, full or permissions-management access on every resource).
#include <algorithm>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "core/wildcard.h"
#include "policy/validator_checks.h"

namespace bulwark::policy::validation {

namespace {

using core::CaseSensitivity;
using core::HasWildcard;
using core::WildcardMatch;

std::string DidYouMean(const std::string& suggestion) {
  return suggestion.empty() ? std::string() : " Did you mean " + suggestion + "?";
}

// Resolves one Action/NotAction entry, reporting unknown services and actions.
ResolvedAction Resolve(const Context& context, const LocatedString& written, std::string path) {
  ResolvedAction out;
  out.written = &written;
  out.path = std::move(path);
  const std::string& text = written.value;
  out.wildcard = HasWildcard(text);
  if (text == "*" || text == "*:*") {
    out.all = true;
    out.valid = true;
    return out;
  }
  const auto colon = text.find(':');
  if (colon == std::string::npos) return out;  // The parser already rejected it.
  const std::string service_part = text.substr(0, colon);
  const std::string action_part = text.substr(colon + 1);
  if (HasWildcard(service_part)) {
    // "Suggestion – Wildcard in service name" (Access Analyzer).
    context.report.Add(Severity::kSuggestion, "WILDCARD_IN_SERVICE_NAME",
                       "Avoid wildcards in the service prefix of " + Quote(text) +
                           ": they match other services whose prefix is similar, now or later",
                       written.location, out.path);
    if (context.catalog.MatchServices(service_part).empty()) {
      context.report.Add(Severity::kError, "INVALID_SERVICE",
                         "The service pattern " + Quote(service_part) + " does not match any service",
                         written.location, out.path);
      return out;
    }
  } else {
    const ServiceInfo* service = context.catalog.FindService(service_part);
    if (service == nullptr) {
      context.report.Add(Severity::kError, "INVALID_SERVICE",
                         "The service " + service_part + " does not exist." +
                             DidYouMean(context.catalog.SuggestService(service_part)),
                         written.location, out.path);
      return out;
    }
    out.matches = context.catalog.ExpandActionPattern(text);
    if (out.matches.empty()) {
      const std::string suggestion =
          HasWildcard(action_part) ? std::string() : context.catalog.SuggestAction(*service, action_part);
      context.report.Add(Severity::kError, "INVALID_ACTION",
                         HasWildcard(action_part)
                             ? "The action pattern " + text + " does not match any action of the service " +
                                   service->prefix + "."
                             : "The action " + text + " does not exist." + DidYouMean(suggestion),
                         written.location, out.path);
      return out;
    }
    out.valid = true;
    return out;
  }
  out.matches = context.catalog.ExpandActionPattern(text);
  if (out.matches.empty()) {
    context.report.Add(Severity::kError, "INVALID_ACTION",
                       "The action pattern " + text + " does not match any action.", written.location,
                       out.path);
    return out;
  }
  out.valid = true;
  return out;
}

// Whether `wide` (a pattern) names everything `narrow` names. `wide_set` holds wide's matches.
bool Covers(const ResolvedAction& wide, const std::unordered_set<const ActionInfo*>& wide_set,
            const ResolvedAction& narrow) {
  if (wide.all) return true;
  if (narrow.all) return false;
  if (!narrow.wildcard)
    return WildcardMatch(wide.written->value, narrow.written->value, CaseSensitivity::kInsensitive);
  return std::all_of(narrow.matches.begin(), narrow.matches.end(),
                     [&](const ActionInfo* a) { return wide_set.count(a) != 0; });
}

// Comparisons of every entry with every wildcard entry are skipped beyond this many, so that a
// huge generated policy cannot make validation quadratic; repeated entries are still reported.
constexpr std::size_t kRedundancyComparisonBudget = 200000;

void CheckRedundantActions(const Context& context, const StatementView& view) {
  const auto& actions = view.actions;
  std::vector<std::size_t> wildcards;
  for (std::size_t i = 0; i < actions.size(); ++i) {
    if (actions[i].valid && (actions[i].wildcard || actions[i].all)) wildcards.push_back(i);
  }
  const bool compare = actions.size() * wildcards.size() <= kRedundancyComparisonBudget;
  std::vector<std::unordered_set<const ActionInfo*>> sets;
  if (compare) {
    for (std::size_t j : wildcards) sets.emplace_back(actions[j].matches.begin(), actions[j].matches.end());
  }
  std::unordered_map<std::size_t, std::size_t> wildcard_slot;  // Index in `actions` -> index in `sets`.
  for (std::size_t k = 0; k < wildcards.size(); ++k) wildcard_slot[wildcards[k]] = k;
  std::unordered_map<std::string, std::size_t> first;  // Lower-case text -> first index.
  for (std::size_t i = 0; i < actions.size(); ++i) {
    if (!actions[i].valid) continue;
    std::string lower = actions[i].written->value;
    for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    const auto [it, inserted] = first.emplace(lower, i);
    std::size_t covering = it->second;
    bool redundant = !inserted;  // Of two equal entries the later one is the redundant one.
    for (std::size_t k = 0; compare && !redundant && k < wildcards.size(); ++k) {
      const std::size_t j = wildcards[k];
      if (j == i || EqualsIgnoreCase(actions[j].written->value, actions[i].written->value)) continue;
      if (!Covers(actions[j], sets[k], actions[i])) continue;
      // Two patterns naming the same actions ("*" and "*:*"): only the later one is redundant.
      const auto slot = wildcard_slot.find(i);
      if (j > i && slot != wildcard_slot.end() && Covers(actions[i], sets[slot->second], actions[j]))
        continue;
      redundant = true;
      covering = j;
    }
    if (redundant) {
      context.report.Add(Severity::kSuggestion, "REDUNDANT_ACTION",
                         "The action " + Quote(actions[i].written->value) +
                             " is redundant: " + Quote(actions[covering].written->value) +
                             " in the same statement already includes it",
                         actions[i].written->location, actions[i].path);
    }
  }
}

// "Error – SCP syntax error action wildcard": SCP actions may use '*' only at the end.
void CheckServiceControlPolicy(const Context& context, const StatementView& view) {
  for (const auto& a : view.actions) {
    const std::string& text = a.written->value;
    const auto star = text.find('*');
    if (text.find('?') != std::string::npos || (star != std::string::npos && star + 1 != text.size())) {
      context.report.Add(
          Severity::kError, "SCP_SYNTAX_ERROR_ACTION_WILDCARD",
          "SCP actions can include wildcards (*) only at the end of a string. Update " + Quote(text),
          a.written->location, a.path);
    }
  }
}

// RCPs: no NotAction, and only services that support RCPs (Organizations "RCP syntax"; the list of
// services is data: iam-data's rcpSupportedServices).
void CheckResourceControlPolicy(const Context& context, const StatementView& view) {
  const Statement& st = view.statement;
  if (st.not_action && !st.actions.empty()) {
    context.report.Add(Severity::kError, "RCP_SYNTAX_ERROR_NOTACTION",
                       "Resource control policies do not support the NotAction element; use Action",
                       st.actions.front().location, view.ElementPath(true, 0));
  }
  for (const auto& a : view.actions) {
    if (a.all || !a.valid) continue;
    std::string unsupported;
    for (const ActionInfo* info : a.matches) {
      if (!info->service->supports_resource_control_policies) {
        unsupported = info->service->prefix;
        break;
      }
    }
    if (!unsupported.empty()) {
      context.report.Add(
          Severity::kError, "RCP_SYNTAX_ERROR_ACTION",
          "Resource control policies support only the actions of services that support RCPs; the "
          "service " +
              unsupported + " does not (" + Quote(a.written->value) + ")",
          a.written->location, a.path);
    }
  }
}

// An action a role trust policy can allow: an sts action that acts on the role resource type
// (AssumeRole*, TagSession, SetSourceIdentity, SetContext in the current data).
bool IsTrustPolicyAction(const ActionInfo& action) {
  if (action.service->prefix != "sts") return false;
  return std::any_of(
      action.resource_types.begin(), action.resource_types.end(),
      [](const ActionResourceType& rt) { return rt.type != nullptr && rt.type->name == "role"; });
}

bool IsSamlProvider(std::string_view federated) {
  return federated.find(":saml-provider/") != std::string_view::npos;
}

void CheckTrustPolicy(const Context& context, const StatementView& view) {
  const Statement& st = view.statement;
  if (st.effect != Effect::kAllow || st.not_action) return;
  for (const auto& a : view.actions) {
    if (!a.valid) continue;
    std::string bad;
    if (a.all) {
      bad = a.written->value;
    } else {
      for (const ActionInfo* info : a.matches) {
        if (!IsTrustPolicyAction(*info)) {
          bad = info->FullName();
          break;
        }
      }
    }
    if (!bad.empty()) {
      context.report.Add(Severity::kError, "UNSUPPORTED_ACTION_IN_POLICY",
                         "The action " + bad +
                             " is not supported in a role trust policy: use sts:AssumeRole, "
                             "sts:AssumeRoleWithSAML, sts:AssumeRoleWithWebIdentity, sts:TagSession, "
                             "sts:SetSourceIdentity or sts:SetContext",
                         a.written->location, a.path);
    }
  }
  // "Error – Mismatched action for principal": each kind of principal assumes the role with its own
  // action ("Granting a user permissions to pass a role", "About web identity federation", "SAML").
  if (view.all_actions || view.any_invalid) return;
  auto has = [&](std::string_view name) {
    const ActionInfo* wanted = context.catalog.FindAction("sts", name);
    return std::find(view.known_actions.begin(), view.known_actions.end(), wanted) !=
           view.known_actions.end();
  };
  const PrincipalBlock& p = st.principal;
  auto mismatch = [&](const LocatedString& principal, const char* kind, const char* action) {
    context.report.Add(Severity::kError, "MISMATCHED_ACTION_FOR_PRINCIPAL",
                       std::string("The ") + kind + " principal " + Quote(principal.value) +
                           " needs the action sts:" + action + ", which the statement does not allow",
                       principal.location, view.path + ".Principal");
  };
  bool saml = false;
  bool web_identity = false;
  for (const auto& f : p.federated) {
    if (IsSamlProvider(f.value)) {
      if (!saml && !has("AssumeRoleWithSAML")) mismatch(f, "SAML", "AssumeRoleWithSAML");
      saml = true;
    } else {
      if (!web_identity && !has("AssumeRoleWithWebIdentity"))
        mismatch(f, "web identity", "AssumeRoleWithWebIdentity");
      web_identity = true;
    }
  }
  if (!has("AssumeRole")) {
    if (!p.aws.empty()) {
      mismatch(p.aws.front(), "AWS", "AssumeRole");
    } else if (!p.service.empty()) {
      mismatch(p.service.front(), "service", "AssumeRole");
    }
  }
}

}  // namespace

StatementView ResolveActions(const Context& context, const Statement& statement) {
  StatementView view{statement, "Statement[" + std::to_string(statement.index) + "]", {}, false, false, {}};
  std::unordered_set<const ActionInfo*> seen;
  for (std::size_t i = 0; i < statement.actions.size(); ++i) {
    const LocatedString& written = statement.actions[i];
    std::string path = view.ElementPath(true, i);
    if (ContainsVariable(written.value)) {
      context.report.Add(Severity::kError, "VARIABLE_UNSUPPORTED_IN_ELEMENT",
                         "Policy variables are not supported in the " +
                             std::string(statement.not_action ? "NotAction" : "Action") +
                             " element: " + Quote(written.value),
                         written.location, path);
      view.any_invalid = true;
      continue;
    }
    ResolvedAction resolved = Resolve(context, written, std::move(path));
    view.all_actions = view.all_actions || resolved.all;
    view.any_invalid = view.any_invalid || !resolved.valid;
    for (const ActionInfo* a : resolved.matches) {
      if (seen.insert(a).second) view.known_actions.push_back(a);
    }
    view.actions.push_back(std::move(resolved));
  }
  if (statement.not_action || view.all_actions) view.known_actions.clear();
  return view;
}

void CheckActionRules(const Context& context, const StatementView& view) {
  CheckRedundantActions(context, view);
  switch (context.options.kind) {
    case PolicyKind::kServiceControl: CheckServiceControlPolicy(context, view); break;
    case PolicyKind::kResourceControl: CheckResourceControlPolicy(context, view); break;
    case PolicyKind::kTrust: CheckTrustPolicy(context, view); break;
    default: break;
  }
}

namespace {

// Actions the statement allows among `candidates`: those its Action entries name, or for NotAction
// those no entry excludes.
std::vector<const ActionInfo*> Granted(const StatementView& view,
                                       const std::vector<const ActionInfo*>& candidates) {
  std::vector<const ActionInfo*> out;
  for (const ActionInfo* a : candidates) {
    bool named = view.all_actions;
    for (const auto& r : view.actions) {
      if (named) break;
      named = r.all || std::find(r.matches.begin(), r.matches.end(), a) != r.matches.end();
    }
    if (named != view.statement.not_action) out.push_back(a);
  }
  return out;
}

bool HasConditionKey(const Statement& st, std::string_view key) {
  return std::any_of(st.conditions.begin(), st.conditions.end(),
                     [&](const Condition& c) { return EqualsIgnoreCase(c.key, key); });
}

// A Resource entry that can name every role: "*", or a wildcard ARN overlapping iam's role pattern.
const LocatedString* StarRoleResource(const Context& context, const StatementView& view) {
  if (view.statement.not_resource) return nullptr;
  const ServiceInfo* iam = context.catalog.FindService("iam");
  const ResourceTypeInfo* role = nullptr;
  if (iam != nullptr) {
    for (const auto& rt : iam->resource_types) {
      if (rt.name == "role") role = &rt;
    }
  }
  for (const auto& r : view.statement.resources) {
    if (r.value == "*") return &r;
    if (role != nullptr && r.value.find('*') != std::string::npos &&
        ArnPatternOverlaps(role->arn_pattern, r.value)) {
      return &r;
    }
  }
  return nullptr;
}

// Actions that hand a role to a service or create one for it. On any role each is a privilege
// escalation path; the six cases per action and their codes are Access Analyzer's ("Security
// Warning – Pass role with ..." and its twins "General Warning – Create SLR with ..."); the named
// condition key narrows the grant and silences them, as the reference's recommendation says.
struct RoleGrantRule {
  std::string_view service;
  std::string_view action;
  std::string_view narrowing_key;
  Severity severity;
  const char* codes[6];  // NotResource: by NotAction, explicit, by wildcard; star: the same three.
  const char* message;
};

constexpr RoleGrantRule kRoleGrantRules[] = {
    {"iam", "PassRole", "iam:PassedToService", Severity::kSecurityWarning,
     {"PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE", "PASS_ROLE_WITH_NOT_RESOURCE",
      "PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE", "PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION",
      "PASS_ROLE_WITH_STAR_IN_RESOURCE", "PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE"},
     "Allowing iam:PassRole on any role can be overly permissive: it lets the principal pass any role, and its "
     "permissions, to a service. Name the role ARNs in Resource or add the iam:PassedToService condition key"},
    {"iam", "CreateServiceLinkedRole", "iam:AWSServiceName", Severity::kWarning,
     {"CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE", "CREATE_SLR_WITH_NOT_RESOURCE",
      "CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE", "CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION",
      "CREATE_SLR_WITH_STAR_IN_RESOURCE", "CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE"},
     "Allowing iam:CreateServiceLinkedRole on any resource can allow creation of unintended service-linked "
     "roles. Name the role ARNs in Resource or add the iam:AWSServiceName condition key"},
};

void CheckRoleGrant(const Context& context, const StatementView& view, const RoleGrantRule& rule) {
  const Statement& st = view.statement;
  const ActionInfo* target = context.catalog.FindAction(rule.service, rule.action);
  if (target == nullptr || HasConditionKey(st, rule.narrowing_key)) return;
  bool explicit_action = false;
  bool wildcard_action = false;
  for (const auto& a : view.actions) {
    const bool names = a.all || std::find(a.matches.begin(), a.matches.end(), target) != a.matches.end();
    if (!names) continue;
    (a.wildcard ? wildcard_action : explicit_action) = true;
  }
  const bool by_not_action = st.not_action && Granted(view, {target}).size() == 1;
  if (st.not_action) explicit_action = wildcard_action = false;
  if (!explicit_action && !wildcard_action && !by_not_action) return;

  const char* code = nullptr;
  SourceLocation at = st.location;
  std::string path = view.path;
  const int which = by_not_action ? 0 : explicit_action ? 1 : 2;
  if (st.not_resource) {
    code = rule.codes[which];
    if (!st.resources.empty()) {
      at = st.resources.front().location;
      path = view.ResourcePath(0);
    }
  } else if (const LocatedString* star = StarRoleResource(context, view)) {
    code = rule.codes[3 + which];
    at = star->location;
    path = view.ResourcePath(static_cast<std::size_t>(star - st.resources.data()));
  }
  if (code == nullptr) return;
  context.report.Add(rule.severity, code, rule.message, at, path);
}

void CheckPassRole(const Context& context, const StatementView& view) {
  for (const RoleGrantRule& rule : kRoleGrantRules) CheckRoleGrant(context, view, rule);
}

}  // namespace

// Over-broad grants, for the kinds that grant (Context::Grants):
//  - ALLOW_WITH_NOT_ACTION / ALLOW_WITH_NOT_RESOURCE: Allow with NotAction or NotResource allows
//    everything not listed, including actions and resources added later ("IAM JSON policy
//    elements: NotAction": "use NotAction with Allow with care").
//  - ALLOW_ALL_ACTIONS_ON_ALL_RESOURCES: Action "*" (or "*:*") on Resource "*" or NotResource.
//  - PERMISSIONS_MANAGEMENT_ON_ALL_RESOURCES: on every resource, one or more iam actions of the
//    "Permissions management" access level (taken from the catalog: AttachUserPolicy, PutRolePolicy,
//    CreatePolicyVersion, UpdateAssumeRolePolicy ...). Each lets the principal rewrite IAM
//    permissions, its own included, so the grant is administrator-equivalent. Reported unless the
//    previous finding already was.
//  - the iam:PassRole family (CheckPassRole).
void CheckBroadGrants(const Context& context, const StatementView& view) {
  const Statement& st = view.statement;
  if (!context.Grants() || st.effect != Effect::kAllow) return;
  if (st.not_action && !st.actions.empty()) {
    context.report.Add(
        Severity::kSecurityWarning, "ALLOW_WITH_NOT_ACTION",
        "Allow with NotAction grants every action not listed, including actions AWS adds later; "
        "list the actions to allow instead",
        st.actions.front().location, view.ElementPath(true, 0));
  }
  if (st.not_resource && !st.resources.empty()) {
    context.report.Add(
        Severity::kSecurityWarning, "ALLOW_WITH_NOT_RESOURCE",
        "Allow with NotResource grants access to every resource not listed, including resources "
        "created later; list the resources to allow instead",
        st.resources.front().location, view.ResourcePath(0));
  }
  CheckPassRole(context, view);

  const bool all_resources = st.not_resource || view.ResourceIsStar();
  if (!all_resources) return;
  if (view.all_actions && !st.not_action) {
    context.report.Add(
        Severity::kSecurityWarning, "ALLOW_ALL_ACTIONS_ON_ALL_RESOURCES",
        "The statement allows every action on every resource: this is full administrator access", st.location,
        view.path);
    return;
  }
  const ServiceInfo* iam = context.catalog.FindService("iam");
  if (iam == nullptr) return;
  std::vector<const ActionInfo*> permissions_management;
  for (const auto& a : iam->actions) {
    if (a.HasAccessLevel(AccessLevel::kPermissionsManagement)) permissions_management.push_back(&a);
  }
  const std::vector<const ActionInfo*> granted = Granted(view, permissions_management);
  if (granted.empty()) return;
  std::string names;
  for (std::size_t i = 0; i < granted.size() && i < 3; ++i) names += (i ? ", " : "") + granted[i]->FullName();
  if (granted.size() > 3) names += " and " + std::to_string(granted.size() - 3) + " more";
  context.report.Add(Severity::kSecurityWarning, "PERMISSIONS_MANAGEMENT_ON_ALL_RESOURCES",
                     "The statement allows IAM permissions-management actions (" + names +
                         ") on every resource: a principal with it can grant itself any permission",
                     st.location, view.path);
}

}  // namespace bulwark::policy::validation
