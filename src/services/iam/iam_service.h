// AWS IAM (query protocol, API version 2010-05-08): users, groups, roles, managed and inline
// policies, boundaries, tags and access keys; each area's operations are built in its own file
// (iam_operations.h) and registered here.
#pragma once

#include "services/iam/iam_common.h"
#include "services/service.h"

namespace bulwark::services {

class IamService : public TableService {
 public:
  explicit IamService(iam_ops::IamDeps deps);
};

}  // namespace bulwark::services
