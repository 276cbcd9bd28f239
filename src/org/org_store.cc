#include "org/org_store.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <tuple>

#include "crypto/random.h"

namespace bulwark::org {

namespace {

using store::Value;

std::string Str(const store::Row& row, std::size_t i) {
  auto t = row.Text(i);
  return t.ok() ? std::string(*t) : std::string();
}
int64_t Int(const store::Row& row, std::size_t i) {
  auto v = row.Int64(i);
  return v.ok() ? *v : 0;
}

// `length` characters of [0-9a-z], uniform (rejection sampling: 252 = 7 * 36).
core::Result<std::string> RandomLowerAlnum(std::size_t length) {
  static constexpr char kAlphabet[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::string out;
  while (out.size() < length) {
    auto bytes = crypto::RandomBytes(length * 2);
    if (!bytes.ok()) return bytes.error();
    for (unsigned char b : *bytes) {
      if (b < 252 && out.size() < length) out += kAlphabet[b % 36];
    }
  }
  return out;
}

core::Result<std::string> NewId(std::string_view prefix, std::size_t length) {
  auto tail = RandomLowerAlnum(length);
  if (!tail.ok()) return tail.error();
  return std::string(prefix) + *tail;
}

core::Error Err(const char* code, std::string message) { return core::Error{code, std::move(message)}; }

std::string LowerType(std::string_view type) {
  std::string s(type);
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool ServedPolicyType(std::string_view type) {
  return type == kServiceControlPolicy || type == kResourceControlPolicy || type == kTagPolicy;
}

// The AWS managed policy each filtering type attaches everywhere while enabled.
std::optional<std::string_view> ManagedDefaultOf(std::string_view type) {
  if (type == kServiceControlPolicy) return kFullAwsAccessId;
  if (type == kResourceControlPolicy) return kRcpFullAwsAccessId;
  return std::nullopt;
}

core::Result<bool> TypeEnabled(store::ReadView& view, const Organization& o, std::string_view type) {
  auto row = view.QueryOne("SELECT 1 FROM org_policy_types WHERE org_id = ? AND policy_type = ?",
                           {Value(o.id), Value(std::string(type))});
  if (!row.ok()) return row.error();
  return row->has_value();
}

core::Result<Organization> ReadOrganization(store::ReadView& view, const store::Row& row) {
  Organization o;
  o.id = Str(row, 0);
  o.management_account_id = Str(row, 1);
  o.management_email = Str(row, 2);
  o.root_id = Str(row, 3);
  o.root_name = Str(row, 4);
  o.created = Int(row, 5);
  auto types = view.QueryAll("SELECT policy_type FROM org_policy_types WHERE org_id = ? ORDER BY policy_type",
                             {Value(o.id)});
  if (!types.ok()) return types.error();
  for (const auto& t : *types) o.enabled_policy_types.push_back(Str(t, 0));
  return o;
}

constexpr std::string_view kOrgColumns = "id, management_account_id, management_email, root_id, root_name, created";

// Every target (root, OUs, accounts), for the type-wide attachments of Enable/DisablePolicyType.
core::Result<std::vector<std::string>> AllTargets(store::ReadView& view, const Organization& o) {
  std::vector<std::string> out{o.root_id};
  auto ous = view.QueryAll("SELECT id FROM org_units WHERE org_id = ? ORDER BY id", {Value(o.id)});
  if (!ous.ok()) return ous.error();
  for (const auto& r : *ous) out.push_back(Str(r, 0));
  auto accounts = view.QueryAll("SELECT account_id FROM org_accounts WHERE org_id = ? ORDER BY account_id",
                                {Value(o.id)});
  if (!accounts.ok()) return accounts.error();
  for (const auto& r : *accounts) out.push_back(Str(r, 0));
  return out;
}

core::Status Attach(store::Transaction& txn, const Organization& o, std::string_view policy_id,
                    std::string_view target_id) {
  return txn
      .Execute("INSERT INTO org_attachments (org_id, policy_id, target_id) VALUES (?, ?, ?) "
               "ON CONFLICT (org_id, policy_id, target_id) DO NOTHING",
               {Value(o.id), Value(std::string(policy_id)), Value(std::string(target_id))})
      .status();
}

// A new OU or account gets the AWS managed policy of every enabled filtering type, as AWS attaches
// FullAWSAccess and RCPFullAWSAccess to every entity ("Attaching and detaching SCPs").
core::Status AttachDefaults(store::Transaction& txn, const Organization& o, std::string_view target_id) {
  for (const auto& type : o.enabled_policy_types) {
    if (auto managed = ManagedDefaultOf(type)) {
      if (auto s = Attach(txn, o, *managed, target_id); !s.ok()) return s;
    }
  }
  return core::Status::Ok();
}

core::Status DeleteTargetRows(store::Transaction& txn, const Organization& o, std::string_view id) {
  for (std::string_view sql : {"DELETE FROM org_attachments WHERE org_id = ? AND target_id = ?",
                               "DELETE FROM org_tags WHERE org_id = ? AND resource_id = ?"}) {
    auto r = txn.Execute(sql, {Value(o.id), Value(std::string(id))});
    if (!r.ok()) return r.error();
  }
  return core::Status::Ok();
}

Policy ReadPolicy(const store::Row& r) {
  return Policy{Str(r, 0), Str(r, 1), Str(r, 2), Str(r, 3), Str(r, 4), Int(r, 5) != 0};
}
constexpr std::string_view kPolicyColumns = "id, policy_type, name, description, content, aws_managed";

constexpr std::string_view kFullAwsAccessContent =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})";
constexpr std::string_view kRcpFullAwsAccessContent =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]})";

Account ReadAccount(const store::Row& r) {
  return Account{Str(r, 0), Str(r, 1), Str(r, 2), Str(r, 3), Str(r, 4), Str(r, 5), Int(r, 6)};
}
constexpr std::string_view kAccountColumns = "account_id, parent_id, name, email, status, joined_method, joined";

}  // namespace

