#include "org/account_provisioning.h"

#include "iam/access_keys.h"
#include "iam/attachments.h"
#include "iam/entities.h"
#include "iam/ids.h"

namespace bulwark::org {

std::string AccessRoleTrustPolicy(const std::string& management_account_id) {
  std::string policy = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::)";
  policy.append(management_account_id);
  policy.append(R"(:root"},"Action":"sts:AssumeRole"}]})");
  return policy;
}

core::Result<ProvisionedAccount> ProvisionAccount(store::Transaction& txn, const std::string& management_account_id,
                                                  const std::string& role_name, int64_t now) {
  auto account_id = iam::NewAccountId();
  if (!account_id.ok()) return account_id.error();
  if (auto s = iam::InsertAccount(txn, *account_id, now); !s.ok()) return s.error();
  auto role_id = iam::NewUniqueId(iam::kRoleIdPrefix);
  if (!role_id.ok()) return role_id.error();
  iam::Entity role;
  role.account_id = *account_id;
  role.kind = iam::EntityKind::kRole;
  role.name = role_name;
  role.id = *role_id;
  role.path.push_back('/');  // (Not `= "/"`: GCC 12 misreports -Wrestrict on that assignment.)
  role.arn = iam::EntityArn(iam::EntityKind::kRole, *account_id, "/", role_name);
  role.created = now;
  role.trust_policy = AccessRoleTrustPolicy(management_account_id);
  if (auto s = iam::InsertEntity(txn, role); !s.ok()) return s.error();
  if (auto s = iam::AttachPolicy(txn, *account_id, iam::EntityKind::kRole, role_name, "arn:aws:iam::aws:policy/AdministratorAccess");
      !s.ok()) {
    return s.error();
  }
  return ProvisionedAccount{*account_id, role.arn};
}

}  // namespace bulwark::org
