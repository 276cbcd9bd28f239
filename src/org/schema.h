// The AWS Organizations tables, as store migrations of the "org" component.
//
// One organization per management account (an account belongs to at most one organization: the
// accounts table's primary key). Every row carries its organization id; member accounts are rows
// of org_accounts keyed by the account id, the management account included (AWS lists it among
// the organization's accounts). Policies are keyed by (organization, policy id) because the AWS
// managed policies (p-FullAWSAccess, p-RCPFullAWSAccess) have the same id in every organization.
// Thread-safety: data only.
#pragma once

#include <vector>

#include "store/migrations.h"

namespace bulwark::org {

std::vector<store::Migration> OrgMigrations();

}  // namespace bulwark::org