core::Error NotInUse() {
  return Err("AWSOrganizationsNotInUseException",
             "Your account is not a member of an organization.");
}
core::Error ConstraintViolation(std::string reason, std::string message) {
  return core::Error{"ConstraintViolationException", std::move(message), std::move(reason)};
}
core::Error InvalidInput(std::string reason, std::string message) {
  return core::Error{"InvalidInputException", std::move(message), std::move(reason)};
}

std::string OrganizationArn(const Organization& o) {
  return "arn:aws:organizations::" + o.management_account_id + ":organization/" + o.id;
}
std::string RootArn(const Organization& o) {
  return "arn:aws:organizations::" + o.management_account_id + ":root/" + o.id + "/" + o.root_id;
}
std::string OuArn(const Organization& o, std::string_view ou_id) {
  return "arn:aws:organizations::" + o.management_account_id + ":ou/" + o.id + "/" + std::string(ou_id);
}
std::string AccountArn(const Organization& o, std::string_view account_id) {
  return "arn:aws:organizations::" + o.management_account_id + ":account/" + o.id + "/" + std::string(account_id);
}
std::string PolicyArn(const Organization& o, std::string_view policy_type, std::string_view policy_id,
                      bool aws_managed) {
  if (aws_managed) return "arn:aws:organizations::aws:policy/" + LowerType(policy_type) + "/" + std::string(policy_id);
  return "arn:aws:organizations::" + o.management_account_id + ":policy/" + o.id + "/" + LowerType(policy_type) +
         "/" + std::string(policy_id);
}

core::Result<std::optional<Organization>> FindOrganizationOf(store::ReadView& view, std::string_view account_id) {
  auto row = view.QueryOne(
      "SELECT " + std::string(kOrgColumns) +
          " FROM org_organizations WHERE id = (SELECT org_id FROM org_accounts WHERE account_id = ?)",
      {Value(std::string(account_id))});
  if (!row.ok()) return row.error();
  if (!*row) return std::optional<Organization>();
  auto o = ReadOrganization(view, **row);
  if (!o.ok()) return o.error();
  return std::optional<Organization>(std::move(o.value()));
}

core::Result<Organization> OrganizationOf(store::ReadView& view, std::string_view account_id) {
  auto found = FindOrganizationOf(view, account_id);
  if (!found.ok()) return found.error();
  if (!*found) return NotInUse();
  return std::move(**found);
}

core::Result<Organization> CreateOrganization(store::Transaction& txn, std::string_view management_account_id,
                                              std::string_view management_email, int64_t now) {
  auto existing = FindOrganizationOf(txn, management_account_id);
  if (!existing.ok()) return existing.error();
  if (*existing) {
    return Err("AlreadyInOrganizationException",
               "The provided account is already a member of an organization.");
  }
  Organization o;
  auto id = NewId("o-", 10);
  auto root = NewId("r-", 4);
  if (!id.ok()) return id.error();
  if (!root.ok()) return root.error();
  o.id = *id;
  o.root_id = *root;
  o.root_name = "Root";
  o.management_account_id = std::string(management_account_id);
  o.management_email = std::string(management_email);
  o.created = now;
  auto s = txn.Execute(
      "INSERT INTO org_organizations (id, management_account_id, management_email, root_id, root_name, created) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      {Value(o.id), Value(o.management_account_id), Value(o.management_email), Value(o.root_id), Value(o.root_name),
       Value(now)});
  if (!s.ok()) return s.error();
  s = txn.Execute(
      "INSERT INTO org_accounts (account_id, org_id, parent_id, name, email, status, joined_method, joined) "
      "VALUES (?, ?, ?, ?, ?, 'ACTIVE', 'INVITED', ?)",
      {Value(o.management_account_id), Value(o.id), Value(o.root_id), Value(std::string("Management account")),
       Value(o.management_email), Value(now)});
  if (!s.ok()) return s.error();
  for (const auto& [pid, type, name, description, content] :
       {std::tuple{kFullAwsAccessId, kServiceControlPolicy, std::string_view("FullAWSAccess"),
                   std::string_view("Allows access to every operation"), kFullAwsAccessContent},
        std::tuple{kRcpFullAwsAccessId, kResourceControlPolicy, std::string_view("RCPFullAWSAccess"),
                   std::string_view("Allows access to every resource"), kRcpFullAwsAccessContent}}) {
    s = txn.Execute(
        "INSERT INTO org_policies (org_id, id, policy_type, name, description, content, aws_managed) "
        "VALUES (?, ?, ?, ?, ?, ?, 1)",
        {Value(o.id), Value(std::string(pid)), Value(std::string(type)), Value(std::string(name)),
         Value(std::string(description)), Value(std::string(content))});
    if (!s.ok()) return s.error();
  }
  // "When you create an organization, ... SCPs are enabled by default" and FullAWSAccess is attached
  // to the root ("Enabling a policy type").
  if (auto e = EnablePolicyType(txn, o, o.root_id, kServiceControlPolicy); !e.ok()) return e.error();
  o.enabled_policy_types = {std::string(kServiceControlPolicy)};
  return o;
}

core::Status DeleteOrganization(store::Transaction& txn, const Organization& o) {
  auto members = txn.QueryOne("SELECT 1 FROM org_accounts WHERE org_id = ? AND account_id <> ? LIMIT 1",
                              {Value(o.id), Value(o.management_account_id)});
  if (!members.ok()) return members.error();
  if (*members) {
    return Err("OrganizationNotEmptyException",
               "The organization isn't empty. To delete an organization, you must first remove all member "
               "accounts except the management account.");
  }
  for (std::string_view table : {"org_attachments", "org_tags", "org_service_access", "org_delegated_admins",
                                 "org_policies", "org_create_account_status", "org_accounts", "org_units",
                                 "org_policy_types"}) {
    auto r = txn.Execute("DELETE FROM " + std::string(table) + " WHERE org_id = ?", {Value(o.id)});
    if (!r.ok()) return r.error();
  }
  return txn.Execute("DELETE FROM org_organizations WHERE id = ?", {Value(o.id)}).status();
}

