// Parses IAM policy JSON into the located AST (document.h), accepting exactly the grammar AWS
// accepts and reporting every syntax error with its position.
//
// Limits follow IAM quotas ("IAM and AWS STS quotas"): the caller passes the quota for the policy
// kind (managed policy 6,144, trust policy 2,048, ...) counted in non-whitespace characters, and the
// JSON nesting depth is bounded.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string_view>

#include "core/json_tree.h"
#include "core/result.h"
#include "policy/document.h"
#include "policy/finding.h"

namespace bulwark::policy {

// Which attachment point a policy is written for; it decides whether Principal is required or
// forbidden and which size quota applies.
enum class PolicyKind {
  kIdentity,             // Managed or inline identity-based policy: no Principal.
  kResource,             // Resource-based policy (bucket, key, queue ...): Principal required.
  kTrust,                // Role trust policy: Principal required, no Resource.
  kServiceControl,       // SCP: no Principal.
  kResourceControl,      // RCP: Principal "*" only, Deny only.
  kPermissionsBoundary,  // Same grammar as identity policies.
  kSession,              // Session policy passed to AssumeRole: same grammar as identity policies.
};

// AWS quota (non-whitespace characters) per kind; 0 means unlimited.
struct PolicyQuotas {
  static constexpr std::size_t kManagedPolicy = 6144;
  static constexpr std::size_t kTrustPolicy = 2048;
  static constexpr std::size_t kServiceControlPolicy = 5120;
  static constexpr std::size_t kSessionPolicy = 2048;
  static constexpr std::size_t kUserInlineAggregate = 2048;
  static constexpr std::size_t kGroupInlineAggregate = 5120;
  static constexpr std::size_t kRoleInlineAggregate = 10240;
  static constexpr std::size_t kMaxNestingDepth = 16;
};

struct ParseOptions {
  PolicyKind kind = PolicyKind::kIdentity;
  std::size_t max_chars = 0;  // Quota in non-whitespace characters; 0 = no limit.
  // Access Analyzer's reading (the validator's): empty Action, Resource and Principal arrays and
  // empty Principal and Condition objects are SUGGESTION findings (EMPTY_ARRAY_ACTION, ...,
  // EMPTY_OBJECT_CONDITION: "IAM policy validation check reference") and the document is still
  // produced. IAM's own reading (false) rejects them as MISSING_ACTION and the like.
  bool empty_elements_are_suggestions = false;
};

// Parses and reports. `document` is set when there were no ERROR findings.
struct ParseOutcome {
  std::optional<PolicyDocument> document;
  Findings findings;  // Syntax errors (kError), and with empty_elements_are_suggestions SUGGESTIONs.
};

ParseOutcome ParsePolicyText(std::string_view text, const ParseOptions& options = {});
ParseOutcome ParsePolicyJson(const core::JsonValue& json, const ParseOptions& options = {});

// Convenience: the document, or "MalformedPolicyDocument" with the first error's message
// (as IAM answers CreatePolicy / PutUserPolicy).
core::Result<PolicyDocument> ParsePolicy(std::string_view text, const ParseOptions& options = {});
core::Result<PolicyDocument> ParsePolicy(const core::JsonValue& json, const ParseOptions& options = {});

}  // namespace bulwark::policy
