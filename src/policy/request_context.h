// The request an evaluation decides on: who asks (RequestPrincipal), the action, the resource, and
// the context keys.
//
// Context keys compare case-insensitively, including the tag-key part of aws:PrincipalTag/<k>,
// aws:ResourceTag/<k> and aws:RequestTag/<k> (IAM User Guide, "IAM JSON policy elements:
// Condition": "Key names are not case-sensitive"). Each key holds one value or a list (multivalued
// keys such as aws:TagKeys). The context is exactly what the caller gives: nothing is invented
// (standard_context_keys.h derives the usual keys for callers that want them).
// Values are read once, when set, into the types operators compare (numbers, dates, addresses,
// booleans), so evaluations never re-parse them.
// Thread-safety: immutable after building; safe to share across evaluations.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policy/condition_value.h"
#include "policy/pattern.h"

namespace bulwark::policy {

// A context value read once in every type a condition operator may ask for (40 bytes: contexts
// are built per request and swept by every evaluation).
struct TypedValue {
  enum Flag : uint8_t { kNumber = 1, kDate = 2, kIp = 4, kBool = 8 };
  double number = 0;  // Valid with kNumber.
  double date = 0;    // Epoch seconds, valid with kDate.
  IpBlock ip;         // Valid with kIp.
  uint8_t flags = 0;
  bool boolean = false;  // Valid with kBool.

  bool has(Flag f) const { return (flags & f) != 0; }
  static TypedValue Parse(std::string_view text);
};

// One key of the context. Its text and values live in the context's arena (RequestContext's
// accessors read them), so a context is three allocations however many keys it has.
struct ContextEntry {
  uint64_t hash = 0;  // HashKey(lower-cased key).
  uint32_t key_offset = 0;
  uint32_t key_size = 0;      // The lower-cased key; the key as given follows it in the arena.
  uint32_t values_begin = 0;  // Into the context's values.
  uint32_t values_end = 0;
  bool multivalued = false;  // Given as a list (even of one value).

  uint32_t size() const { return values_end - values_begin; }
};

class RequestContext {
 public:
  // Setting a key again replaces its values.
  void Set(std::string_view key, std::string_view value);
  void SetList(std::string_view key, const std::vector<std::string>& values);
  // Empties the context, keeping its memory for the next request (a worker reusing one context
  // builds each request's without allocating).
  void Clear() {
    text_.clear();
    entries_.clear();
    values_.clear();
  }

  // `lower_key` must be lower-case and `hash` its HashKey(). Returns nullptr when absent.
  const ContextEntry* Find(std::string_view lower_key, uint64_t hash) const {
    for (const ContextEntry& e : entries_) {
      if (e.hash == hash && e.key_size == lower_key.size() &&
          Pattern::SameBytes(text_.data() + e.key_offset, lower_key.data(), lower_key.size())) {
        return &e;
      }
    }
    return nullptr;
  }
  // Any case.
  const ContextEntry* Find(std::string_view key) const;

  std::string_view key(const ContextEntry& e) const { return {text_.data() + e.key_offset, e.key_size}; }
  std::string_view written_key(const ContextEntry& e) const {
    return {text_.data() + e.key_offset + e.key_size, e.key_size};
  }
  std::string_view value(const ContextEntry& e, uint32_t i) const {
    const Value& v = values_[e.values_begin + i];
    return {text_.data() + v.offset, v.size};
  }
  const TypedValue& typed(const ContextEntry& e, uint32_t i) const {
    return values_[e.values_begin + i].typed;
  }
  const std::vector<ContextEntry>& entries() const { return entries_; }

 private:
  struct Value {
    uint32_t offset = 0;
    uint32_t size = 0;
    TypedValue typed;
  };
  ContextEntry& Entry(std::string_view key);
  void AddValue(std::string_view value);

  std::string text_;
  std::vector<ContextEntry> entries_;
  std::vector<Value> values_;
};

// Who is asking. IAM principals (root, users, roles, sessions) are subject to identity-based
// policies and SCPs; service principals, web-identity/SAML providers and anonymous callers are
// granted only by resource-based policies.
enum class PrincipalKind {
  kAccountRoot,    // arn:aws:iam::<account>:root
  kUser,           // arn:aws:iam::<account>:user/<path><name>
  kRole,           // arn:aws:iam::<account>:role/<path><name> (a role acting as itself)
  kRoleSession,    // arn:aws:sts::<account>:assumed-role/<role>/<session>
  kFederatedUser,  // arn:aws:sts::<account>:federated-user/<name> (GetFederationToken)
  kService,        // "s3.amazonaws.com"
  kWebIdentity,    // "cognito-identity.amazonaws.com", "accounts.google.com", SAML/OIDC provider ARNs
  kAnonymous,      // Unauthenticated ("*" or empty)
};

const char* PrincipalKindName(PrincipalKind kind);

struct RequestPrincipal {
  PrincipalKind kind = PrincipalKind::kAnonymous;
  std::string arn;      // As authenticated (a service principal's name for services).
  std::string account;  // Empty for services, web identities and anonymous callers.
  // The identity the session was issued from: for role sessions the role ARN (with its path when
  // the caller knows it), for federated users the IAM user that called GetFederationToken (when
  // known). Empty otherwise.
  std::string issuer_arn;
  // Service-linked roles (path aws-service-role/, or a name starting "AWSServiceRoleFor") are not
  // restricted by SCPs ("Service control policies": "SCPs do not affect service-linked roles").
  bool service_linked_role = false;

  bool IsIamPrincipal() const {
    return kind == PrincipalKind::kAccountRoot || kind == PrincipalKind::kUser ||
           kind == PrincipalKind::kRole || kind == PrincipalKind::kRoleSession ||
           kind == PrincipalKind::kFederatedUser;
  }

  // Derives kind, account and (for role sessions) the role ARN, without its path, from an ARN or
  // service principal name.
  static RequestPrincipal FromArn(std::string_view arn);
};

struct EvalRequest {
  RequestPrincipal principal;
  std::string action;            // "s3:GetObject"
  std::string resource = "*";    // ARN, or "*" for actions without resource-level permissions
  // Empty: the account in the resource's ARN, or the principal's own for ARNs without one
  // (ResourceAccountOf in statement_matcher.h).
  std::string resource_account;
  RequestContext context;
};

std::string ToLower(std::string_view s);

}  // namespace bulwark::policy