core::Status EnablePolicyType(store::Transaction& txn, const Organization& o, std::string_view root_id,
                              std::string_view policy_type) {
  if (root_id != o.root_id) return Err("RootNotFoundException", "We can't find a root with the RootId that you specified.");
  if (!ServedPolicyType(policy_type)) {
    return Err("PolicyTypeNotAvailableForOrganizationException",
               "You can't use the specified policy type with the feature set currently enabled for this organization.");
  }
  auto enabled = TypeEnabled(txn, o, policy_type);
  if (!enabled.ok()) return enabled.error();
  if (*enabled) return Err("PolicyTypeAlreadyEnabledException", "The specified policy type is already enabled.");
  auto s = txn.Execute("INSERT INTO org_policy_types (org_id, policy_type) VALUES (?, ?)",
                       {Value(o.id), Value(std::string(policy_type))});
  if (!s.ok()) return s.error();
  if (auto managed = ManagedDefaultOf(policy_type)) {
    auto targets = AllTargets(txn, o);
    if (!targets.ok()) return targets.error();
    for (const auto& t : *targets) {
      if (auto a = Attach(txn, o, *managed, t); !a.ok()) return a;
    }
  }
  return core::Status::Ok();
}

core::Status DisablePolicyType(store::Transaction& txn, const Organization& o, std::string_view root_id,
                               std::string_view policy_type) {
  if (root_id != o.root_id) return Err("RootNotFoundException", "We can't find a root with the RootId that you specified.");
  auto enabled = TypeEnabled(txn, o, policy_type);
  if (!enabled.ok()) return enabled.error();
  if (!*enabled) return Err("PolicyTypeNotEnabledException", "This operation can be performed only for enabled policy types.");
  // "All policies of that type are automatically detached from all entities in the root."
  auto s = txn.Execute(
      "DELETE FROM org_attachments WHERE org_id = ? AND policy_id IN "
      "(SELECT id FROM org_policies WHERE org_id = ? AND policy_type = ?)",
      {Value(o.id), Value(o.id), Value(std::string(policy_type))});
  if (!s.ok()) return s.error();
  return txn.Execute("DELETE FROM org_policy_types WHERE org_id = ? AND policy_type = ?",
                     {Value(o.id), Value(std::string(policy_type))})
      .status();
}

// Organizational units ---------------------------------------------------------------------------

core::Result<bool> ParentExists(store::ReadView& view, const Organization& o, std::string_view id) {
  if (id == o.root_id) return true;
  auto row = view.QueryOne("SELECT 1 FROM org_units WHERE org_id = ? AND id = ?", {Value(o.id), Value(std::string(id))});
  if (!row.ok()) return row.error();
  return row->has_value();
}

core::Result<OrganizationalUnit> CreateOrganizationalUnit(store::Transaction& txn, const Organization& o,
                                                          std::string_view parent_id, std::string_view name,
                                                          int64_t now) {
  int depth = 1;
  if (parent_id != o.root_id) {
    auto parent = GetOrganizationalUnit(txn, o, parent_id);
    if (!parent.ok()) {
      if (parent.error().code == "OrganizationalUnitNotFoundException") {
        return Err("ParentNotFoundException", "We can't find a root or OU with the ParentId that you specified.");
      }
      return parent.error();
    }
    depth = parent->depth + 1;
  }
  if (depth > kMaxOuDepth) {
    return ConstraintViolation("OU_DEPTH_LIMIT_EXCEEDED",
                               "You attempted to create an OU tree that is too many levels deep.");
  }
  auto count = txn.QueryOne("SELECT COUNT(*) FROM org_units WHERE org_id = ?", {Value(o.id)});
  if (!count.ok()) return count.error();
  if (Int(**count, 0) >= kMaxOrganizationalUnits) {
    return ConstraintViolation("OU_NUMBER_LIMIT_EXCEEDED", "You have reached the maximum number of OUs you can have.");
  }
  auto dup = txn.QueryOne("SELECT 1 FROM org_units WHERE org_id = ? AND parent_id = ? AND name = ?",
                          {Value(o.id), Value(std::string(parent_id)), Value(std::string(name))});
  if (!dup.ok()) return dup.error();
  if (*dup) {
    return Err("DuplicateOrganizationalUnitException", "An OU with the same name already exists.");
  }
  auto tail = RandomLowerAlnum(8);
  if (!tail.ok()) return tail.error();
  OrganizationalUnit ou{"ou-" + o.root_id.substr(2) + "-" + *tail, std::string(parent_id), std::string(name), depth};
  auto s = txn.Execute("INSERT INTO org_units (org_id, id, parent_id, name, depth, created) VALUES (?, ?, ?, ?, ?, ?)",
                       {Value(o.id), Value(ou.id), Value(ou.parent_id), Value(ou.name),
                        Value(static_cast<int64_t>(depth)), Value(now)});
  if (!s.ok()) return s.error();
  if (auto d = AttachDefaults(txn, o, ou.id); !d.ok()) return d.error();
  return ou;
}

core::Result<OrganizationalUnit> GetOrganizationalUnit(store::ReadView& view, const Organization& o,
                                                       std::string_view ou_id) {
  auto row = view.QueryOne("SELECT id, parent_id, name, depth FROM org_units WHERE org_id = ? AND id = ?",
                           {Value(o.id), Value(std::string(ou_id))});
  if (!row.ok()) return row.error();
  if (!*row) {
    return Err("OrganizationalUnitNotFoundException",
               "We can't find an OU with the OrganizationalUnitId that you specified.");
  }
  return OrganizationalUnit{Str(**row, 0), Str(**row, 1), Str(**row, 2), static_cast<int>(Int(**row, 3))};
}

