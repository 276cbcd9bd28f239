// AWS STS (query protocol, 2011-06-15). Issue 3 delivers GetCallerIdentity; AssumeRole and the
// session-token calls arrive with the IAM/STS surface.
// Thread-safety: immutable after construction.
#pragma once

#include "services/service.h"

namespace bulwark::services {

class StsService : public TableService {
 public:
  StsService();
};

}  // namespace bulwark::services
