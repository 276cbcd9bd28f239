// Tags on IAM resources (users, roles, managed policies), keyed by the resource's ARN. IAM treats
// tag keys case-insensitively for uniqueness and allows 50 per resource.
// Thread-safety: stateless functions over store transactions and read views.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "store/store.h"

namespace bulwark::iam {

inline constexpr std::size_t kMaxTagsPerResource = 50;

struct Tag {
  std::string key;
  std::string value;
};

// Checks a list of tags given in one request: key 1-128 characters, value at most 256, AWS's
// character set, no key twice (any case). InvalidInput with IAM's message otherwise.
core::Status ValidateTags(const std::vector<Tag>& tags);
// Adds or overwrites; LimitExceeded when the resource would carry more than 50.
core::Status PutTags(store::Transaction& txn, std::string_view resource_arn, const std::vector<Tag>& tags);
core::Status RemoveTags(store::Transaction& txn, std::string_view resource_arn, const std::vector<std::string>& keys);
// By key.
core::Result<std::vector<Tag>> ListTags(store::ReadView& view, std::string_view resource_arn);

}  // namespace bulwark::iam