core::Result<OrganizationalUnit> RenameOrganizationalUnit(store::Transaction& txn, const Organization& o,
                                                          std::string_view ou_id, std::string_view name) {
  auto ou = GetOrganizationalUnit(txn, o, ou_id);
  if (!ou.ok()) return ou.error();
  if (ou->name == name) return ou;
  auto dup = txn.QueryOne("SELECT 1 FROM org_units WHERE org_id = ? AND parent_id = ? AND name = ?",
                          {Value(o.id), Value(ou->parent_id), Value(std::string(name))});
  if (!dup.ok()) return dup.error();
  if (*dup) return Err("DuplicateOrganizationalUnitException", "An OU with the same name already exists.");
  auto s = txn.Execute("UPDATE org_units SET name = ? WHERE org_id = ? AND id = ?",
                       {Value(std::string(name)), Value(o.id), Value(std::string(ou_id))});
  if (!s.ok()) return s.error();
  ou->name = std::string(name);
  return ou;
}

core::Status DeleteOrganizationalUnit(store::Transaction& txn, const Organization& o, std::string_view ou_id) {
  auto ou = GetOrganizationalUnit(txn, o, ou_id);
  if (!ou.ok()) return ou.error();
  for (std::string_view sql : {"SELECT 1 FROM org_units WHERE org_id = ? AND parent_id = ? LIMIT 1",
                               "SELECT 1 FROM org_accounts WHERE org_id = ? AND parent_id = ? LIMIT 1"}) {
    auto child = txn.QueryOne(sql, {Value(o.id), Value(std::string(ou_id))});
    if (!child.ok()) return child.error();
    if (*child) {
      return Err("OrganizationalUnitNotEmptyException",
                 "The specified OU is not empty. Move all accounts to another root or to other OUs, remove all "
                 "child OUs, and try the operation again.");
    }
  }
  if (auto s = DeleteTargetRows(txn, o, ou_id); !s.ok()) return s;
  return txn.Execute("DELETE FROM org_units WHERE org_id = ? AND id = ?", {Value(o.id), Value(std::string(ou_id))})
      .status();
}

core::Result<std::vector<OrganizationalUnit>> OrganizationalUnitsOf(store::ReadView& view, const Organization& o,
                                                                   std::string_view parent_id) {
  auto exists = ParentExists(view, o, parent_id);
  if (!exists.ok()) return exists.error();
  if (!*exists) return Err("ParentNotFoundException", "We can't find a root or OU with the ParentId that you specified.");
  auto rows = view.QueryAll("SELECT id, parent_id, name, depth FROM org_units WHERE org_id = ? AND parent_id = ? ORDER BY id",
                            {Value(o.id), Value(std::string(parent_id))});
  if (!rows.ok()) return rows.error();
  std::vector<OrganizationalUnit> out;
  for (const auto& r : *rows) out.push_back(OrganizationalUnit{Str(r, 0), Str(r, 1), Str(r, 2), static_cast<int>(Int(r, 3))});
  return out;
}

// Accounts ---------------------------------------------------------------------------------------

core::Result<Account> GetAccount(store::ReadView& view, const Organization& o, std::string_view account_id) {
  auto row = view.QueryOne("SELECT " + std::string(kAccountColumns) + " FROM org_accounts WHERE org_id = ? AND account_id = ?",
                           {Value(o.id), Value(std::string(account_id))});
  if (!row.ok()) return row.error();
  if (!*row) {
    return Err("AccountNotFoundException", "You specified an account that doesn't exist.");
  }
  return ReadAccount(**row);
}

core::Result<std::vector<Account>> ListAccounts(store::ReadView& view, const Organization& o) {
  auto rows = view.QueryAll("SELECT " + std::string(kAccountColumns) + " FROM org_accounts WHERE org_id = ? ORDER BY joined, account_id",
                            {Value(o.id)});
  if (!rows.ok()) return rows.error();
  std::vector<Account> out;
  for (const auto& r : *rows) out.push_back(ReadAccount(r));
  return out;
}

core::Result<std::vector<Account>> AccountsOf(store::ReadView& view, const Organization& o, std::string_view parent_id) {
  auto exists = ParentExists(view, o, parent_id);
  if (!exists.ok()) return exists.error();
  if (!*exists) return Err("ParentNotFoundException", "We can't find a root or OU with the ParentId that you specified.");
  auto rows = view.QueryAll("SELECT " + std::string(kAccountColumns) +
                                " FROM org_accounts WHERE org_id = ? AND parent_id = ? ORDER BY joined, account_id",
                            {Value(o.id), Value(std::string(parent_id))});
  if (!rows.ok()) return rows.error();
  std::vector<Account> out;
  for (const auto& r : *rows) out.push_back(ReadAccount(r));
  return out;
}

core::Status InsertMemberAccount(store::Transaction& txn, const Organization& o, const Account& account) {
  auto count = txn.QueryOne("SELECT COUNT(*) FROM org_accounts WHERE org_id = ?", {Value(o.id)});
  if (!count.ok()) return count.error();
  if (Int(**count, 0) >= kMaxAccounts) {
    return ConstraintViolation("ACCOUNT_NUMBER_LIMIT_EXCEEDED",
                               "You have reached the maximum number of accounts in the organization.");
  }
  auto dup = txn.QueryOne("SELECT 1 FROM org_accounts WHERE org_id = ? AND email = ?", {Value(o.id), Value(account.email)});
  if (!dup.ok()) return dup.error();
  if (*dup) return Err("DuplicateAccountException", "That account is already present in the specified destination.");
  auto s = txn.Execute(
      "INSERT INTO org_accounts (account_id, org_id, parent_id, name, email, status, joined_method, joined) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {Value(account.id), Value(o.id), Value(o.root_id), Value(account.name), Value(account.email), Value(account.status),
       Value(account.joined_method), Value(account.joined)});
  if (!s.ok()) return s.error();
  return AttachDefaults(txn, o, account.id);
}

