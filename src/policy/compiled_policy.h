// The evaluation form of a policy: parsed once, compiled into immutable matchers, and indexed so a
// request only visits the statements that can apply to its action, in document order: statements
// naming the action literally are found by one hash probe on "service:name" and need no action
// check; those with wildcard names are listed per service with their names pre-selected; NotAction,
// "*" and wildcard services are merged into every list.
//
// The hot data is flat and small: statements, actions, resources and conditions are ranges of
// per-policy arrays, and patterns are 12-byte references into one text arena (pattern.h).
// Several documents can be compiled as one bundle with one index (CompileBundle).
//
// Compilation lower-cases action patterns (actions compare case-insensitively), splits Resource
// ARNs into their six components (wildcards never cross the colons between them), pre-reads typed
// condition values (numbers, dates, CIDRs, booleans, base64) and compiles policy variables into
// templates where AWS interprets them: the resource part of a Resource ARN, and String, ARN and
// Bool condition values, in Version 2012-10-17 policies only ("IAM policy elements: Variables and
// tags", "Where you can use policy variables").
// Thread-safety: immutable after Compile(); share freely between threads.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "policy/condition_operator.h"
#include "policy/condition_value.h"
#include "policy/document.h"
#include "policy/pattern.h"
#include "policy/policy_variables.h"
#include "policy/string_index.h"

namespace bulwark::policy {

// Where a policy sits in AWS's evaluation logic.
enum class PolicyType {
  kIdentity,
  kResource,
  kPermissionsBoundary,
  kSession,
  kServiceControl,
  kResourceControl,
};

// "identity", "resource", "boundary", "session", "scp", "rcp".
const char* PolicyTypeName(PolicyType type);

inline constexpr uint32_t kNoIndex = UINT32_MAX;

struct CompiledAction {
  Pattern service;         // Lower-cased.
  Pattern name;            // Lower-cased.
  bool match_all = false;  // "*"
};

// One Resource/NotResource value.
struct CompiledResource {
  enum class Kind : uint8_t {
    kAny,       // "*": any resource, ARN or not.
    kArn,       // Six components, each matched on its own.
    kShortArn,  // "arn:" and fewer than six components, the last ending in '*' (see below).
    kOther,     // Anything else: a plain glob that never matches an ARN.
  };
  Kind kind = Kind::kAny;
  // kShortArn: the components after "arn:" are `short_parts` patterns from head_parts_begin in
  // CompiledPolicy::head_parts(); all but the last match the ARN's components one by one, and the
  // last, which ends in '*', matches the rest of the ARN, colons included ("IAM JSON policy elements:
  // Resource": a '*' that is the last character of a segment can expand beyond the colons).
  uint8_t short_parts = 0;
  // kArn: when the first five components have no wildcard, `head` is their text with the colons
  // ("arn:aws:s3:::") compared at once; otherwise head_parts_begin indexes four patterns
  // (partition, service, region, account) in CompiledPolicy::head_parts().
  bool literal_head = true;
  uint32_t head_parts_begin = kNoIndex;
  uint32_t template_index = kNoIndex;  // kArn with policy variables in the resource part.
  Pattern head;
  Pattern tail;  // kArn: the resource part; kOther: the whole text.
};

struct CompiledValue {
  TextRef plain;                       // The text, escapes resolved (ARN operators: marked, see wildcard.h).
  Pattern pattern;                     // String operators: the text as a pattern (StringLike).
  uint32_t template_index = kNoIndex;  // Variables (String, ARN and Bool operators only).
  std::optional<double> number;        // Numeric* (a number) and Date* (epoch seconds).
  std::optional<IpBlock> ip;           // IpAddress / NotIpAddress.
  std::optional<bool> boolean;         // Bool and Null.
  bool has_binary = false;             // BinaryEquals: `binary` holds the decoded bytes.
  TextRef binary;
};

struct CompiledCondition {
  ConditionTest test = ConditionTest::kStringEquals;
  OperatorFamily family = OperatorFamily::kString;
  SetQualifier qualifier = SetQualifier::kNone;
  bool if_exists = false;
  bool negated = false;
  uint64_t key_hash = 0;  // HashKey(lower-cased key).
  TextRef key_lower;
  TextRef key_written;
  uint32_t values_begin = 0;  // Into CompiledPolicy::values().
  uint32_t values_end = 0;
};

// One "AWS" principal value, classified at compile time.
struct AwsPrincipal {
  enum class Kind { kAccount, kRole, kExact };
  Kind kind = Kind::kExact;
  std::string arn;        // Account ids normalized to "arn:aws:iam::<id>:root".
  std::string account;    // For kAccount and kRole.
  std::string role_name;  // For kRole: the last path component.
};

struct CompiledPrincipal {
  bool present = false;
  bool negated = false;   // NotPrincipal.
  bool everyone = false;  // "*" or {"AWS": "*"}
  std::vector<AwsPrincipal> aws;
  std::vector<std::string> services;
  std::vector<std::string> federated;
  std::vector<std::string> canonical_users;
};

// A statement: what the evaluator reads first, then what explanations quote. Its actions,
// resources and conditions are ranges of the policy's flat arrays.
struct CompiledStatement {
  Effect effect = Effect::kAllow;
  bool not_action = false;
  bool has_resource = false;
  bool not_resource = false;
  uint32_t actions_begin = 0, actions_end = 0;
  uint32_t resources_begin = 0, resources_end = 0;
  uint32_t conditions_begin = 0, conditions_end = 0;
  uint32_t principal_index = kNoIndex;  // Into CompiledPolicy::principals(); none for identity policies.
  uint32_t source = 0;                  // The document it came from (CompiledPolicy::SourceId).
  uint32_t index = 0;                   // Position in its document's Statement array.
  SourceLocation location;
  std::string sid;  // Empty when the statement has none.
};

// A statement that may apply to requests of one service, and how to check the action name
// against it: with its action names in that service pre-selected (`names_begin`..`names_end` in
// CompiledPolicy::action_names()) — one must match (Action with a wildcard name) or none may
// (NotAction naming the service) —, not at all (NotAction not naming the service), or against the
// whole action ("*" and wildcard services).
struct Candidate {
  enum class Check : uint8_t { kAnyName, kNoName, kNothing, kWholeAction };
  uint32_t statement = 0;
  uint32_t names_begin = 0;
  uint32_t names_end = 0;
  Check check = Check::kAnyName;
};

// One policy document and the id that names it in explanations (a policy ARN,
// "user/alice/inline-name", a file name).
struct SourcePolicy {
  const PolicyDocument* document = nullptr;
  std::string id;
};

class CompiledPolicy {
 public:
  static std::shared_ptr<const CompiledPolicy> Compile(const PolicyDocument& document, PolicyType type,
                                                       std::string id);
  // Several documents of one type compiled as one unit with one index (for instance all the
  // identity-based policies of a principal: inline, attached and group policies). Evaluating the
  // bundle decides exactly as evaluating the documents one by one, with one index probe instead of
  // one per document; each statement still names its own document.
  static std::shared_ptr<const CompiledPolicy> CompileBundle(std::span<const SourcePolicy> sources,
                                                             PolicyType type);

