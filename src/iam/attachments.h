// What hangs off a user, group or role: attached managed policies (at most 10 each, IAM's default
// quota), inline policies (their sizes count against the kind's aggregate quota) and, for users,
// group memberships.
// Thread-safety: stateless functions over store transactions and read views.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "iam/entities.h"
#include "store/store.h"

namespace bulwark::iam {

inline constexpr int kMaxAttachedPolicies = 10;
inline constexpr int kMaxGroupsPerUser = 10;

// NoSuchEntity for a missing entity or policy, LimitExceeded past the quota. Attaching twice is a
// no-op, as on AWS.
core::Status AttachPolicy(store::Transaction& txn, std::string_view account, EntityKind kind, std::string_view name,
                          std::string_view policy_arn);
core::Status DetachPolicy(store::Transaction& txn, std::string_view account, EntityKind kind, std::string_view name,
                          std::string_view policy_arn);
core::Result<std::vector<std::string>> AttachedPolicyArns(store::ReadView& view, std::string_view account,
                                                          EntityKind kind, std::string_view name);

struct PolicyAttachment {
  EntityKind kind;
  std::string name;
};
// The entities of `account` the policy is attached to (an AWS managed policy is attached in many).
core::Result<std::vector<PolicyAttachment>> EntitiesForPolicy(store::ReadView& view, std::string_view account,
                                                              std::string_view policy_arn);

struct InlinePolicy {
  std::string name;
  std::string document;
};
// Creates or replaces. LimitExceeded when the kind's aggregate size quota would be exceeded.
core::Status PutInlinePolicy(store::Transaction& txn, std::string_view account, EntityKind kind,
                             std::string_view entity_name, std::string_view policy_name, const std::string& document);
core::Result<InlinePolicy> GetInlinePolicy(store::ReadView& view, std::string_view account, EntityKind kind,
                                           std::string_view entity_name, std::string_view policy_name);
core::Status DeleteInlinePolicy(store::Transaction& txn, std::string_view account, EntityKind kind,
                                std::string_view entity_name, std::string_view policy_name);
core::Result<std::vector<InlinePolicy>> InlinePolicies(store::ReadView& view, std::string_view account, EntityKind kind,
                                                       std::string_view entity_name);

// Group membership. Adding twice is a no-op; LimitExceeded past 10 groups for a user.
core::Status AddUserToGroup(store::Transaction& txn, std::string_view account, std::string_view group,
                            std::string_view user);
core::Status RemoveUserFromGroup(store::Transaction& txn, std::string_view account, std::string_view group,
                                 std::string_view user);
core::Result<std::vector<Entity>> GroupsOfUser(store::ReadView& view, std::string_view account, std::string_view user);
core::Result<std::vector<Entity>> UsersInGroup(store::ReadView& view, std::string_view account, std::string_view group);

// Non-whitespace characters, the unit of IAM's policy size quotas.
std::size_t PolicySize(std::string_view document);

}  // namespace bulwark::iam
