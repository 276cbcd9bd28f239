// AWS STS (query protocol, 2011-06-15): GetCallerIdentity, AssumeRole, GetSessionToken.
// Thread-safety: immutable after construction.
#pragma once

#include "services/service.h"
#include "services/sts/sts_credentials.h"

namespace bulwark::services {

class StsService : public TableService {
 public:
  explicit StsService(sts_ops::StsDeps deps);
};

}  // namespace bulwark::services
