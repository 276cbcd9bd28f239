#include "iam/entities.h"

#include "iam/rows.h"

namespace bulwark::iam {

namespace {

constexpr const char* kColumns =
    "kind, name, id, path, arn, created, boundary_arn, description, trust_policy, max_session_duration, account_id";

EntityKind KindOf(std::string_view key) {
  if (key == "group") return EntityKind::kGroup;
  if (key == "role") return EntityKind::kRole;
  return EntityKind::kUser;
}

Entity EntityOf(const store::Row& r) {
  Entity e;
  e.kind = KindOf(TextAt(r, 0));
  e.name = TextAt(r, 1);
  e.id = TextAt(r, 2);
  e.path = TextAt(r, 3);
  e.arn = TextAt(r, 4);
  e.created = IntAt(r, 5);
  e.boundary_arn = TextAt(r, 6);
  e.description = TextAt(r, 7);
  e.trust_policy = TextAt(r, 8);
  e.max_session_duration = IntAt(r, 9);
  e.account_id = TextAt(r, 10);
  return e;
}

core::Result<std::optional<Entity>> FindWhere(store::ReadView& view, const std::string& where,
                                              std::initializer_list<store::Value> params) {
  auto row = view.QueryOne(std::string("SELECT ") + kColumns + " FROM iam_entities WHERE " + where, params);
  if (!row.ok()) return row.error();
  if (!*row) return std::optional<Entity>();
  return std::optional<Entity>(EntityOf(**row));
}

core::Result<int64_t> Count(store::ReadView& view, const std::string& sql, std::initializer_list<store::Value> params) {
  auto row = view.QueryOne(sql, params);
  if (!row.ok()) return row.error();
  return *row ? IntAt(**row, 0) : 0;
}

core::Error Conflict(std::string message) { return core::Error{"DeleteConflict", std::move(message)}; }

}  // namespace

const char* EntityKindKey(EntityKind kind) {
  switch (kind) {
    case EntityKind::kUser: return "user";
    case EntityKind::kGroup: return "group";
    case EntityKind::kRole: return "role";
  }
  return "user";
}

const char* EntityKindTitle(EntityKind kind) {
  switch (kind) {
    case EntityKind::kUser: return "user";
    case EntityKind::kGroup: return "group";
    case EntityKind::kRole: return "role";
  }
  return "user";
}

const char* EntityCloudTrailType(EntityKind kind) {
  switch (kind) {
    case EntityKind::kUser: return "AWS::IAM::User";
    case EntityKind::kGroup: return "AWS::IAM::Group";
    case EntityKind::kRole: return "AWS::IAM::Role";
  }
  return "AWS::IAM::User";
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

core::Error NoSuchEntity(EntityKind kind, std::string_view name) {
  return core::Error{"NoSuchEntity", std::string("The ") + EntityKindTitle(kind) + " with name " + std::string(name) +
                                         " cannot be found."};
}

std::string EntityArn(EntityKind kind, std::string_view account, std::string_view path, std::string_view name) {
  return "arn:aws:iam::" + std::string(account) + ":" + EntityKindKey(kind) + std::string(path) + std::string(name);
}

core::Status InsertEntity(store::Transaction& txn, const Entity& e) {
  auto existing = FindEntity(txn, e.account_id, e.kind, e.name);
  if (!existing.ok()) return existing.error();
  if (*existing) {
    std::string title = EntityKindTitle(e.kind);
    title[0] = static_cast<char>(title[0] - 'a' + 'A');
    return core::Error{"EntityAlreadyExists", title + " with name " + e.name + " already exists."};
  }
  return txn
      .Execute(
          "INSERT INTO iam_entities (account_id, kind, name_lower, name, id, path, arn, created, boundary_arn, "
          "description, trust_policy, max_session_duration) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
          {store::Value(e.account_id), store::Value(std::string(EntityKindKey(e.kind))), store::Value(Lower(e.name)), store::Value(e.name),
           store::Value(e.id), store::Value(e.path), store::Value(e.arn), store::Value(e.created),
           store::Value(e.boundary_arn), store::Value(e.description), store::Value(e.trust_policy),
           store::Value(e.max_session_duration)})
      .status();
}

core::Result<std::optional<Entity>> FindEntity(store::ReadView& view, std::string_view account, EntityKind kind,
                                               std::string_view name) {
  return FindWhere(view, "account_id = ? AND kind = ? AND name_lower = ?",
                   {store::Value(std::string(account)), store::Value(std::string(EntityKindKey(kind))),
                    store::Value(Lower(name))});
}

core::Result<Entity> GetEntity(store::ReadView& view, std::string_view account, EntityKind kind,
                               std::string_view name) {
  auto found = FindEntity(view, account, kind, name);
  if (!found.ok()) return found.error();
  if (!*found) return NoSuchEntity(kind, name);
  return std::move(**found);
}

core::Result<std::optional<Entity>> FindEntityByArn(store::ReadView& view, std::string_view arn) {
  return FindWhere(view, "arn = ?", {store::Value(std::string(arn))});
}

core::Result<EntityPage> ListEntities(store::ReadView& view, std::string_view account, EntityKind kind,
                                      std::string_view path_prefix,
                                      std::string_view marker, int limit) {
  EntityPage page;
  std::string last;
  // One row more than asked tells whether there is a next page.
  core::Status s = view.Query(
      std::string("SELECT ") + kColumns +
          ", name_lower FROM iam_entities WHERE account_id = ? AND kind = ? AND name_lower > ? ORDER BY name_lower",
      {store::Value(std::string(account)), store::Value(std::string(EntityKindKey(kind))),
       store::Value(std::string(marker))},
      [&](const store::Row& r) {
        // The path filter runs here: a portable prefix test in SQL would need LIKE escaping.
        if (!TextAt(r, 3).starts_with(path_prefix)) return true;
        if (static_cast<int>(page.entities.size()) == limit) {
          page.next_marker = last;
          return false;
        }
        page.entities.push_back(EntityOf(r));
        last = TextAt(r, 11);
        return true;
      });
  if (!s.ok()) return s.error();
  return page;
}

core::Result<int64_t> CountEntities(store::ReadView& view, std::string_view account, EntityKind kind) {
  return Count(view, "SELECT COUNT(*) FROM iam_entities WHERE account_id = ? AND kind = ?",
               {store::Value(std::string(account)), store::Value(std::string(EntityKindKey(kind)))});
}

core::Status SetBoundary(store::Transaction& txn, std::string_view account, EntityKind kind, std::string_view name,
                         std::string_view boundary_arn) {
  auto changed = txn.Execute(
      "UPDATE iam_entities SET boundary_arn = ? WHERE account_id = ? AND kind = ? AND name_lower = ?",
      {store::Value(std::string(boundary_arn)), store::Value(std::string(account)),
       store::Value(std::string(EntityKindKey(kind))), store::Value(Lower(name))});
  if (!changed.ok()) return changed.error();
  if (*changed == 0) return NoSuchEntity(kind, name);
  return core::Status::Ok();
}

core::Status UpdateRoleFields(store::Transaction& txn, std::string_view account, std::string_view name,
                              const std::string* description, const int64_t* max_session_duration,
                              const std::string* trust_policy) {
  auto role = GetEntity(txn, account, EntityKind::kRole, name);
  if (!role.ok()) return role.error();
  auto changed = txn.Execute(
      "UPDATE iam_entities SET description = ?, max_session_duration = ?, trust_policy = ? "
      "WHERE account_id = ? AND kind = 'role' AND name_lower = ?",
      {store::Value(description ? *description : role->description),
       store::Value(max_session_duration ? *max_session_duration : role->max_session_duration),
       store::Value(trust_policy ? *trust_policy : role->trust_policy), store::Value(std::string(account)),
       store::Value(Lower(name))});
  return changed.status();
}

core::Status DeleteEntity(store::Transaction& txn, std::string_view account_view, EntityKind kind,
                          std::string_view name) {
  auto entity = GetEntity(txn, account_view, kind, name);
  if (!entity.ok()) return entity.error();
  const std::string account(account_view);
  const std::string key = EntityKindKey(kind);
  const std::string lower = Lower(name);
  const std::string what = std::string("Cannot delete entity, must ");

  auto attached = Count(txn, "SELECT COUNT(*) FROM iam_attachments WHERE account_id = ? AND kind = ? AND name_lower = ?",
                        {store::Value(account), store::Value(key), store::Value(lower)});
  if (!attached.ok()) return attached.error();
  if (*attached > 0) return Conflict(what + "detach all policies first.");
  auto inline_count = Count(txn, "SELECT COUNT(*) FROM iam_inline_policies WHERE account_id = ? AND kind = ? AND name_lower = ?",
                            {store::Value(account), store::Value(key), store::Value(lower)});
  if (!inline_count.ok()) return inline_count.error();
  if (*inline_count > 0) return Conflict(what + "delete policies first.");
  if (kind == EntityKind::kGroup) {
    auto members = Count(txn, "SELECT COUNT(*) FROM iam_group_members WHERE account_id = ? AND group_lower = ?",
                         {store::Value(account), store::Value(lower)});
    if (!members.ok()) return members.error();
    if (*members > 0) return Conflict(what + "remove users from group first.");
  }
  if (kind == EntityKind::kUser) {
    auto groups = Count(txn, "SELECT COUNT(*) FROM iam_group_members WHERE account_id = ? AND user_lower = ?",
                        {store::Value(account), store::Value(lower)});
    if (!groups.ok()) return groups.error();
    if (*groups > 0) return Conflict(what + "remove users from group first.");
    auto keys = Count(txn, "SELECT COUNT(*) FROM access_keys WHERE account_id = ? AND principal_kind = 'user' AND user_name = ?",
                      {store::Value(account), store::Value(entity->name)});
    if (!keys.ok()) return keys.error();
    if (*keys > 0) return Conflict(what + "delete access keys first.");
    // Login profiles and MFA devices (credential_tables.h) are keyed by the user's id.
    auto profiles = Count(txn, "SELECT COUNT(*) FROM iam_login_profiles WHERE user_id = ?", {store::Value(entity->id)});
    if (!profiles.ok()) return profiles.error();
    if (*profiles > 0) return Conflict(what + "delete login profile first.");
    auto devices = Count(txn, "SELECT COUNT(*) FROM iam_mfa_devices WHERE user_id = ?", {store::Value(entity->id)});
    if (!devices.ok()) return devices.error();
    if (*devices > 0) return Conflict(what + "delete MFA device first.");
    // The password history goes with the user: a new user of the same name starts afresh.
    if (auto s = txn.Execute("DELETE FROM iam_password_history WHERE user_id = ?", {store::Value(entity->id)});
        !s.ok()) {
      return s.error();
    }
  }
  auto removed = txn.Execute("DELETE FROM iam_entities WHERE account_id = ? AND kind = ? AND name_lower = ?",
                             {store::Value(account), store::Value(key), store::Value(lower)});
  if (!removed.ok()) return removed.error();
  return txn.Execute("DELETE FROM iam_tags WHERE resource_arn = ?", {store::Value(entity->arn)}).status();
}

}  // namespace bulwark::iam
