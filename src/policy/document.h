// The policy AST: a faithful, located representation of one IAM policy document.
//
// The parser (parser.h) produces it; the validator (validator.h) reports on it; the compiler
// (compiled_policy.h) turns it into the fast evaluation form. Values are kept as written (no case
// folding, no variable substitution) so findings can quote them and the compiler decides semantics.
// Thread-safety: value types, immutable once built.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/json_tree.h"

namespace bulwark::policy {

using core::SourceLocation;

struct LocatedString {
  std::string value;
  SourceLocation location;
};

// "2012-10-17" interprets policy variables; "2008-10-17" (and a missing Version) treats "${...}"
// as literal text (IAM User Guide, "IAM JSON policy elements: Version").
enum class PolicyVersion { k2008_10_17, k2012_10_17 };

enum class Effect { kAllow, kDeny };

// Principal or NotPrincipal. `"*"` is stored as wildcard with no lists.
struct PrincipalBlock {
  bool present = false;
  bool negated = false;   // NotPrincipal.
  bool wildcard = false;  // "Principal": "*"
  std::vector<LocatedString> aws;             // Account ids, account root, user/role/assumed-role ARNs, "*".
  std::vector<LocatedString> service;         // "s3.amazonaws.com"
  std::vector<LocatedString> federated;       // "cognito-identity.amazonaws.com", SAML/OIDC provider ARNs
  std::vector<LocatedString> canonical_user;  // S3 canonical user ids
  SourceLocation location;
};

// Every condition operator AWS defines, without its qualifiers.
enum class ConditionTest {
  kStringEquals, kStringNotEquals, kStringEqualsIgnoreCase, kStringNotEqualsIgnoreCase,
  kStringLike, kStringNotLike,
  kNumericEquals, kNumericNotEquals, kNumericLessThan, kNumericLessThanEquals,
  kNumericGreaterThan, kNumericGreaterThanEquals,
  kDateEquals, kDateNotEquals, kDateLessThan, kDateLessThanEquals, kDateGreaterThan,
  kDateGreaterThanEquals,
  kBool,
  kBinaryEquals,
  kIpAddress, kNotIpAddress,
  kArnEquals, kArnLike, kArnNotEquals, kArnNotLike,
  kNull,
};

enum class SetQualifier { kNone, kForAllValues, kForAnyValue };

struct ConditionOperator {
  ConditionTest test = ConditionTest::kStringEquals;
  SetQualifier qualifier = SetQualifier::kNone;
  bool if_exists = false;
  std::string name;  // As written, e.g. "ForAnyValue:StringLikeIfExists".
};

// One (operator, key) pair: "StringEquals": {"aws:PrincipalTag/team": ["a", "b"]}.
// Values are the JSON scalars as text (true -> "true", 12 -> "12").
struct Condition {
  ConditionOperator op;
  std::string key;  // As written; keys compare case-insensitively.
  std::vector<LocatedString> values;
  SourceLocation operator_location;
  SourceLocation key_location;
};

struct Statement {
  std::size_t index = 0;  // Position in the Statement array (0-based).
  std::optional<LocatedString> sid;
  Effect effect = Effect::kAllow;
  SourceLocation location;
  PrincipalBlock principal;
  bool not_action = false;  // Actions came from NotAction.
  std::vector<LocatedString> actions;
  bool has_resource = false;  // Resource or NotResource present (trust policies have neither).
  bool not_resource = false;
  std::vector<LocatedString> resources;
  std::vector<Condition> conditions;
};

struct PolicyDocument {
  PolicyVersion version = PolicyVersion::k2008_10_17;
  bool version_present = false;
  std::optional<LocatedString> id;
  std::vector<Statement> statements;
  std::size_t size_chars = 0;  // Non-whitespace characters, as IAM counts them for quotas.
};

const char* ConditionTestName(ConditionTest test);

}  // namespace bulwark::policy
