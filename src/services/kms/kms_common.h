// What the KMS operations share: their dependencies, how a KeyId (key id, key ARN, alias name,
// alias ARN) names a key, the key's authorization context (its key policy, grants and condition
// keys, for the pipeline's authorizer), request condition keys, and the KeyMetadata shape.
// Thread-safety: pure functions, except the lookups, which read the store.
#pragma once

#include <boost/json/object.hpp>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "kms/ciphertext.h"
#include "kms/key_cache.h"
#include "kms/key_state.h"
#include "services/input.h"
#include "services/service.h"
#include "store/store.h"

namespace bulwark::services::kms_ops {

struct KmsDeps {
  std::shared_ptr<store::Store> store;  // For resolving aliases before the call's transaction.
  std::string sealing_key;              // kms::MaterialSealingKey(master key).
  // Keys' authorization data and unsealed material for the data plane (kms/key_cache.h); null: no
  // caching (also when the call has no credential epoch).
  std::shared_ptr<kms::KeyCache> cache;
};

using OperationList = std::vector<Operation>;

inline constexpr const char* kKeyResourceType = "AWS::KMS::Key";

std::string KeyArn(const CallContext& ctx, std::string_view account, std::string_view key_id);
std::string AliasArn(const CallContext& ctx, std::string_view account, std::string_view alias_name);

// The key a KeyId names, as an ARN for authorization and the record, without failing: a key id or
// key ARN as is (key id -> ARN in the caller's account), an alias resolved in its account (an
// unknown alias stays its alias ARN), anything else verbatim.
std::string KeyArnForAuthorization(const KmsDeps& deps, const CallContext& ctx, std::string_view key_id);

// The key a KeyId names. `cross_account`: whether the operation accepts another account's key (by
// key ARN or alias ARN). Errors: NotFoundException ("Invalid keyId ...", "Key '...' does not
// exist", "Alias ... is not found."), a destroyed key counting as absent.
core::Result<kms::KeyRecord> ResolveKey(store::ReadView& view, const CallContext& ctx, std::string_view key_id,
                                        bool cross_account);
// ResolveKey, then CheckUsable (DisabledException, KMSInvalidStateException).
core::Result<kms::KeyRecord> ResolveUsableKey(store::ReadView& view, const CallContext& ctx, std::string_view key_id);
// The same for read-only data-plane handlers, through deps.cache: the key record as of the current
// credential epoch (kms/key_cache.h), so never older than the last answered KMS mutation.
core::Result<kms::KeyRecord> ResolveUsableKey(const KmsDeps& deps, store::ReadView& view, const CallContext& ctx,
                                              std::string_view key_id);
// ResolveKey through deps.cache.
core::Result<kms::KeyRecord> ResolveKey(const KmsDeps& deps, store::ReadView& view, const CallContext& ctx,
                                        std::string_view key_id, bool cross_account);

// A live key's authorization data (record, alias names, tags, grants), through deps.cache; nullptr
// when the key does not exist or its deletion date has come (checked against ctx.now on every call).
core::Result<std::shared_ptr<const kms::KeyAuthorizationData>> FindKeyData(const KmsDeps& deps,
                                                                           store::ReadView& view,
                                                                           const CallContext& ctx,
                                                                           std::string_view account,
                                                                           std::string_view key_id);

// The plaintext material of `version` of `key`, through deps.cache (cleansed when its last holder
// lets go). Errors: InvalidCiphertextException (no such version), KMSInternalException.
core::Result<std::shared_ptr<const kms::UnsealedMaterial>> LoadMaterial(store::ReadView& view, const KmsDeps& deps,
                                                                        const CallContext& ctx,
                                                                        const kms::KeyRecord& key, int64_t version);

// Operation::resource_policy for every KMS operation: the key's policy (required), the grants that
// allow the action for the caller, and kms:KeySpec, kms:KeyUsage, kms:KeyOrigin,
// kms:ResourceAliases, aws:ResourceTag/*. "*" (no key): no policy, IAM alone decides.
core::Result<ResourcePolicy> KeyAuthorization(const KmsDeps& deps, const CallContext& ctx, std::string_view action,
                                              std::string_view resource, store::ReadView& view);

// Request condition keys every KMS operation supplies: kms:CallerAccount, kms:RequestAlias,
// kms:EncryptionContext:<k> and kms:EncryptionContextKeys (from `context_member`),
// kms:EncryptionAlgorithm, kms:SigningAlgorithm, kms:MacAlgorithm, kms:GrantIsForAWSResource.
// kms:ViaService is set only when another AWS service calls KMS on a user's behalf; nothing here
// does yet (a service that does will add it to these keys).
std::map<std::string, std::vector<std::string>> RequestKeys(const CallContext& ctx);

// The EncryptionContext member (or another map member), ValidationException if a value is not a string.
kms::EncryptionContext ContextParam(const CallContext& ctx, std::string_view member = "EncryptionContext");
// A blob member decoded from base64; ValidationException when it does not decode.
core::Result<std::string> BlobParam(const CallContext& ctx, std::string_view member);

boost::json::object KeyMetadata(const kms::KeyRecord& key);

core::Error Validation(std::string message);
core::Error NotFound(std::string message);

// Operation builders: `name` "Encrypt" -> action "kms:Encrypt", resource from `key_member`, the
// shared resource policy and condition keys.
Operation KeyOperation(const KmsDeps& deps, std::string name, bool read_only, std::string key_member = "KeyId");

OperationList KeyOperations(const KmsDeps& deps);
OperationList CryptoOperations(const KmsDeps& deps);
OperationList AliasOperations(const KmsDeps& deps);
OperationList GrantOperations(const KmsDeps& deps);

}  // namespace bulwark::services::kms_ops

namespace bulwark::services::kms_ops {
// A random UUID v4 (key ids). Errors: KMSInternalException.
core::Result<std::string> NewKeyId();
// Destroys keys whose deletion date has come; mutating KMS operations call it first.
core::Status PurgeDue(store::Transaction& txn, const CallContext& ctx);
// The Tags member as (TagKey, TagValue) pairs.
std::vector<std::pair<std::string, std::string>> TagsParam(const CallContext& ctx);
}  // namespace bulwark::services::kms_ops

namespace bulwark::services::kms_ops {
// Rotates a key whose automatic rotation date has come (a write: read-only callers are re-run on
// the writer by the executor).
core::Status RotateIfDue(const KmsDeps& deps, const CallContext& ctx, kms::KeyRecord& key, store::Transaction& txn);
}  // namespace bulwark::services::kms_ops