core::Status MoveAccount(store::Transaction& txn, const Organization& o, std::string_view account_id,
                         std::string_view source_parent_id, std::string_view destination_parent_id) {
  auto account = GetAccount(txn, o, account_id);
  if (!account.ok()) return account.error();
  auto source = ParentExists(txn, o, source_parent_id);
  if (!source.ok()) return source.error();
  if (!*source) {
    return Err("SourceParentNotFoundException", "We can't find a source root or OU with the ParentId that you specified.");
  }
  auto destination = ParentExists(txn, o, destination_parent_id);
  if (!destination.ok()) return destination.error();
  if (!*destination) {
    return Err("DestinationParentNotFoundException",
               "We can't find the destination container (a root or OU) with the ParentId that you specified.");
  }
  if (account->parent_id != source_parent_id) {
    return Err("AccountNotFoundException", "You specified an account that doesn't exist.");
  }
  if (account->parent_id == destination_parent_id) {
    return Err("DuplicateAccountException", "That account is already present in the specified destination.");
  }
  return txn.Execute("UPDATE org_accounts SET parent_id = ? WHERE org_id = ? AND account_id = ?",
                     {Value(std::string(destination_parent_id)), Value(o.id), Value(std::string(account_id))})
      .status();
}

core::Status RemoveAccount(store::Transaction& txn, const Organization& o, std::string_view account_id) {
  auto account = GetAccount(txn, o, account_id);
  if (!account.ok()) return account.error();
  if (account_id == o.management_account_id) {
    return Err("MasterCannotLeaveOrganizationException",
               "You can't remove a management account from an organization. If you want the management account "
               "to become a member account in another organization, you must first delete the current organization "
               "of the management account.");
  }
  if (auto s = DeleteTargetRows(txn, o, account_id); !s.ok()) return s;
  auto s = txn.Execute("DELETE FROM org_delegated_admins WHERE org_id = ? AND account_id = ?",
                       {Value(o.id), Value(std::string(account_id))});
  if (!s.ok()) return s.error();
  return txn.Execute("DELETE FROM org_accounts WHERE org_id = ? AND account_id = ?",
                     {Value(o.id), Value(std::string(account_id))})
      .status();
}

core::Result<std::string> ParentOf(store::ReadView& view, const Organization& o, std::string_view child_id) {
  for (std::string_view sql : {"SELECT parent_id FROM org_accounts WHERE org_id = ? AND account_id = ?",
                               "SELECT parent_id FROM org_units WHERE org_id = ? AND id = ?"}) {
    auto row = view.QueryOne(sql, {Value(o.id), Value(std::string(child_id))});
    if (!row.ok()) return row.error();
    if (*row) return Str(**row, 0);
  }
  return Err("ChildNotFoundException", "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.");
}

core::Result<std::vector<std::string>> AncestorsOf(store::ReadView& view, const Organization& o,
                                                   std::string_view child_id) {
  std::vector<std::string> chain;
  auto parent = ParentOf(view, o, child_id);
  if (!parent.ok()) return parent.error();
  std::string current = *parent;
  for (int guard = 0; guard <= kMaxOuDepth + 1; ++guard) {
    chain.push_back(current);
    if (current == o.root_id) break;
    auto next = ParentOf(view, o, current);
    if (!next.ok()) return next.error();
    current = *next;
  }
  std::reverse(chain.begin(), chain.end());
  if (chain.empty() || chain.front() != o.root_id) {
    return core::Error{"InternalFailure", "organization tree is inconsistent"};
  }
  return chain;
}

core::Result<std::string> NewCreateAccountRequestId() { return NewId("car-", 32); }

core::Status InsertCreateAccountStatus(store::Transaction& txn, const Organization& o, const CreateAccountStatus& s) {
  return txn
      .Execute(
          "INSERT INTO org_create_account_status (id, org_id, account_name, state, requested, completed, account_id, "
          "failure_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          {Value(s.id), Value(o.id), Value(s.account_name), Value(s.state), Value(s.requested), Value(s.completed),
           Value(s.account_id), Value(s.failure_reason)})
      .status();
}

namespace {
CreateAccountStatus ReadStatus(const store::Row& r) {
  return CreateAccountStatus{Str(r, 0), Str(r, 1), Str(r, 2), Int(r, 3), Int(r, 4), Str(r, 5), Str(r, 6)};
}
constexpr std::string_view kStatusColumns = "id, account_name, state, requested, completed, account_id, failure_reason";
}  // namespace

core::Result<CreateAccountStatus> GetCreateAccountStatus(store::ReadView& view, const Organization& o,
                                                         std::string_view id) {
  auto row = view.QueryOne("SELECT " + std::string(kStatusColumns) + " FROM org_create_account_status WHERE org_id = ? AND id = ?",
                           {Value(o.id), Value(std::string(id))});
  if (!row.ok()) return row.error();
  if (!*row) {
    return Err("CreateAccountStatusNotFoundException",
               "We can't find an create account request with the CreateAccountRequestId that you specified.");
  }
  return ReadStatus(**row);
}

core::Result<std::vector<CreateAccountStatus>> ListCreateAccountStatus(store::ReadView& view, const Organization& o) {
  auto rows = view.QueryAll("SELECT " + std::string(kStatusColumns) +
                                " FROM org_create_account_status WHERE org_id = ? ORDER BY requested DESC, id",
                            {Value(o.id)});
  if (!rows.ok()) return rows.error();
  std::vector<CreateAccountStatus> out;
  for (const auto& r : *rows) out.push_back(ReadStatus(r));
  return out;
}

// Policies ---------------------------------------------------------------------------------------

