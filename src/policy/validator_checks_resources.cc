// Resource element checks: ARN shape against the service's resource types, whether the
// statement's actions can act on each resource, and redundant entries.
#include <algorithm>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "core/arn.h"
#include "core/wildcard.h"
#include "policy/validator_checks.h"

namespace bulwark::policy::validation {

namespace {

bool IsWildcardOnly(std::string_view field) {
  return !field.empty() && field.find_first_not_of("*?") == std::string_view::npos;
}

// The Region (3) or account (4) component of a catalog ARN pattern.
std::string_view PatternField(std::string_view pattern, int index) {
  std::size_t start = 0;
  for (int i = 0; i < index; ++i) {
    const auto colon = pattern.find(':', start);
    if (colon == std::string_view::npos) return {};
    start = colon + 1;
  }
  const auto end = pattern.find(':', start);
  return pattern.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
}

// ARN shape checks for one Resource/NotResource entry. Returns false when it reported an error.
bool CheckArnShape(const Context& context, const LocatedString& resource, const std::string& path) {
  const auto parts = core::SplitArn(resource.value);
  if (!parts) return true;  // The parser reports malformed ARNs.
  const std::string_view service = parts->service;
  if (service.empty() || core::HasWildcard(service) || ContainsVariable(service)) return true;
  for (char c : service) {
    if (c >= 'A' && c <= 'Z') {
      context.report.Add(Severity::kError, "INVALID_ARN_SERVICE_CASE",
                         "The service in the resource ARN " + Quote(resource.value) +
                             " must be lower case: " + Quote(std::string(service)),
                         resource.location, path);
      return false;
    }
  }
  const auto& types = context.catalog.ResourceTypesForArnService(service);
  if (types.empty()) return true;  // A service the catalog has no resource types for.

  // "Error – ARN Region not allowed" / "Error – ARN account not allowed": no resource type of the
  // service has that component, so nothing can match.
  struct FieldRule {
    std::string_view value;
    int index;
    const char* code;
    const char* what;
  };
  for (const FieldRule& rule : {FieldRule{parts->region, 3, "ARN_REGION_NOT_ALLOWED", "a Region"},
                                FieldRule{parts->account, 4, "ARN_ACCOUNT_NOT_ALLOWED", "an account ID"}}) {
    if (rule.value.empty() || IsWildcardOnly(rule.value) || ContainsVariable(rule.value)) continue;
    const bool any_allows = std::any_of(types.begin(), types.end(), [&](const ResourceTypeInfo* t) {
      return !PatternField(t->arn_pattern, rule.index).empty();
    });
    if (!any_allows) {
      context.report.Add(Severity::kError, rule.code,
                         "The service " + std::string(service) + " does not support specifying " + rule.what +
                             " in the resource ARN " + Quote(resource.value),
                         resource.location, path);
      return false;
    }
  }
  const bool matches_a_type = std::any_of(types.begin(), types.end(), [&](const ResourceTypeInfo* t) {
    return ArnPatternOverlaps(t->arn_pattern, resource.value);
  });
  if (!matches_a_type) {
    context.report.Add(Severity::kError, "INVALID_ARN_RESOURCE",
                       "The resource ARN " + Quote(resource.value) +
                           " does not match the ARN format of any " + std::string(service) +
                           " resource type. Update the resource portion of the ARN",
                       resource.location, path);
    return false;
  }
  return true;
}

bool Supports(const ResourceTypeInfo* type, std::string_view resource, ArnPlaceholders placeholders) {
  return type != nullptr && ArnPatternOverlaps(type->arn_pattern, resource, placeholders);
}

// Read placeholders as single segments when that still lets some resource type of the ARN's
// service match the entry ("arn:aws:s3:::b/*" is then an object, not also a bucket); otherwise
// (a log group "/aws/lambda/fn", a role path) as any text.
ArnPlaceholders PlaceholdersFor(const Context& context, std::string_view resource) {
  const auto parts = core::SplitArn(resource);
  if (!parts || core::HasWildcard(parts->service) || ContainsVariable(parts->service)) {
    return ArnPlaceholders::kAnyText;
  }
  for (const ResourceTypeInfo* t : context.catalog.ResourceTypesForArnService(parts->service)) {
    if (ArnPatternOverlaps(t->arn_pattern, resource, ArnPlaceholders::kSegment))
      return ArnPlaceholders::kSegment;
  }
  return ArnPlaceholders::kAnyText;
}

// Resource types the statement's actions can act on, deduplicated.
std::vector<const ResourceTypeInfo*> TypesOf(const std::vector<const ActionInfo*>& actions) {
  std::vector<const ResourceTypeInfo*> out;
  std::unordered_set<const ResourceTypeInfo*> seen;
  for (const ActionInfo* a : actions) {
    for (const auto& rt : a->resource_types) {
      if (rt.type != nullptr && seen.insert(rt.type).second) out.push_back(rt.type);
    }
  }
  return out;
}

// "bucket", "accesspoint or bucket", "a, b, c or d".
std::string TypeNames(const ActionInfo& action) {
  std::string out;
  const auto& types = action.resource_types;
  for (std::size_t i = 0; i < types.size(); ++i) {
    if (i > 0) out += i + 1 == types.size() ? " or " : ", ";
    out += types[i].type->name;
  }
  return out;
}

// Comparisons of every entry with every wildcard entry are skipped beyond this many, so that a
// huge generated policy cannot make validation quadratic; repeated entries are still reported.
constexpr std::size_t kRedundancyComparisonBudget = 200000;

void CheckRedundantResources(const Context& context, const StatementView& view) {
  const auto& resources = view.statement.resources;
  std::vector<std::size_t> wildcards;
  for (std::size_t j = 0; j < resources.size(); ++j) {
    if (core::HasWildcard(resources[j].value) && !ContainsVariable(resources[j].value))
      wildcards.push_back(j);
  }
  const bool compare = resources.size() * wildcards.size() <= kRedundancyComparisonBudget;
  std::unordered_map<std::string_view, std::size_t> first;
  for (std::size_t i = 0; i < resources.size(); ++i) {
    const std::string& narrow = resources[i].value;
    if (ContainsVariable(narrow)) continue;
    const auto [it, inserted] = first.emplace(narrow, i);
    std::size_t covering = it->second;
    bool redundant = !inserted;  // Of two equal entries the later one is the redundant one.
    for (std::size_t k = 0; compare && !redundant && narrow != "*" && k < wildcards.size(); ++k) {
      const std::string& wide = resources[wildcards[k]].value;
      if (wide == narrow) continue;
      // A wildcard in `narrow` is covered only when one of `wide`'s '*' can absorb it; a '?' in
      // `wide` could match a '*' of `narrow` as one character, which proves nothing.
      const bool sound = !core::HasWildcard(narrow) || wide.find('?') == std::string::npos;
      if (sound && core::ArnMatch(wide, narrow)) {
        redundant = true;
        covering = wildcards[k];
      }
    }
    if (redundant) {
      context.report.Add(Severity::kSuggestion, "REDUNDANT_RESOURCE",
                         "The resource " + Quote(narrow) + " is redundant: " +
                             Quote(resources[covering].value) + " in the same statement already includes it",
                         resources[i].location, view.ResourcePath(i));
    }
  }
}

// A pattern of fewer than six components ending in '*' ("arn:aws:sqs:us-east-1:111122223333*")
// expands beyond the colons ("IAM JSON policy elements: Resource"); for matching it against resource
// types it reads as the same pattern with '*' for each missing component.
std::string PaddedArn(std::string_view resource) {
  std::string padded(resource);
  if (core::SplitArn(resource) || resource.substr(0, 4) != "arn:" || resource.back() != '*') return padded;
  while (!core::SplitArn(padded)) padded += ":*";
  return padded;
}

}  // namespace

// Which resources the actions can name: each resource type lists its ARN pattern, each action the
// resource types it acts on (Service Authorization Reference, "Resource types" column). A Resource
// entry no listed action can act on never matches a request (RESOURCE_NOT_SUPPORTED_BY_ACTIONS);
// an action none of whose resource types matches any entry is never allowed by the statement
// (ACTION_NOT_SUPPORTED_BY_RESOURCES; an action without resource types supports only "*"). These
// are warnings, not errors: the reference is the best data there is but AWS does not promise it is
// complete.
void CheckResources(const Context& context, const StatementView& view) {
  const Statement& st = view.statement;
  std::vector<bool> shape_ok(st.resources.size(), true);
  for (std::size_t i = 0; i < st.resources.size(); ++i) {
    const LocatedString& r = st.resources[i];
    CheckVariables(context, r, view.ResourcePath(i));
    if (r.value != "*") shape_ok[i] = CheckArnShape(context, r, view.ResourcePath(i));
  }
  CheckRedundantResources(context, view);
  // Trust policies have no Resource element: the role is the resource.
  if (!st.has_resource || st.not_resource || !view.HasCheckableActions() || view.any_invalid) return;
  if (view.ResourceIsStar()) return;

  const std::vector<const ResourceTypeInfo*> types = TypesOf(view.known_actions);
  std::vector<std::string> values;
  std::vector<ArnPlaceholders> placeholders;
  for (const auto& r : st.resources) {
    values.push_back(PaddedArn(r.value));
    placeholders.push_back(PlaceholdersFor(context, values.back()));
  }
  bool reported = false;
  for (std::size_t i = 0; i < st.resources.size(); ++i) {
    const LocatedString& r = st.resources[i];
    if (!shape_ok[i]) {
      reported = true;
      continue;
    }
    const bool supported = std::any_of(types.begin(), types.end(), [&](const ResourceTypeInfo* t) {
      return Supports(t, values[i], placeholders[i]);
    });
    if (!supported) {
      std::string actions = view.known_actions.size() == 1
                                ? view.known_actions.front()->FullName()
                                : std::to_string(view.known_actions.size()) + " actions";
      context.report.Add(Severity::kWarning, "RESOURCE_NOT_SUPPORTED_BY_ACTIONS",
                         "No action in the statement (" + actions + ") can act on the resource " +
                             Quote(r.value) +
                             ": it matches none of their resource types, so this entry grants nothing",
                         r.location, view.ResourcePath(i));
      reported = true;
    }
  }
  if (reported) return;
  // Per explicitly named action (a wildcard naming some actions that do not fit is normal).
  for (const auto& a : view.actions) {
    if (a.all || a.wildcard || a.matches.size() != 1) continue;
    const ActionInfo* action = a.matches.front();
    bool fits = false;
    for (std::size_t i = 0; i < st.resources.size(); ++i) {
      for (const auto& rt : action->resource_types) {
        fits = fits || Supports(rt.type, values[i], placeholders[i]);
      }
    }
    if (fits) continue;
    context.report.Add(
        Severity::kWarning, "ACTION_NOT_SUPPORTED_BY_RESOURCES",
        action->resource_types.empty()
            ? "The action " + action->FullName() +
                  " supports only Resource \"*\" (it has no resource-level permissions); the statement never "
                  "allows it"
            : "The action " + action->FullName() + " acts on " + TypeNames(*action) +
                  ", which no Resource entry of the statement names; the statement never allows it",
        a.written->location, a.path);
  }
}

}  // namespace bulwark::policy::validation
