// Policy validation in the manner of IAM Access Analyzer's ValidatePolicy: grammar errors come from
// the parser; this layer adds what needs the AWS action catalog (unknown services, actions and
// condition keys, resources no action can name, condition value types) and best-practice checks
// (overly broad grants, iam:PassRole on "*", redundant entries, policy-kind rules).
//
// Every finding carries a severity (ERROR, SECURITY_WARNING, WARNING, SUGGESTION), a stable issue
// code, a message, and the source location and JSON path of the element concerned. Codes reuse
// Access Analyzer's issue codes where one exists ("IAM policy validation check reference", IAM User
// Guide); the full list, with Bulwark's own codes for checks Access Analyzer does not name, is at
// the top of validator.cc.
// Thread-safety: pure functions; the catalog they read is immutable.
#pragma once

#include <string>
#include <string_view>

#include "policy/catalog.h"
#include "policy/document.h"
#include "policy/finding.h"
#include "policy/parser.h"

namespace bulwark::policy {

struct ValidateOptions {
  PolicyKind kind = PolicyKind::kIdentity;
  // For kResource: Access Analyzer's validatePolicyResourceType ("AWS::S3::Bucket", "AWS::KMS::Key",
  // ...), which adds that resource type's checks (size quota, resource ARNs it can name, condition
  // keys irrelevant to it). Empty: none.
  std::string resource_type;
  // The catalog to check names against; nullptr means ActionCatalog::Embedded().
  const ActionCatalog* catalog = nullptr;
};

// Findings about a parsed document, ordered by position in the source (then by severity, worst
// first). An empty result means the policy passed every check.
Findings ValidatePolicy(const PolicyDocument& document, const ValidateOptions& options = {});

// Parses and validates policy text: the parser's syntax findings (all ERROR; validation stops there
// when the text does not parse) followed by ValidatePolicy's, in source order. Size quotas are
// reported as findings (ERROR for SCPs and RCPs, whose quota AWS enforces on attachment; WARNING
// for the other kinds, whose quota depends on where the policy is attached).
Findings ValidatePolicyText(std::string_view text, const ValidateOptions& options = {});

// Sets `*worst` to the gravest severity among the findings; returns false when there are none.
bool WorstSeverity(const Findings& findings, Severity* worst);

// Whether `resource_type` is one whose checks the validator knows (ValidateOptions::resource_type).
bool IsKnownResourcePolicyType(std::string_view resource_type);

}  // namespace bulwark::policy