core::Result<Policy> CreatePolicy(store::Transaction& txn, const Organization& o, Policy policy) {
  auto count = txn.QueryOne("SELECT COUNT(*) FROM org_policies WHERE org_id = ? AND policy_type = ?",
                            {Value(o.id), Value(policy.type)});
  if (!count.ok()) return count.error();
  if (Int(**count, 0) >= kMaxPoliciesPerType) {
    return ConstraintViolation("POLICY_NUMBER_LIMIT_EXCEEDED",
                               "You have reached the maximum number of policies of this type in the organization.");
  }
  auto dup = txn.QueryOne("SELECT 1 FROM org_policies WHERE org_id = ? AND policy_type = ? AND name = ?",
                          {Value(o.id), Value(policy.type), Value(policy.name)});
  if (!dup.ok()) return dup.error();
  if (*dup) return Err("DuplicatePolicyException", "A policy with the same name already exists.");
  auto tail = RandomLowerAlnum(8);
  if (!tail.ok()) return tail.error();
  policy.id = "p-" + *tail;
  policy.aws_managed = false;
  auto s = txn.Execute(
      "INSERT INTO org_policies (org_id, id, policy_type, name, description, content, aws_managed) VALUES (?, ?, ?, ?, ?, ?, 0)",
      {Value(o.id), Value(policy.id), Value(policy.type), Value(policy.name), Value(policy.description),
       Value(policy.content)});
  if (!s.ok()) return s.error();
  return policy;
}

core::Result<Policy> GetPolicy(store::ReadView& view, const Organization& o, std::string_view policy_id) {
  auto row = view.QueryOne("SELECT " + std::string(kPolicyColumns) + " FROM org_policies WHERE org_id = ? AND id = ?",
                           {Value(o.id), Value(std::string(policy_id))});
  if (!row.ok()) return row.error();
  if (!*row) return Err("PolicyNotFoundException", "We can't find a policy with the PolicyId that you specified.");
  return ReadPolicy(**row);
}

core::Result<Policy> UpdatePolicy(store::Transaction& txn, const Organization& o, std::string_view policy_id,
                                  const std::optional<std::string>& name, const std::optional<std::string>& description,
                                  const std::optional<std::string>& content) {
  auto policy = GetPolicy(txn, o, policy_id);
  if (!policy.ok()) return policy.error();
  if (policy->aws_managed) return InvalidInput("IMMUTABLE_POLICY", "You specified a policy that is managed by AWS and can't be modified.");
  if (name && *name != policy->name) {
    auto dup = txn.QueryOne("SELECT 1 FROM org_policies WHERE org_id = ? AND policy_type = ? AND name = ?",
                            {Value(o.id), Value(policy->type), Value(*name)});
    if (!dup.ok()) return dup.error();
    if (*dup) return Err("DuplicatePolicyException", "A policy with the same name already exists.");
    policy->name = *name;
  }
  if (description) policy->description = *description;
  if (content) policy->content = *content;
  auto s = txn.Execute("UPDATE org_policies SET name = ?, description = ?, content = ? WHERE org_id = ? AND id = ?",
                       {Value(policy->name), Value(policy->description), Value(policy->content), Value(o.id),
                        Value(policy->id)});
  if (!s.ok()) return s.error();
  return policy;
}

core::Status DeletePolicy(store::Transaction& txn, const Organization& o, std::string_view policy_id) {
  auto policy = GetPolicy(txn, o, policy_id);
  if (!policy.ok()) return policy.error();
  if (policy->aws_managed) return InvalidInput("IMMUTABLE_POLICY", "You specified a policy that is managed by AWS and can't be modified.");
  auto used = txn.QueryOne("SELECT 1 FROM org_attachments WHERE org_id = ? AND policy_id = ? LIMIT 1",
                           {Value(o.id), Value(std::string(policy_id))});
  if (!used.ok()) return used.error();
  if (*used) {
    return Err("PolicyInUseException",
               "The policy is attached to one or more entities. You must detach it from all roots, OUs, and accounts "
               "before performing this operation.");
  }
  auto s = txn.Execute("DELETE FROM org_tags WHERE org_id = ? AND resource_id = ?", {Value(o.id), Value(std::string(policy_id))});
  if (!s.ok()) return s.error();
  return txn.Execute("DELETE FROM org_policies WHERE org_id = ? AND id = ?", {Value(o.id), Value(std::string(policy_id))})
      .status();
}

core::Result<std::vector<Policy>> ListPolicies(store::ReadView& view, const Organization& o, std::string_view type) {
  auto rows = view.QueryAll("SELECT " + std::string(kPolicyColumns) +
                                " FROM org_policies WHERE org_id = ? AND policy_type = ? ORDER BY aws_managed DESC, name",
                            {Value(o.id), Value(std::string(type))});
  if (!rows.ok()) return rows.error();
  std::vector<Policy> out;
  for (const auto& r : *rows) out.push_back(ReadPolicy(r));
  return out;
}

const char* TargetTypeName(TargetKind kind) {
  switch (kind) {
    case TargetKind::kRoot: return "ROOT";
    case TargetKind::kOrganizationalUnit: return "ORGANIZATIONAL_UNIT";
    case TargetKind::kAccount: return "ACCOUNT";
  }
  return "ROOT";
}

core::Result<Target> GetTarget(store::ReadView& view, const Organization& o, std::string_view target_id) {
  if (target_id == o.root_id) return Target{o.root_id, TargetKind::kRoot, o.root_name};
  if (target_id.starts_with("ou-")) {
    auto ou = GetOrganizationalUnit(view, o, target_id);
    if (ou.ok()) return Target{ou->id, TargetKind::kOrganizationalUnit, ou->name};
    if (ou.error().code != "OrganizationalUnitNotFoundException") return ou.error();
  } else {
    auto account = GetAccount(view, o, target_id);
    if (account.ok()) return Target{account->id, TargetKind::kAccount, account->name};
    if (account.error().code != "AccountNotFoundException") return account.error();
  }
  return Err("TargetNotFoundException", "We can't find a root, OU, account, or policy with the TargetId that you specified.");
}

