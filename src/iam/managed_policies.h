// Customer managed policies and their versions in the store, with IAM's rules: at most five
// versions, exactly one default, the default version cannot be deleted, a policy cannot be deleted
// while attached or while it has non-default versions. AWS managed policies (arn:aws:iam::aws:...)
// are built in (aws_managed_policies.h) and read-only.
// Thread-safety: stateless functions over store transactions and read views.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/store.h"

namespace bulwark::iam {

inline constexpr int kMaxPolicyVersions = 5;

struct ManagedPolicy {
  std::string account_id;  // Empty for AWS managed policies.
  std::string arn;
  std::string name;
  std::string id;
  std::string path;
  std::string description;
  std::string default_version;  // "v1"
  int64_t created = 0;
  int64_t updated = 0;
  int64_t attachment_count = 0;
  bool aws_managed = false;
};

struct PolicyVersion {
  std::string version_id;
  std::string document;
  bool is_default = false;
  int64_t created = 0;
};

std::string PolicyArn(std::string_view account, std::string_view path, std::string_view name);

// Creates the policy with `document` as v1, the default. EntityAlreadyExists when the name is taken.
core::Status InsertPolicy(store::Transaction& txn, const ManagedPolicy& policy, const std::string& document);
// AWS managed policies included (their attachment count is `account`'s). NoSuchEntity when absent.
core::Result<ManagedPolicy> GetPolicy(store::ReadView& view, std::string_view account, std::string_view arn);
// The default version's document.
core::Result<std::string> DefaultDocument(store::ReadView& view, std::string_view arn);

struct PolicyPage {
  std::vector<ManagedPolicy> policies;
  std::optional<std::string> next_marker;
};
// scope: "All", "AWS", "Local". only_attached: attachment count > 0.
// `account`'s policies and the AWS managed ones.
core::Result<PolicyPage> ListPolicies(store::ReadView& view, std::string_view account, std::string_view scope,
                                      bool only_attached, std::string_view path_prefix, std::string_view marker,
                                      int limit);

core::Result<std::vector<PolicyVersion>> ListPolicyVersions(store::ReadView& view, std::string_view arn);
core::Result<PolicyVersion> GetPolicyVersion(store::ReadView& view, std::string_view arn, std::string_view version_id);
// LimitExceeded when five versions exist. Returns the new version id.
core::Result<std::string> CreatePolicyVersion(store::Transaction& txn, std::string_view arn, const std::string& document,
                                              bool set_as_default, int64_t now);
core::Status SetDefaultPolicyVersion(store::Transaction& txn, std::string_view arn, std::string_view version_id,
                                     int64_t now);
core::Status DeletePolicyVersion(store::Transaction& txn, std::string_view arn, std::string_view version_id);
core::Status DeletePolicy(store::Transaction& txn, std::string_view arn);
core::Result<int64_t> CountLocalPolicies(store::ReadView& view, std::string_view account);

core::Error NoSuchPolicy(std::string_view arn);

}  // namespace bulwark::iam
