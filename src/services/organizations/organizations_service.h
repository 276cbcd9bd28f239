// AWS Organizations (JSON 1.1, target prefix AWSOrganizationsV20161128): the organization of the
// calling account, served from the store (org/org_store.h). The organization lives in its
// management account; member accounts may only describe it (and their own effective policies).
// Thread-safety: immutable after construction.
#pragma once

#include "services/organizations/org_common.h"
#include "services/service.h"

namespace bulwark::services {

class OrganizationsService : public TableService {
 public:
  explicit OrganizationsService(org_ops::OrgDeps deps);
  // Organizations answers what the model's constraints refuse with its modelled
  // InvalidInputException (and a Reason), and denials with AccessDeniedException.
  core::Error ServiceError(core::Error generic) const override;
};

}  // namespace bulwark::services
