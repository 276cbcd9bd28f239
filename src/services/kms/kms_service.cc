#include "services/kms/kms_service.h"

namespace bulwark::services {

KmsService::KmsService(kms_ops::KmsDeps deps)
    : TableService("kms", "kms.amazonaws.com", protocol::ServiceProtocol{protocol::Protocol::kJson11, "", "TrentService"},
                   "2014-11-01") {
  for (auto* list : {kms_ops::KeyOperations, kms_ops::CryptoOperations, kms_ops::AliasOperations,
                     kms_ops::GrantOperations}) {
    for (auto& op : list(deps)) Add(std::move(op));
  }
}

}  // namespace bulwark::services
