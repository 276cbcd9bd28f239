// AWS KMS (JSON 1.1, TrentService, 2014-11-01): keys, cryptographic operations, aliases, grants,
// key policies, tags and rotation. Every call is authorized by the key's policy with IAM policies
// and grants (Operation::resource_policy), and recorded by the pipeline.
// Thread-safety: immutable after construction.
#pragma once

#include "services/kms/kms_common.h"
#include "services/service.h"

namespace bulwark::services {

class KmsService : public TableService {
 public:
  explicit KmsService(kms_ops::KmsDeps deps);
};

}  // namespace bulwark::services
