#include "policy/validator.h"

#include <algorithm>
#include <cstdio>
#include <string>

#include "policy/validator_checks.h"

// Issue codes and finding types are those of the IAM User Guide's "IAM policy validation check
// reference" (Access Analyzer's policy checks); docs/policy_checks.md lists every check of the
// reference with the code, severity and unit test Bulwark has for it. The grammar checks are the
// parser's (parser.h); validator_checks_reference.cc holds the table-driven reference checks.
// Bulwark's own codes, for problems the reference has no check for (never raised by a policy the
// reference calls clean):
//   SECURITY_WARNING ALLOW_WITH_NOT_ACTION, ALLOW_WITH_NOT_RESOURCE,
//                    ALLOW_ALL_ACTIONS_ON_ALL_RESOURCES, PERMISSIONS_MANAGEMENT_ON_ALL_RESOURCES
//   WARNING          RESOURCE_NOT_SUPPORTED_BY_ACTIONS, ACTION_NOT_SUPPORTED_BY_RESOURCES,
//                    CONDITION_KEY_NOT_SUPPORTED_BY_ACTIONS, POLICY_SIZE_EXCEEDS_SESSION_POLICY_QUOTA
//   ERROR            (parser) INVALID_TYPE, DUPLICATE_KEY, INVALID_PRINCIPAL, INVALID_CONDITION_KEY,
//                    EMPTY_CONDITION (IAM's reading only), RCP_ALLOW_STATEMENT, POLICY_NOT_OBJECT,
//                    POLICY_SIZE_EXCEEDED (IAM's reading only)
namespace bulwark::policy {

namespace validation {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

bool ContainsVariable(std::string_view text) {
  return text.find("${") != std::string_view::npos;
}

std::string Quote(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

std::string StatementView::ElementPath(bool action_element, std::size_t index) const {
  std::string element;
  if (action_element) {
    element = statement.not_action ? ".NotAction" : ".Action";
  } else {
    element = statement.not_resource ? ".NotResource" : ".Resource";
  }
  return path + element + "[" + std::to_string(index) + "]";
}

bool StatementView::ResourceIsStar() const {
  if (statement.not_resource) return false;
  return std::any_of(statement.resources.begin(), statement.resources.end(),
                     [](const LocatedString& r) { return r.value == "*"; });
}

std::string StatementView::ResourcePath(std::size_t index) const {
  return ElementPath(false, index);
}

namespace {

// "2008-10-17" (or no Version, which means it) treats ${...} as literal text ("IAM JSON policy
// elements: Version"); only a missing Version is reported ("General Warning – Missing version").
void CheckVersion(const Context& context) {
  const PolicyDocument& doc = context.document;
  if (!doc.version_present) {
    context.report.Add(
        Severity::kWarning, "MISSING_VERSION",
        "Add a Version element with the value \"2012-10-17\": without it the policy is read with "
        "version 2008-10-17, where policy variables are not supported",
        SourceLocation{1, 1, 0}, "");
  }
  // "2008-10-17" is a valid version: the reference has no finding for it; policy variables in such
  // a policy are VARIABLE_UNSUPPORTED_IN_VERSION.
}

// IAM and Organizations quotas, in characters without white space ("IAM and AWS STS quotas";
// "Quotas for AWS Organizations"). Organizations rejects an oversized SCP or RCP; for the other
// kinds the quota depends on how the policy is attached, so exceeding it is a warning.
void CheckSize(const Context& context) {
  const std::size_t size = context.document.size_chars;
  if (size == 0) return;
  struct Quota {
    PolicyKind kind;
    std::size_t limit;
    Severity severity;
    const char* code;
    const char* what;
  };
  static constexpr Quota kQuotas[] = {
      {PolicyKind::kServiceControl, PolicyQuotas::kServiceControlPolicy, Severity::kError,
       "POLICY_SIZE_EXCEEDS_SCP_QUOTA", "service control policy"},
      {PolicyKind::kResourceControl, PolicyQuotas::kServiceControlPolicy, Severity::kError,
       "POLICY_SIZE_EXCEEDS_RCP_QUOTA", "resource control policy"},
      {PolicyKind::kIdentity, PolicyQuotas::kManagedPolicy, Severity::kWarning,
       "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA", "managed policy"},
      {PolicyKind::kPermissionsBoundary, PolicyQuotas::kManagedPolicy, Severity::kWarning,
       "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA", "managed policy"},
      {PolicyKind::kTrust, PolicyQuotas::kTrustPolicy, Severity::kWarning,
       "POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA", "role trust policy (default quota)"},
      {PolicyKind::kSession, PolicyQuotas::kSessionPolicy, Severity::kWarning,
       "POLICY_SIZE_EXCEEDS_SESSION_POLICY_QUOTA", "session policy"},
  };
  for (const Quota& q : kQuotas) {
    if (q.kind == context.options.kind && size > q.limit) {
      context.report.Add(q.severity, q.code,
                         "The policy has " + std::to_string(size) +
                             " characters (white space excluded); the " + q.what + " quota is " +
                             std::to_string(q.limit),
                         SourceLocation{1, 1, 0}, "");
    }
  }
}

void CheckPrincipalVariables(const Context& context, const Statement& st, const std::string& path) {
  const PrincipalBlock& p = st.principal;
  for (const auto* list : {&p.aws, &p.service, &p.federated, &p.canonical_user}) {
    for (const auto& value : *list) {
      if (ContainsVariable(value.value)) {
        context.report.Add(Severity::kError, "VARIABLE_UNSUPPORTED_IN_ELEMENT",
                           "Policy variables are not supported in the " +
                               std::string(p.negated ? "NotPrincipal" : "Principal") +
                               " element: " + Quote(value.value),
                           value.location, path + (p.negated ? ".NotPrincipal" : ".Principal"));
      }
    }
  }
}

// The JSON reader reports its position only in the message ("invalid JSON at line 3, column 7:
// ..."); findings should carry it.
void LocateJsonError(Finding& f) {
  if (f.location.line != 0) return;
  f.location = SourceLocation{1, 1, 0};  // Whole-document problems (size, not JSON) point at the start.
  const auto at = f.message.find("at line ");
  if (at == std::string::npos) return;
  unsigned line = 0;
  unsigned column = 0;
  if (std::sscanf(f.message.c_str() + at, "at line %u, column %u", &line, &column) == 2) {
    f.location.line = line;
    f.location.column = column;
  }
}

bool FindingBefore(const Finding& a, const Finding& b) {
  if (a.location.line != b.location.line) return a.location.line < b.location.line;
  if (a.location.column != b.location.column) return a.location.column < b.location.column;
  return static_cast<int>(a.severity) > static_cast<int>(b.severity);
}

}  // namespace

}  // namespace validation

Findings ValidatePolicy(const PolicyDocument& document, const ValidateOptions& options) {
  using namespace validation;  // NOLINT: the checks' own namespace.
  Findings findings;
  Reporter report(findings);
  const ActionCatalog& catalog = options.catalog != nullptr ? *options.catalog : ActionCatalog::Embedded();
  const Context context{document, options, catalog, report};
  CheckVersion(context);
  CheckSize(context);
  for (const Statement& st : document.statements) {
    const StatementView view = ResolveActions(context, st);
    CheckActionRules(context, view);
    CheckResources(context, view);
    CheckConditions(context, view);
    CheckBroadGrants(context, view);
    CheckPrincipalVariables(context, st, view.path);
    CheckReferenceResources(context, view);
    CheckReferenceConditions(context, view);
    CheckReferencePrincipals(context, view);
  }
  CheckReferenceDocument(context);
  CheckResourcePolicyType(context);
  std::stable_sort(findings.begin(), findings.end(), FindingBefore);
  return findings;
}

Findings ValidatePolicyText(std::string_view text, const ValidateOptions& options) {
  ParseOptions parse_options;
  parse_options.kind = options.kind;
  parse_options.max_chars = 0;  // Quotas are reported by ValidatePolicy, as findings.
  parse_options.empty_elements_are_suggestions = true;
  ParseOutcome outcome = ParsePolicyText(text, parse_options);
  for (Finding& f : outcome.findings) validation::LocateJsonError(f);
  if (!outcome.document) {
    std::stable_sort(outcome.findings.begin(), outcome.findings.end(), validation::FindingBefore);
    return std::move(outcome.findings);
  }
  Findings findings = std::move(outcome.findings);
  Findings more = ValidatePolicy(*outcome.document, options);
  findings.insert(findings.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  std::stable_sort(findings.begin(), findings.end(), validation::FindingBefore);
  return findings;
}

bool WorstSeverity(const Findings& findings, Severity* worst) {
  if (findings.empty()) return false;
  Severity w = Severity::kSuggestion;
  for (const Finding& f : findings) {
    if (static_cast<int>(f.severity) > static_cast<int>(w)) w = f.severity;
  }
  *worst = w;
  return true;
}

}  // namespace bulwark::policy
