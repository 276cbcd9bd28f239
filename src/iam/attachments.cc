#include "iam/attachments.h"

#include "iam/managed_policies.h"
#include "iam/rows.h"
#include "policy/parser.h"

namespace bulwark::iam {

namespace {

store::Value KindValue(EntityKind kind) { return store::Value(std::string(EntityKindKey(kind))); }

std::size_t InlineQuota(EntityKind kind) {
  switch (kind) {
    case EntityKind::kUser: return policy::PolicyQuotas::kUserInlineAggregate;
    case EntityKind::kGroup: return policy::PolicyQuotas::kGroupInlineAggregate;
    case EntityKind::kRole: return policy::PolicyQuotas::kRoleInlineAggregate;
  }
  return 0;
}

core::Error NoSuchInline(EntityKind kind, std::string_view policy) {
  return core::Error{"NoSuchEntity", "The " + std::string(EntityKindTitle(kind)) + " policy with name " +
                                         std::string(policy) + " cannot be found."};
}

}  // namespace

std::size_t PolicySize(std::string_view document) {
  std::size_t n = 0;
  for (char c : document) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') ++n;
  }
  return n;
}

core::Status AttachPolicy(store::Transaction& txn, std::string_view account, EntityKind kind, std::string_view name,
                          std::string_view policy_arn) {
  auto entity = GetEntity(txn, account, kind, name);
  if (!entity.ok()) return entity.error();
  // Only the account's own policies and AWS's can be attached: another account's policy is, to this
  // account, one that does not exist.
  auto policy = GetPolicy(txn, account, policy_arn);
  if (!policy.ok()) return policy.error();
  if (!policy->aws_managed && policy->account_id != account) return NoSuchPolicy(policy_arn);
  auto attached = AttachedPolicyArns(txn, account, kind, name);
  if (!attached.ok()) return attached.error();
  for (const auto& arn : *attached) {
    if (arn == policy_arn) return core::Status::Ok();
  }
  if (static_cast<int>(attached->size()) >= kMaxAttachedPolicies) {
    return core::Error{"LimitExceeded", "Cannot exceed quota for PoliciesPer" +
                                            std::string(kind == EntityKind::kUser    ? "User"
                                                        : kind == EntityKind::kGroup ? "Group"
                                                                                     : "Role") +
                                            ": " + std::to_string(kMaxAttachedPolicies)};
  }
  return txn
      .Execute("INSERT INTO iam_attachments (account_id, kind, name_lower, policy_arn) VALUES (?,?,?,?)",
               {store::Value(std::string(account)), KindValue(kind), store::Value(Lower(name)), store::Value(std::string(policy_arn))})
      .status();
}

core::Status DetachPolicy(store::Transaction& txn, std::string_view account, EntityKind kind, std::string_view name,
                          std::string_view policy_arn) {
  auto entity = GetEntity(txn, account, kind, name);
  if (!entity.ok()) return entity.error();
  auto removed = txn.Execute("DELETE FROM iam_attachments WHERE account_id = ? AND kind = ? AND name_lower = ? AND policy_arn = ?",
                             {store::Value(std::string(account)), KindValue(kind), store::Value(Lower(name)), store::Value(std::string(policy_arn))});
  if (!removed.ok()) return removed.error();
  if (*removed == 0) {
    return core::Error{"NoSuchEntity", "Policy " + std::string(policy_arn) + " was not found."};
  }
  return core::Status::Ok();
}

core::Result<std::vector<std::string>> AttachedPolicyArns(store::ReadView& view, std::string_view account, EntityKind kind,
                                                          std::string_view name) {
  std::vector<std::string> out;
  core::Status s = view.Query(
      "SELECT policy_arn FROM iam_attachments WHERE account_id = ? AND kind = ? AND name_lower = ? ORDER BY policy_arn",
      {store::Value(std::string(account)), KindValue(kind), store::Value(Lower(name))}, [&](const store::Row& r) {
        out.push_back(TextAt(r, 0));
        return true;
      });
  if (!s.ok()) return s.error();
  return out;
}