core::Status AttachPolicy(store::Transaction& txn, const Organization& o, std::string_view policy_id,
                          std::string_view target_id) {
  auto policy = GetPolicy(txn, o, policy_id);
  if (!policy.ok()) return policy.error();
  auto target = GetTarget(txn, o, target_id);
  if (!target.ok()) return target.error();
  auto enabled = TypeEnabled(txn, o, policy->type);
  if (!enabled.ok()) return enabled.error();
  if (!*enabled) return Err("PolicyTypeNotEnabledException", "This operation can be performed only for enabled policy types.");
  auto existing = PoliciesForTarget(txn, o, target_id, policy->type);
  if (!existing.ok()) return existing.error();
  for (const auto& p : *existing) {
    if (p.id == policy_id) {
      return Err("DuplicatePolicyAttachmentException", "The selected policy is already attached to the specified target.");
    }
  }
  if (static_cast<int>(existing->size()) >= kMaxPoliciesPerTarget) {
    return ConstraintViolation("MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED",
                               "You attempted to exceed the number of policies of a certain type that can be attached to an entity.");
  }
  return Attach(txn, o, policy_id, target_id);
}

core::Status DetachPolicy(store::Transaction& txn, const Organization& o, std::string_view policy_id,
                          std::string_view target_id) {
  auto policy = GetPolicy(txn, o, policy_id);
  if (!policy.ok()) return policy.error();
  auto target = GetTarget(txn, o, target_id);
  if (!target.ok()) return target.error();
  auto existing = PoliciesForTarget(txn, o, target_id, policy->type);
  if (!existing.ok()) return existing.error();
  const bool attached = std::any_of(existing->begin(), existing->end(), [&](const Policy& p) { return p.id == policy_id; });
  if (!attached) return Err("PolicyNotAttachedException", "The policy isn't attached to the specified target in the specified root.");
  if (policy_id == kRcpFullAwsAccessId) {
    return InvalidInput("NON_DETACHABLE_POLICY", "You can't detach this AWS Managed Policy.");
  }
  // "Every root, OU, and account must have at least one SCP attached" while SCPs are enabled.
  if (policy->type == kServiceControlPolicy && existing->size() <= 1) {
    return ConstraintViolation("MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED",
                               "You attempted to detach a policy from an entity that would leave it with fewer than the "
                               "minimum number of policies of that type.");
  }
  return txn.Execute("DELETE FROM org_attachments WHERE org_id = ? AND policy_id = ? AND target_id = ?",
                     {Value(o.id), Value(std::string(policy_id)), Value(std::string(target_id))})
      .status();
}

core::Result<std::vector<Policy>> PoliciesForTarget(store::ReadView& view, const Organization& o,
                                                    std::string_view target_id, std::string_view type) {
  auto rows = view.QueryAll(
      "SELECT p.id, p.policy_type, p.name, p.description, p.content, p.aws_managed FROM org_attachments a "
      "JOIN org_policies p ON p.org_id = a.org_id AND p.id = a.policy_id "
      "WHERE a.org_id = ? AND a.target_id = ? AND p.policy_type = ? ORDER BY p.aws_managed DESC, p.name",
      {Value(o.id), Value(std::string(target_id)), Value(std::string(type))});
  if (!rows.ok()) return rows.error();
  std::vector<Policy> out;
  for (const auto& r : *rows) out.push_back(ReadPolicy(r));
  return out;
}

core::Result<std::vector<Target>> TargetsForPolicy(store::ReadView& view, const Organization& o,
                                                   std::string_view policy_id) {
  auto policy = GetPolicy(view, o, policy_id);
  if (!policy.ok()) return policy.error();
  auto rows = view.QueryAll("SELECT target_id FROM org_attachments WHERE org_id = ? AND policy_id = ? ORDER BY target_id",
                            {Value(o.id), Value(std::string(policy_id))});
  if (!rows.ok()) return rows.error();
  std::vector<Target> out;
  for (const auto& r : *rows) {
    auto t = GetTarget(view, o, Str(r, 0));
    if (!t.ok()) return t.error();
    out.push_back(std::move(t.value()));
  }
  return out;
}

// Tags --------------------------------------------------------------------------------------------

core::Status CheckTaggable(store::ReadView& view, const Organization& o, std::string_view resource_id) {
  if (resource_id.starts_with("p-")) {
    auto p = GetPolicy(view, o, resource_id);
    if (p.ok()) return core::Status::Ok();
    if (p.error().code != "PolicyNotFoundException") return p.error();
    return Err("TargetNotFoundException", "We can't find a root, OU, account, or policy with the TargetId that you specified.");
  }
  return GetTarget(view, o, resource_id).status();
}

core::Status TagResource(store::Transaction& txn, const Organization& o, std::string_view resource_id,
                         const std::vector<Tag>& tags) {
  if (auto s = CheckTaggable(txn, o, resource_id); !s.ok()) return s;
  auto current = TagsOf(txn, o, resource_id);
  if (!current.ok()) return current.error();
  std::map<std::string, std::string> merged;
  for (const auto& t : *current) merged[t.key] = t.value;
  for (const auto& t : tags) merged[t.key] = t.value;
  if (static_cast<int>(merged.size()) > kMaxTagsPerResource) {
    return ConstraintViolation("MAX_TAG_LIMIT_EXCEEDED", "You have exceeded the maximum number of tags allowed on this resource.");
  }
  for (const auto& t : tags) {
    auto s = txn.Execute(
        "INSERT INTO org_tags (org_id, resource_id, tag_key, tag_value) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (org_id, resource_id, tag_key) DO UPDATE SET tag_value = excluded.tag_value",
        {Value(o.id), Value(std::string(resource_id)), Value(t.key), Value(t.value)});
    if (!s.ok()) return s.error();
  }
  return core::Status::Ok();
}

