// The global condition keys the pipeline puts in every authorization context, from the caller and
// the request ("AWS global condition context keys"). Keys are present only where AWS sets them:
// aws:username only for IAM users, aws:MultiFactorAuthPresent/Age and aws:TokenIssueTime only for
// temporary credentials, so policies see missing keys exactly as on AWS.
// Thread-safety: pure function.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/caller.h"
#include "services/service.h"

namespace bulwark::server {

std::map<std::string, std::vector<std::string>> StandardContextKeys(const core::Caller& caller,
                                                                    const services::CallContext& ctx);

}  // namespace bulwark::server