core::Result<std::vector<PolicyAttachment>> EntitiesForPolicy(store::ReadView& view, std::string_view account,
                                                              std::string_view policy_arn) {
  std::vector<PolicyAttachment> out;
  core::Status s = view.Query(
      "SELECT e.kind, e.name FROM iam_attachments a JOIN iam_entities e ON e.account_id = a.account_id AND "
      "e.kind = a.kind AND e.name_lower = a.name_lower WHERE a.policy_arn = ? AND a.account_id = ? "
      "ORDER BY e.kind, e.name_lower",
      {store::Value(std::string(policy_arn)), store::Value(std::string(account))}, [&](const store::Row& r) {
        const std::string k = TextAt(r, 0);
        out.push_back(PolicyAttachment{k == "group" ? EntityKind::kGroup : k == "role" ? EntityKind::kRole
                                                                                      : EntityKind::kUser,
                                       TextAt(r, 1)});
        return true;
      });
  if (!s.ok()) return s.error();
  return out;
}

core::Status PutInlinePolicy(store::Transaction& txn, std::string_view account, EntityKind kind,
                             std::string_view entity_name, std::string_view policy_name, const std::string& document) {
  auto entity = GetEntity(txn, account, kind, entity_name);
  if (!entity.ok()) return entity.error();
  auto existing = InlinePolicies(txn, account, kind, entity_name);
  if (!existing.ok()) return existing.error();
  std::size_t total = PolicySize(document);
  for (const auto& p : *existing) {
    if (p.name != policy_name) total += PolicySize(p.document);
  }
  if (total > InlineQuota(kind)) {
    return core::Error{"LimitExceeded", "Maximum policy size of " + std::to_string(InlineQuota(kind)) +
                                            " bytes exceeded for " + std::string(EntityKindTitle(kind)) + " " +
                                            std::string(entity_name)};
  }
  return txn
      .Execute(
          "INSERT INTO iam_inline_policies (account_id, kind, name_lower, policy_name, document) VALUES (?,?,?,?,?) "
          "ON CONFLICT (account_id, kind, name_lower, policy_name) DO UPDATE SET document = excluded.document",
          {store::Value(std::string(account)), KindValue(kind), store::Value(Lower(entity_name)), store::Value(std::string(policy_name)),
           store::Value(document)})
      .status();
}

core::Result<InlinePolicy> GetInlinePolicy(store::ReadView& view, std::string_view account, EntityKind kind,
                                           std::string_view entity_name, std::string_view policy_name) {
  auto entity = GetEntity(view, account, kind, entity_name);
  if (!entity.ok()) return entity.error();
  auto row = view.QueryOne(
      "SELECT policy_name, document FROM iam_inline_policies WHERE account_id = ? AND kind = ? AND name_lower = ? "
      "AND policy_name = ?",
      {store::Value(std::string(account)), KindValue(kind), store::Value(Lower(entity_name)), store::Value(std::string(policy_name))});
  if (!row.ok()) return row.error();
  if (!*row) return NoSuchInline(kind, policy_name);
  return InlinePolicy{TextAt(**row, 0), TextAt(**row, 1)};
}

core::Status DeleteInlinePolicy(store::Transaction& txn, std::string_view account, EntityKind kind,
                                std::string_view entity_name, std::string_view policy_name) {
  auto entity = GetEntity(txn, account, kind, entity_name);
  if (!entity.ok()) return entity.error();
  auto removed = txn.Execute(
      "DELETE FROM iam_inline_policies WHERE account_id = ? AND kind = ? AND name_lower = ? AND policy_name = ?",
      {store::Value(std::string(account)), KindValue(kind), store::Value(Lower(entity_name)), store::Value(std::string(policy_name))});
  if (!removed.ok()) return removed.error();
  if (*removed == 0) return NoSuchInline(kind, policy_name);
  return core::Status::Ok();
}

