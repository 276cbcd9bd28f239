// The IAM operations, one builder per area (each in its own file); iam_service.cc registers them.
#pragma once

#include "services/iam/iam_common.h"

namespace bulwark::services::iam_ops {

OperationList EntityOperations(const IamDeps& deps);      // entity_ops.cc
OperationList PolicyOperations(const IamDeps& deps);      // policy_ops.cc
OperationList AttachmentOperations(const IamDeps& deps);  // attachment_ops.cc
OperationList AccessKeyOperations(const IamDeps& deps);   // access_key_ops.cc
OperationList TagOperations(const IamDeps& deps);         // tag_ops.cc
OperationList PasswordPolicyOperations(const IamDeps& deps);  // password_policy_ops.cc
OperationList LoginProfileOperations(const IamDeps& deps);    // login_profile_ops.cc
OperationList MfaOperations(const IamDeps& deps);             // mfa_ops.cc
OperationList SimulateOperations(const IamDeps& deps);        // simulate_ops.cc
OperationList AccountOperations(const IamDeps& deps);         // account_ops.cc
OperationList AuthorizationDetailsOperations(const IamDeps& deps);  // authorization_details_ops.cc

// A kind of IAM resource that carries tags: Tag<title>, Untag<title> and List<title>Tags are built
// for each (tag_ops.cc). `resolve` returns the ARN the tags hang off, after checking the resource
// exists, inside the call's transaction.
struct TaggedResource {
  const char* title;  // "User", "Role", "Policy", "MFADevice"
  std::function<ResourceRef(const CallContext&)> resource;
  std::function<core::Result<std::string>(const CallContext&, store::Transaction&)> resolve;
};
TaggedResource MfaDeviceTaggedResource(const IamDeps& deps);  // mfa_ops.cc

}  // namespace bulwark::services::iam_ops
