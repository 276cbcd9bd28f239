// The global condition keys that describe the caller ("AWS global condition context keys":
// aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType, aws:username, aws:userid,
// aws:PrincipalIsAWSService, aws:PrincipalServiceName, aws:PrincipalTag/<key>), derived from a
// RequestPrincipal for callers that want them. The evaluator never adds keys on its own (the
// context is what the caller gives); `bulwark policy simulate` uses exactly the case's keys.
// A key AWS would not set for this kind of principal is not set (aws:username exists only for IAM
// users); one that needs facts the ARN lacks (the unique id behind aws:userid) is set only when the
// caller supplies them.
// Thread-safety: pure function.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "policy/request_context.h"

namespace bulwark::policy {

struct PrincipalAttributes {
  std::string unique_id;  // AIDA... (user), AROA... (role); empty when unknown.
  std::vector<std::pair<std::string, std::string>> tags;  // Principal and session tags.
};

void AddPrincipalContextKeys(const RequestPrincipal& principal, const PrincipalAttributes& attributes,
                             RequestContext* context);

}  // namespace bulwark::policy
