// Infers which kind of policy a document is, for `bulwark policy validate --policy-type auto`.
//
// A Principal or NotPrincipal element makes a resource-based policy, or a role trust policy when every
// action it names is an STS action and one of them is sts:AssumeRole* (the actions a trust policy
// grants; a Resource element there is then reported as the trust-policy error it is). Without a
// principal the document is an identity policy: SCPs, RCPs, permissions boundaries and session
// policies share a grammar that cannot be told apart from the text, so they stay explicit.
// A text that is not a JSON object is inferred as an identity policy (the parser then reports it).
// Thread-safety: pure functions.
#pragma once

#include <string_view>

#include "policy/parser.h"

namespace bulwark::cli {

policy::PolicyKind InferPolicyKind(std::string_view text);

}  // namespace bulwark::cli
