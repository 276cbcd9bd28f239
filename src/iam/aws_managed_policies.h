// The AWS managed policies Bulwark ships: the most used ones, granting what AWS's policies of the
// same names grant ("AWS managed policies" reference). They live in the binary, not the store: no account can change
// them, and every account sees the same ones.
// Thread-safety: immutable data.
#pragma once

#include <span>
#include <string_view>

namespace bulwark::iam {

struct AwsManagedPolicy {
  std::string_view name;
  std::string_view path;  // "/" or "/job-function/", "/service-role/"
  std::string_view id;    // ANPA...
  std::string_view description;
  std::string_view document;
};

std::span<const AwsManagedPolicy> AwsManagedPolicies();
// By ARN ("arn:aws:iam::aws:policy/AdministratorAccess"), or nullptr.
const AwsManagedPolicy* FindAwsManagedPolicy(std::string_view arn);

}  // namespace bulwark::iam
