// AWS CloudTrail (JSON 1.1, 2013-11-01): LookupEvents over the store's trail, newest first, with
// every LookupAttribute key, StartTime/EndTime, MaxResults (1-50) and an opaque NextToken.
// Thread-safety: immutable after construction.
#pragma once

#include "services/service.h"

namespace bulwark::services {

class CloudTrailService : public TableService {
 public:
  CloudTrailService();
  // CloudTrail answers bad parameters with its own modelled exceptions (InvalidMaxResultsException,
  // InvalidLookupAttributesException, ...), which its handlers raise.
  bool checks_model_constraints() const override { return false; }
};

}  // namespace bulwark::services
