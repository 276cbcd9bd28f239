#include "services/kms/kms_service.h"

namespace bulwark::services {

KmsService::KmsService(kms_ops::KmsDeps deps)
    : TableService("kms", "kms.amazonaws.com", protocol::ServiceProtocol{protocol::Protocol::kJson11, "", "TrentService"},
                   "2014-11-01") {
  for (auto* list : {kms_ops::KeyOperations, kms_ops::CryptoOperations, kms_ops::AliasOperations,
                     kms_ops::GrantOperations}) {
    for (auto& op : list(deps)) {
      if (!op.read_only) {
        // Every KMS mutation may change what the key cache holds (state, policy, grants, aliases,
        // tags, material): it advances the credential epoch inside its transaction
        // (kms/key_cache.h), whatever it changed and even when it fails (a needless advance only
        // costs cache misses).
        op.execute = [inner = std::move(op.execute)](const CallContext& ctx, store::Transaction& txn) {
          auto outcome = inner(ctx, txn);
          if (ctx.credential_epoch != nullptr) ctx.credential_epoch->Advance();
          return outcome;
        };
      }
      Add(std::move(op));
    }
  }
}

}  // namespace bulwark::services
