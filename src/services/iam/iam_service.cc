#include "services/iam/iam_service.h"

#include "services/iam/iam_operations.h"

namespace bulwark::services {

IamService::IamService(iam_ops::IamDeps deps)
    : TableService("iam", "iam.amazonaws.com",
                   protocol::ServiceProtocol{protocol::Protocol::kQuery, "https://iam.amazonaws.com/doc/2010-05-08/", ""},
                   "2010-05-08") {
  for (auto* area : {&iam_ops::EntityOperations, &iam_ops::PolicyOperations, &iam_ops::AttachmentOperations,
                     &iam_ops::AccessKeyOperations, &iam_ops::TagOperations}) {
    for (auto& op : (*area)(deps)) Add(std::move(op));
  }
  for (auto& op : iam_ops::PasswordPolicyOperations(deps)) Add(std::move(op));
  for (auto& op : iam_ops::LoginProfileOperations(deps)) Add(std::move(op));
  for (auto& op : iam_ops::MfaOperations(deps)) Add(std::move(op));
  for (auto& op : iam_ops::SimulateOperations(deps)) Add(std::move(op));
  for (auto& op : iam_ops::AccountOperations(deps)) Add(std::move(op));
  for (auto& op : iam_ops::AuthorizationDetailsOperations(deps)) Add(std::move(op));
}

}  // namespace bulwark::services