  // The document's id; for a bundle, the ids joined with ", ".
  const std::string& id() const { return id_; }
  // The id of the document `st` came from.
  const std::string& SourceId(const CompiledStatement& st) const { return source_ids_[st.source]; }
  PolicyType type() const { return type_; }
  const std::vector<CompiledStatement>& statements() const { return statements_; }

  // The flat arrays statements index, and the text arena their patterns point into.
  const char* arena() const { return arena_.data(); }
  std::span<const CompiledAction> actions(const CompiledStatement& st) const {
    return std::span(actions_).subspan(st.actions_begin, st.actions_end - st.actions_begin);
  }
  std::span<const CompiledResource> resources(const CompiledStatement& st) const {
    return std::span(resources_).subspan(st.resources_begin, st.resources_end - st.resources_begin);
  }
  std::span<const CompiledCondition> conditions(const CompiledStatement& st) const {
    return std::span(conditions_).subspan(st.conditions_begin, st.conditions_end - st.conditions_begin);
  }
  std::span<const CompiledValue> values(const CompiledCondition& c) const {
    return std::span(values_).subspan(c.values_begin, c.values_end - c.values_begin);
  }
  const CompiledPrincipal* principal(const CompiledStatement& st) const {
    return st.principal_index == kNoIndex ? nullptr : &principals_[st.principal_index];
  }
  const std::vector<Pattern>& action_names() const { return action_names_; }
  const std::vector<Pattern>& head_parts() const { return head_parts_; }
  const ValueTemplate& value_template(uint32_t i) const { return templates_[i]; }
  std::string_view text(TextRef t) const { return t.View(arena_.data()); }

  // The statements that can match `action` ("service:name", lower-case) of `service`, each list
  // in document order and no statement in both: those naming the action literally (no action
  // check needed), and those to check (wildcard names in the service, NotAction, "*", wildcard
  // services). Hashes are HashKey() of the strings, computed once per request.
  struct Candidates {
    std::span<const uint32_t> exact;
    std::span<const Candidate> checked;
  };
  Candidates CandidatesFor(std::string_view action, uint64_t action_hash, std::string_view service,
                           uint64_t service_hash) const {
    Candidates c{{}, generic_};
    if (((service_bloom_ >> (service_hash & 63)) & 1) == 0) return c;
    if (const int32_t e = exact_index_.Find(action, action_hash); e >= 0) {
      c.exact = exact_[static_cast<std::size_t>(e)];
    }
    if (const int32_t e = services_.Find(service, service_hash); e >= 0) {
      c.checked = by_service_[static_cast<std::size_t>(e)];
    }
    return c;
  }

 private:
  friend class PolicyCompiler;

  std::string id_;
  std::vector<std::string> source_ids_;
  PolicyType type_ = PolicyType::kIdentity;
  std::string arena_;
  std::vector<CompiledStatement> statements_;
  std::vector<CompiledAction> actions_;
  std::vector<CompiledResource> resources_;
  std::vector<Pattern> head_parts_;
  std::vector<CompiledCondition> conditions_;
  std::vector<CompiledValue> values_;
  std::vector<ValueTemplate> templates_;
  std::vector<CompiledPrincipal> principals_;
  std::vector<Pattern> action_names_;
  StringIndex exact_index_;                         // "service:name" named literally.
  std::vector<std::vector<uint32_t>> exact_;        // Parallel to exact_index_ entries.
  StringIndex services_;                            // Services with wildcard action names.
  std::vector<std::vector<Candidate>> by_service_;  // Parallel to services_ entries, generic_ merged in.
  std::vector<Candidate> generic_;                  // Statements that can match any service.
  uint64_t service_bloom_ = 0;                      // Bit (hash & 63) of every service named.
};

}  // namespace bulwark::policy
