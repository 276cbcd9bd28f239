// The IAM tables, as store migrations of the "iam" component.
//
// Users, groups and roles share one table (iam_entities), keyed by kind and lower-cased name: IAM
// names are unique without regard to case within their kind, and the three kinds have the same
// life cycle (path, unique id, tags, attached and inline policies); role-only columns are empty for
// the others. Managed policies and their versions, attachments, inline policies, group membership
// and tags have a table each. Access keys live in the "auth" component's access_keys table
// (iam/access_keys.h), which the authenticator reads.
#pragma once

#include <vector>

#include "store/migrations.h"

namespace bulwark::iam {

std::vector<store::Migration> IamMigrations();

}  // namespace bulwark::iam