core::Result<std::vector<InlinePolicy>> InlinePolicies(store::ReadView& view, std::string_view account, EntityKind kind,
                                                       std::string_view entity_name) {
  std::vector<InlinePolicy> out;
  core::Status s = view.Query(
      "SELECT policy_name, document FROM iam_inline_policies WHERE account_id = ? AND kind = ? AND name_lower = ? "
      "ORDER BY policy_name",
      {store::Value(std::string(account)), KindValue(kind), store::Value(Lower(entity_name))}, [&](const store::Row& r) {
        out.push_back(InlinePolicy{TextAt(r, 0), TextAt(r, 1)});
        return true;
      });
  if (!s.ok()) return s.error();
  return out;
}

core::Status AddUserToGroup(store::Transaction& txn, std::string_view account, std::string_view group,
                            std::string_view user) {
  auto g = GetEntity(txn, account, EntityKind::kGroup, group);
  if (!g.ok()) return g.error();
  auto u = GetEntity(txn, account, EntityKind::kUser, user);
  if (!u.ok()) return u.error();
  auto groups = GroupsOfUser(txn, account, user);
  if (!groups.ok()) return groups.error();
  for (const auto& existing : *groups) {
    if (existing.id == g->id) return core::Status::Ok();
  }
  if (static_cast<int>(groups->size()) >= kMaxGroupsPerUser) {
    return core::Error{"LimitExceeded", "Cannot exceed quota for GroupsPerUser: " + std::to_string(kMaxGroupsPerUser)};
  }
  return txn
      .Execute("INSERT INTO iam_group_members (account_id, group_lower, user_lower) VALUES (?,?,?)",
               {store::Value(std::string(account)), store::Value(Lower(group)), store::Value(Lower(user))})
      .status();
}

core::Status RemoveUserFromGroup(store::Transaction& txn, std::string_view account, std::string_view group,
                                 std::string_view user) {
  auto g = GetEntity(txn, account, EntityKind::kGroup, group);
  if (!g.ok()) return g.error();
  auto u = GetEntity(txn, account, EntityKind::kUser, user);
  if (!u.ok()) return u.error();
  auto removed = txn.Execute("DELETE FROM iam_group_members WHERE account_id = ? AND group_lower = ? AND user_lower = ?",
                             {store::Value(std::string(account)), store::Value(Lower(group)), store::Value(Lower(user))});
  if (!removed.ok()) return removed.error();
  if (*removed == 0) {
    return core::Error{"NoSuchEntity", "The user with name " + std::string(user) +
                                           " is not a member of group " + std::string(group) + "."};
  }
  return core::Status::Ok();
}

core::Result<std::vector<Entity>> GroupsOfUser(store::ReadView& view, std::string_view account, std::string_view user) {
  std::vector<Entity> out;
  std::vector<std::string> names;
  core::Status s = view.Query("SELECT group_lower FROM iam_group_members WHERE account_id = ? AND user_lower = ? "
                              "ORDER BY group_lower",
                              {store::Value(std::string(account)), store::Value(Lower(user))}, [&](const store::Row& r) {
                                names.push_back(TextAt(r, 0));
                                return true;
                              });
  if (!s.ok()) return s.error();
  for (const auto& n : names) {
    auto g = FindEntity(view, account, EntityKind::kGroup, n);
    if (!g.ok()) return g.error();
    if (*g) out.push_back(std::move(**g));
  }
  return out;
}

core::Result<std::vector<Entity>> UsersInGroup(store::ReadView& view, std::string_view account, std::string_view group) {
  std::vector<Entity> out;
  std::vector<std::string> names;
  core::Status s = view.Query("SELECT user_lower FROM iam_group_members WHERE account_id = ? AND group_lower = ? "
                              "ORDER BY user_lower",
                              {store::Value(std::string(account)), store::Value(Lower(group))}, [&](const store::Row& r) {
                                names.push_back(TextAt(r, 0));
                                return true;
                              });
  if (!s.ok()) return s.error();
  for (const auto& n : names) {
    auto u = FindEntity(view, account, EntityKind::kUser, n);
    if (!u.ok()) return u.error();
    if (*u) out.push_back(std::move(**u));
  }
  return out;
}

}  // namespace bulwark::iam
