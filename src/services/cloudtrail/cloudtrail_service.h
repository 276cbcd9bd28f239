// AWS CloudTrail (JSON 1.1, 2013-11-01): LookupEvents over the store's trail, newest first, with
// every LookupAttribute key, StartTime/EndTime, MaxResults (1-50) and an opaque NextToken.
// Thread-safety: immutable after construction.
#pragma once

#include "services/service.h"

namespace bulwark::services {

class CloudTrailService : public TableService {
 public:
  CloudTrailService();
};

}  // namespace bulwark::services
