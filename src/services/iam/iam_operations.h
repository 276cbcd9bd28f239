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

}  // namespace bulwark::services::iam_ops
