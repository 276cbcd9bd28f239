#include "iam/account_settings.h"

#include "iam/rows.h"

namespace bulwark::iam {
namespace {

store::Value Flag(bool b) { return store::Value(int64_t{b ? 1 : 0}); }

}  // namespace

core::Error NoSuchPasswordPolicy(std::string_view account_id) {
  return core::Error{"NoSuchEntity",
                     "The Password Policy with domain name " + std::string(account_id) + " cannot be found."};
}

core::Result<std::optional<PasswordPolicy>> FindPasswordPolicy(store::ReadView& view, std::string_view account) {
  auto row = view.QueryOne(
      "SELECT minimum_password_length, require_symbols, require_numbers, require_uppercase_characters, "
      "require_lowercase_characters, allow_users_to_change_password, max_password_age, password_reuse_prevention, "
      "hard_expiry FROM iam_password_policy WHERE account_id = ?",
      {store::Value(std::string(account))});
  if (!row.ok()) return row.error();
  if (!*row) return std::optional<PasswordPolicy>();
  const store::Row& r = **row;
  PasswordPolicy p;
  p.minimum_password_length = IntAt(r, 0);
  p.require_symbols = IntAt(r, 1) != 0;
  p.require_numbers = IntAt(r, 2) != 0;
  p.require_uppercase_characters = IntAt(r, 3) != 0;
  p.require_lowercase_characters = IntAt(r, 4) != 0;
  p.allow_users_to_change_password = IntAt(r, 5) != 0;
  p.max_password_age = IntAt(r, 6);
  p.password_reuse_prevention = IntAt(r, 7);
  p.hard_expiry = IntAt(r, 8) != 0;
  return std::optional<PasswordPolicy>(p);
}

core::Status PutPasswordPolicy(store::Transaction& txn, std::string_view account, const PasswordPolicy& p) {
  auto deleted = txn.Execute("DELETE FROM iam_password_policy WHERE account_id = ?", {store::Value(std::string(account))});
  if (!deleted.ok()) return deleted.error();
  return txn
      .Execute(
          "INSERT INTO iam_password_policy (account_id, minimum_password_length, require_symbols, require_numbers, "
          "require_uppercase_characters, require_lowercase_characters, allow_users_to_change_password, "
          "max_password_age, password_reuse_prevention, hard_expiry) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {store::Value(std::string(account)), store::Value(p.minimum_password_length), Flag(p.require_symbols), Flag(p.require_numbers),
           Flag(p.require_uppercase_characters), Flag(p.require_lowercase_characters),
           Flag(p.allow_users_to_change_password), store::Value(p.max_password_age),
           store::Value(p.password_reuse_prevention), Flag(p.hard_expiry)})
      .status();
}

core::Status DeletePasswordPolicy(store::Transaction& txn, std::string_view account_id) {
  auto deleted =
      txn.Execute("DELETE FROM iam_password_policy WHERE account_id = ?", {store::Value(std::string(account_id))});
  if (!deleted.ok()) return deleted.error();
  if (*deleted == 0) return NoSuchPasswordPolicy(account_id);
  return core::Status::Ok();
}

core::Result<std::vector<std::string>> ListAccountAliases(store::ReadView& view, std::string_view account) {
  auto rows = view.QueryAll("SELECT alias FROM iam_account_aliases WHERE account_id = ? ORDER BY alias", {store::Value(std::string(account))});
  if (!rows.ok()) return rows.error();
  std::vector<std::string> out;
  for (const store::Row& r : *rows) out.push_back(TextAt(r, 0));
  return out;
}

core::Status PutAccountAlias(store::Transaction& txn, std::string_view account, std::string_view alias) {
  // Aliases are unique across all accounts, as on AWS (they name the sign-in URL).
  auto owner = txn.QueryOne("SELECT account_id FROM iam_account_aliases WHERE alias = ?", {store::Value(alias)});
  if (!owner.ok()) return owner.error();
  if (*owner && TextAt(**owner, 0) != account) {
    return core::Error{"EntityAlreadyExists", "The account alias " + std::string(alias) + " already exists."};
  }
  auto deleted = txn.Execute("DELETE FROM iam_account_aliases WHERE account_id = ?", {store::Value(std::string(account))});
  if (!deleted.ok()) return deleted.error();
  return txn
      .Execute("INSERT INTO iam_account_aliases (alias, account_id) VALUES (?, ?)", {store::Value(alias), store::Value(std::string(account))})
      .status();
}

core::Status DeleteAccountAlias(store::Transaction& txn, std::string_view account, std::string_view alias) {
  auto deleted = txn.Execute("DELETE FROM iam_account_aliases WHERE alias = ? AND account_id = ?",
                             {store::Value(alias), store::Value(std::string(account))});
  if (!deleted.ok()) return deleted.error();
  if (*deleted == 0) {
    return core::Error{"NoSuchEntity", "The account alias " + std::string(alias) + " cannot be found."};
  }
  return core::Status::Ok();
}

core::Result<std::optional<StoredCredentialReport>> FindCredentialReport(store::ReadView& view,
                                                                         std::string_view account) {
  auto row = view.QueryOne("SELECT generated, content FROM iam_credential_reports WHERE account_id = ?", {store::Value(std::string(account))});
  if (!row.ok()) return row.error();
  if (!*row) return std::optional<StoredCredentialReport>();
  return std::optional<StoredCredentialReport>(StoredCredentialReport{IntAt(**row, 0), TextAt(**row, 1)});
}

core::Status PutCredentialReport(store::Transaction& txn, std::string_view account,
                                 const StoredCredentialReport& report) {
  auto deleted = txn.Execute("DELETE FROM iam_credential_reports WHERE account_id = ?", {store::Value(std::string(account))});
  if (!deleted.ok()) return deleted.error();
  return txn
      .Execute("INSERT INTO iam_credential_reports (account_id, generated, content) VALUES (?, ?, ?)",
               {store::Value(std::string(account)), store::Value(report.generated), store::Value(report.content)})
      .status();
}

}  // namespace bulwark::iam