core::Status UntagResource(store::Transaction& txn, const Organization& o, std::string_view resource_id,
                           const std::vector<std::string>& keys) {
  if (auto s = CheckTaggable(txn, o, resource_id); !s.ok()) return s;
  for (const auto& k : keys) {
    auto s = txn.Execute("DELETE FROM org_tags WHERE org_id = ? AND resource_id = ? AND tag_key = ?",
                         {Value(o.id), Value(std::string(resource_id)), Value(k)});
    if (!s.ok()) return s.error();
  }
  return core::Status::Ok();
}

core::Result<std::vector<Tag>> TagsOf(store::ReadView& view, const Organization& o, std::string_view resource_id) {
  auto rows = view.QueryAll("SELECT tag_key, tag_value FROM org_tags WHERE org_id = ? AND resource_id = ? ORDER BY tag_key",
                            {Value(o.id), Value(std::string(resource_id))});
  if (!rows.ok()) return rows.error();
  std::vector<Tag> out;
  for (const auto& r : *rows) out.push_back(Tag{Str(r, 0), Str(r, 1)});
  return out;
}

// Trusted access and delegated administrators -------------------------------------------------------

core::Status EnableServiceAccess(store::Transaction& txn, const Organization& o, std::string_view principal,
                                 int64_t now) {
  return txn
      .Execute("INSERT INTO org_service_access (org_id, service_principal, enabled) VALUES (?, ?, ?) "
               "ON CONFLICT (org_id, service_principal) DO NOTHING",
               {Value(o.id), Value(std::string(principal)), Value(now)})
      .status();
}

core::Status DisableServiceAccess(store::Transaction& txn, const Organization& o, std::string_view principal) {
  return txn
      .Execute("DELETE FROM org_service_access WHERE org_id = ? AND service_principal = ?",
               {Value(o.id), Value(std::string(principal))})
      .status();
}

core::Result<std::vector<ServiceAccess>> ListServiceAccess(store::ReadView& view, const Organization& o) {
  auto rows = view.QueryAll("SELECT service_principal, enabled FROM org_service_access WHERE org_id = ? ORDER BY service_principal",
                            {Value(o.id)});
  if (!rows.ok()) return rows.error();
  std::vector<ServiceAccess> out;
  for (const auto& r : *rows) out.push_back(ServiceAccess{Str(r, 0), Int(r, 1)});
  return out;
}

core::Status RegisterDelegatedAdministrator(store::Transaction& txn, const Organization& o,
                                            std::string_view account_id, std::string_view principal, int64_t now) {
  auto account = GetAccount(txn, o, account_id);
  if (!account.ok()) return account.error();
  if (account_id == o.management_account_id) {
    return ConstraintViolation("CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR",
                               "You can designate only a member account as a delegated administrator.");
  }
  auto existing = ListDelegatedAdministrators(txn, o, principal);
  if (!existing.ok()) return existing.error();
  for (const auto& d : *existing) {
    if (d.account_id == account_id) {
      return Err("AccountAlreadyRegisteredException",
                 "The provided account is already a delegated administrator for your organization.");
    }
  }
  if (static_cast<int>(existing->size()) >= kMaxDelegatedAdminsPerService) {
    return ConstraintViolation("MAX_DELEGATED_ADMINISTRATORS_FOR_SERVICE_LIMIT_EXCEEDED",
                               "You attempted to register more delegated administrators than allowed for the service principal.");
  }
  return txn
      .Execute("INSERT INTO org_delegated_admins (org_id, account_id, service_principal, enabled) VALUES (?, ?, ?, ?)",
               {Value(o.id), Value(std::string(account_id)), Value(std::string(principal)), Value(now)})
      .status();
}

core::Status DeregisterDelegatedAdministrator(store::Transaction& txn, const Organization& o,
                                              std::string_view account_id, std::string_view principal) {
  auto account = GetAccount(txn, o, account_id);
  if (!account.ok()) return account.error();
  auto n = txn.Execute("DELETE FROM org_delegated_admins WHERE org_id = ? AND account_id = ? AND service_principal = ?",
                       {Value(o.id), Value(std::string(account_id)), Value(std::string(principal))});
  if (!n.ok()) return n.error();
  if (*n == 0) {
    return Err("AccountNotRegisteredException",
               "The provided account is not a registered delegated administrator for your organization.");
  }
  return core::Status::Ok();
}

core::Result<std::vector<DelegatedAdministrator>> ListDelegatedAdministrators(store::ReadView& view,
                                                                             const Organization& o,
                                                                             std::string_view principal) {
  auto rows = principal.empty()
                  ? view.QueryAll("SELECT account_id, service_principal, enabled FROM org_delegated_admins "
                                  "WHERE org_id = ? ORDER BY account_id, service_principal",
                                  {Value(o.id)})
                  : view.QueryAll("SELECT account_id, service_principal, enabled FROM org_delegated_admins "
                                  "WHERE org_id = ? AND service_principal = ? ORDER BY account_id",
                                  {Value(o.id), Value(std::string(principal))});
  if (!rows.ok()) return rows.error();
  std::vector<DelegatedAdministrator> out;
  for (const auto& r : *rows) out.push_back(DelegatedAdministrator{Str(r, 0), Str(r, 1), Int(r, 2)});
  return out;
}

core::Result<std::vector<DelegatedAdministrator>> DelegatedServicesOf(store::ReadView& view, const Organization& o,
                                                                     std::string_view account_id) {
  auto account = GetAccount(view, o, account_id);
  if (!account.ok()) return account.error();
  auto rows = view.QueryAll("SELECT account_id, service_principal, enabled FROM org_delegated_admins "
                            "WHERE org_id = ? AND account_id = ? ORDER BY service_principal",
                            {Value(o.id), Value(std::string(account_id))});
  if (!rows.ok()) return rows.error();
  std::vector<DelegatedAdministrator> out;
  for (const auto& r : *rows) out.push_back(DelegatedAdministrator{Str(r, 0), Str(r, 1), Int(r, 2)});
  return out;
}

}  // namespace bulwark::org
