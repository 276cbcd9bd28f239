// Users, groups and roles in the store (one table, see schema.h), and the rules about them that do
// not depend on the wire: ARNs, uniqueness, what must be gone before deletion.
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

enum class EntityKind { kUser, kGroup, kRole };
const char* EntityKindKey(EntityKind kind);    // "user", "group", "role": the table's kind column
const char* EntityKindTitle(EntityKind kind);  // "User", "Group", "Role": for messages
const char* EntityCloudTrailType(EntityKind kind);  // "AWS::IAM::User", ...

struct Entity {
  std::string account_id;  // The account it lives in; names are unique per account and kind.
  EntityKind kind = EntityKind::kUser;
  std::string name;
  std::string id;    // AIDA..., AGPA..., AROA...
  std::string path;  // "/" or "/a/b/"
  std::string arn;
  int64_t created = 0;
  std::string boundary_arn;  // Users and roles; empty: none.
  // Roles only.
  std::string description;
  std::string trust_policy;
  int64_t max_session_duration = 3600;
};

// "arn:aws:iam::<account>:<kind><path><name>".
std::string EntityArn(EntityKind kind, std::string_view account, std::string_view path, std::string_view name);

// Errors: EntityAlreadyExists when the name (any case) is taken in the entity's account.
core::Status InsertEntity(store::Transaction& txn, const Entity& entity);
core::Result<std::optional<Entity>> FindEntity(store::ReadView& view, std::string_view account, EntityKind kind,
                                               std::string_view name);
// NoSuchEntity with AWS's message when absent.
core::Result<Entity> GetEntity(store::ReadView& view, std::string_view account, EntityKind kind,
                               std::string_view name);
core::Result<std::optional<Entity>> FindEntityByArn(store::ReadView& view, std::string_view arn);

struct EntityPage {
  std::vector<Entity> entities;  // By name.
  std::optional<std::string> next_marker;  // The lower-cased name to continue after.
};
// Entities whose path starts with `path_prefix`, after `marker` (lower-cased name), at most `limit`.
core::Result<EntityPage> ListEntities(store::ReadView& view, std::string_view account, EntityKind kind,
                                      std::string_view path_prefix, std::string_view marker, int limit);
core::Result<int64_t> CountEntities(store::ReadView& view, std::string_view account, EntityKind kind);

core::Status SetBoundary(store::Transaction& txn, std::string_view account, EntityKind kind, std::string_view name,
                         std::string_view boundary_arn);
core::Status UpdateRoleFields(store::Transaction& txn, std::string_view account, std::string_view name,
                              const std::string* description, const int64_t* max_session_duration,
                              const std::string* trust_policy);

// Deletes the entity if nothing still hangs off it, as IAM requires: DeleteConflict names what is
// left (attached or inline policies, group members or memberships, access keys, ...).
core::Status DeleteEntity(store::Transaction& txn, std::string_view account, EntityKind kind, std::string_view name);

std::string Lower(std::string_view s);
core::Error NoSuchEntity(EntityKind kind, std::string_view name);

}  // namespace bulwark::iam
