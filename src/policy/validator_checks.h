// Internal to the validator (validator.cc and validator_checks_*.cc): the per-statement view the
// checks share and the check entry points. Not part of the policy library's interface.
// Thread-safety: one Context per ValidatePolicy call; nothing is shared between calls.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "policy/catalog.h"
#include "policy/document.h"
#include "policy/finding.h"
#include "policy/validator.h"

namespace bulwark::policy::validation {

class Reporter {
 public:
  explicit Reporter(Findings& out) : out_(out) {}
  void Add(Severity severity, std::string code, std::string message, const SourceLocation& at,
           std::string path) {
    out_.push_back(Finding{severity, std::move(code), std::move(message), at, std::move(path)});
  }

 private:
  Findings& out_;
};

struct Context {
  const PolicyDocument& document;
  const ValidateOptions& options;
  const ActionCatalog& catalog;
  Reporter& report;

  bool InterpretsVariables() const { return document.version == PolicyVersion::k2012_10_17; }
  // Statements of these kinds grant access; the others (SCP, RCP, boundaries, session policies,
  // trust policies) only limit it or only name sts actions, so over-broad-grant checks skip them.
  bool Grants() const {
    return options.kind == PolicyKind::kIdentity || options.kind == PolicyKind::kResource;
  }
};

// One entry of Action or NotAction, resolved against the catalog.
struct ResolvedAction {
  const LocatedString* written = nullptr;
  std::string path;                        // "Statement[0].Action[2]"
  bool all = false;                        // "*" (or "*:*")
  bool wildcard = false;                   // '*' or '?' anywhere
  bool valid = false;                      // Names at least one known action.
  std::vector<const ActionInfo*> matches;  // Empty for `all`.
};

struct StatementView {
  const Statement& statement;
  std::string path;  // "Statement[3]"
  std::vector<ResolvedAction> actions;
  bool all_actions = false;  // Action contains "*".
  bool any_invalid = false;  // Some entry names nothing known.
  // The known actions the Action element names (deduplicated); empty when all_actions or NotAction.
  std::vector<const ActionInfo*> known_actions;

  std::string ElementPath(bool action_element, std::size_t index) const;
  // True when Resource lists "*" (not NotResource).
  bool ResourceIsStar() const;
  std::string ResourcePath(std::size_t index) const;
  // Whether the statement can be checked action by action: an Action element naming only known
  // actions, no "*".
  bool HasCheckableActions() const { return !statement.not_action && !all_actions && !known_actions.empty(); }
};

// validator_checks_actions.cc
StatementView ResolveActions(const Context& context, const Statement& statement);
void CheckActionRules(const Context& context, const StatementView& view);
void CheckBroadGrants(const Context& context, const StatementView& view);

// validator_checks_resources.cc
void CheckResources(const Context& context, const StatementView& view);

// validator_checks_conditions.cc
void CheckConditions(const Context& context, const StatementView& view);
// Policy variables in one value: syntax, known keys, and the policy version.
void CheckVariables(const Context& context, const LocatedString& value, const std::string& path);

// validator_checks_reference.cc: table-driven checks of the "IAM policy validation check reference".
void CheckReferenceResources(const Context& context, const StatementView& view);
void CheckReferenceConditions(const Context& context, const StatementView& view);
void CheckReferencePrincipals(const Context& context, const StatementView& view);
// Empty Sids, duplicate Sids in resource policies, redundant statements.
void CheckReferenceDocument(const Context& context);
// A global key the reference reports as DEPRECATED_GLOBAL_CONDITION_KEY (aws:ARN), not as unknown.
bool IsDeprecatedGlobalConditionKey(std::string_view key);
// Checks specific to ValidateOptions::resource_type.
void CheckResourcePolicyType(const Context& context);

// Shared helpers.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
bool ContainsVariable(std::string_view text);
std::string Quote(std::string_view text);  // "\"text\""

}  // namespace bulwark::policy::validation
