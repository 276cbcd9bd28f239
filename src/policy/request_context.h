// The request an evaluation decides on: the caller, the action, the resource, and the context keys.
// Context keys compare case-insensitively (as AWS compares condition key names); each key holds one
// value or a list (multivalued keys such as aws:TagKeys). The context is what the caller gives:
// nothing is invented.
// Values are parsed once, when set, into the types operators compare (numbers, dates, addresses,
// booleans), so evaluations never re-parse them.
// Thread-safety: immutable after building; safe to share across evaluations.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policy/condition_value.h"

namespace bulwark::policy {

// A context value read once in every type a condition operator may ask for.
struct TypedValue {
  std::optional<double> number;
  std::optional<double> date;
  std::optional<IpBlock> ip;
  std::optional<bool> boolean;
};

struct ContextEntry {
  std::string key;        // Lower-cased.
  std::string written;    // As given, for reports.
  std::vector<std::string> values;
  std::vector<TypedValue> typed;  // Parallel to values.
  bool multivalued = false;  // Given as a list (even of one value).
};

class RequestContext {
 public:
  void Set(std::string_view key, std::string value);
  void SetList(std::string_view key, std::vector<std::string> values);
  // `lower_key` must already be lower-case. Returns nullptr when absent.
  const ContextEntry* Find(std::string_view lower_key) const;
  const std::vector<ContextEntry>& entries() const { return entries_; }

 private:
  std::vector<ContextEntry> entries_;
};

// Who is asking, derived from the principal ARN.
enum class PrincipalKind { kAccountRoot, kUser, kRoleSession, kFederatedUser, kRole, kService, kOther };

struct EvalRequest {
  std::string principal;          // ARN (or a service principal such as "s3.amazonaws.com")
  std::string action;             // "s3:GetObject"
  std::string resource = "*";     // ARN or "*"
  std::string resource_account;   // Empty: same account as the principal.
  RequestContext context;
};

// The facts about the principal the evaluator needs, parsed once per request.
struct PrincipalFacts {
  PrincipalKind kind = PrincipalKind::kOther;
  std::string account;
  std::string arn;       // As given.
  std::string role_arn;  // For role sessions: arn:<p>:iam::<account>:role/<name> (path unknown).
};

PrincipalFacts AnalyzePrincipal(std::string_view principal);

std::string ToLower(std::string_view s);

}  // namespace bulwark::policy
