// Access keys moved to the IAM layer (iam/access_keys.h); these names keep the server's callers
// unchanged.
#pragma once

#include "iam/access_keys.h"

namespace bulwark::server {

using iam::AccessKeyMigrations;
using iam::AccessKeyRecord;
using iam::FindAccessKey;
using iam::FindAccount;
using iam::InsertAccessKey;
using iam::InsertAccount;

}  // namespace bulwark::server
