// Provisioning a new member account for organizations:CreateAccount: a new account id in the
// accounts table and the role the management account administers it through
// ("Accessing a member account that has a management account access role": a role named
// OrganizationAccountAccessRole, or the request's RoleName, with the AdministratorAccess managed
// policy, trusting the management account to call sts:AssumeRole).
// Thread-safety: a stateless function over the caller's transaction.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.h"
#include "store/store.h"

namespace bulwark::org {

inline constexpr std::string_view kDefaultAccessRoleName = "OrganizationAccountAccessRole";

struct ProvisionedAccount {
  std::string account_id;
  std::string role_arn;
};

// The trust policy of the access role: the management account's root may assume it (which
// delegates to the management account's principals whose policies allow sts:AssumeRole on it).
std::string AccessRoleTrustPolicy(const std::string& management_account_id);

// Creates the account and its access role in `txn`. Errors: those of the IAM store (a role of that
// name already exists, the store fails); the caller rolls back on error.
core::Result<ProvisionedAccount> ProvisionAccount(store::Transaction& txn, const std::string& management_account_id,
                                                  const std::string& role_name, int64_t now);

}  // namespace bulwark::org
