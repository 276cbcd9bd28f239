// Account-wide IAM settings in the store, one set per account: the password policy, the account
// alias and the last generated credential report.
// Thread-safety: stateless functions over store transactions and read views.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "iam/password_policy.h"
#include "store/store.h"

namespace bulwark::iam {

core::Result<std::optional<PasswordPolicy>> FindPasswordPolicy(store::ReadView& view, std::string_view account);
core::Status PutPasswordPolicy(store::Transaction& txn, std::string_view account, const PasswordPolicy& policy);
// Errors: NoSuchEntity ("The Password Policy with domain name <account> cannot be found.") when none.
core::Status DeletePasswordPolicy(store::Transaction& txn, std::string_view account_id);
core::Error NoSuchPasswordPolicy(std::string_view account_id);

// The account's aliases (IAM allows at most one).
core::Result<std::vector<std::string>> ListAccountAliases(store::ReadView& view, std::string_view account);
// Replaces any existing alias (CreateAccountAlias on an account that has one renames it, as on AWS).
// Errors: EntityAlreadyExists when another account has the alias (aliases are unique across accounts).
core::Status PutAccountAlias(store::Transaction& txn, std::string_view account, std::string_view alias);
// Errors: NoSuchEntity when the account has no such alias.
core::Status DeleteAccountAlias(store::Transaction& txn, std::string_view account, std::string_view alias);

struct StoredCredentialReport {
  int64_t generated = 0;
  std::string content;  // The CSV.
};
core::Result<std::optional<StoredCredentialReport>> FindCredentialReport(store::ReadView& view,
                                                                         std::string_view account);
core::Status PutCredentialReport(store::Transaction& txn, std::string_view account,
                                 const StoredCredentialReport& report);

}  // namespace bulwark::iam
