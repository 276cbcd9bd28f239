// The interim authorizer: the account root user is allowed (AWS: root has every permission in its
// account, short of SCPs, which arrive with Organizations); every other principal is denied with
// AWS's implicit-deny message, since no identity-based policy exists until IAM lands. Deny by
// default: anything unrecognised is refused.
#pragma once

#include "server/pipeline.h"

namespace bulwark::server {

class RootAuthorizer : public Authorizer {
 public:
  core::Status Authorize(const core::Caller& caller, const AuthorizationRequest& request) const override {
    if (caller.kind == core::CallerKind::kRoot) return core::Status::Ok();
    return core::Error{"AccessDenied", "User: " + caller.arn + " is not authorized to perform: " + request.action +
                                           " on resource: " + request.resource +
                                           " because no identity-based policy allows the " + request.action + " action"};
  }
};

}  // namespace bulwark::server
