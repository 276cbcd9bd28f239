// Users' long-term access keys: at most two per user, Active or Inactive, the secret shown once and
// stored sealed under the master key. Every change tells the key cache (an inactive or deleted key
// is refused from the next request on).
#include "crypto/aead.h"
#include "iam/access_keys.h"
#include "iam/ids.h"
#include "services/iam/iam_common.h"
#include "services/iam/iam_operations.h"
#include "trail/trail_log.h"

namespace bulwark::services::iam_ops {

namespace {

inline constexpr std::size_t kMaxKeysPerUser = 2;

Operation Base(const IamDeps& deps, const char* name, bool read_only) {
  Operation op;
  op.name = name;
  op.action = std::string("iam:") + name;
  op.read_only = read_only;
  op.resource = UserOrSelfResource(deps, "UserName");
  return op;
}

Operation CreateAccessKey(const IamDeps& deps) {
  Operation op = Base(deps, "CreateAccessKey", false);
  op.execute = [deps](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    auto user_name = UserOrSelf(ctx);
    if (!user_name.ok()) return user_name.error();
    auto user = iam::GetEntity(txn, ctx.account_id, iam::EntityKind::kUser, *user_name);
    if (!user.ok()) return user.error();
    auto existing = iam::ListUserAccessKeys(txn, ctx.account_id, user->name);
    if (!existing.ok()) return existing.error();
    if (existing->size() >= kMaxKeysPerUser) {
      return core::Error{"LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: 2"};
    }
    auto key_id = iam::NewAccessKeyId(iam::kLongTermKeyPrefix);
    if (!key_id.ok()) return key_id.error();
    auto secret = iam::NewSecretAccessKey();
    if (!secret.ok()) return secret.error();
    auto sealed = crypto::Seal(deps.master_key, *secret, *key_id);
    if (!sealed.ok()) return sealed.error();
    iam::AccessKeyRecord record;
    record.access_key_id = *key_id;
    record.account_id = ctx.account_id;
    record.kind = core::CallerKind::kIamUser;
    record.principal_arn = user->arn;
    record.principal_id = user->id;
    record.user_name = user->name;
    record.secret_sealed = *sealed;
    if (auto s = iam::InsertAccessKey(txn, record, ctx.now); !s.ok()) return s.error();
    if (deps.credentials_changed) deps.credentials_changed();
    boost::json::object key{{"UserName", user->name},
                            {"AccessKeyId", *key_id},
                            {"Status", "Active"},
                            {"SecretAccessKey", *secret},
                            {"CreateDate", core::IsoTime(ctx.now)}};
    return Outcome(boost::json::object{{"AccessKey", std::move(key)}}, true);
  };
  return op;
}

Operation ListAccessKeys(const IamDeps& deps) {
  Operation op = Base(deps, "ListAccessKeys", true);
  op.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    auto user_name = UserOrSelf(ctx);
    if (!user_name.ok()) return user_name.error();
    auto user = iam::GetEntity(txn, ctx.account_id, iam::EntityKind::kUser, *user_name);
    if (!user.ok()) return user.error();
    auto keys = iam::ListUserAccessKeys(txn, ctx.account_id, user->name);
    if (!keys.ok()) return keys.error();
    boost::json::array list;
    for (const auto& k : *keys) {
      list.push_back({{"UserName", k.user_name},
                      {"AccessKeyId", k.access_key_id},
                      {"Status", k.active ? "Active" : "Inactive"},
                      {"CreateDate", core::IsoTime(k.created)}});
    }
    return Outcome(boost::json::object{{"AccessKeyMetadata", std::move(list)}, {"IsTruncated", false}}, false);
  };
  return op;
}

Operation UpdateAccessKey(const IamDeps& deps) {
  Operation op = Base(deps, "UpdateAccessKey", false);
  op.execute = [deps](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    auto user_name = UserOrSelf(ctx);
    if (!user_name.ok()) return user_name.error();
    const std::string key_id = RequiredString(ctx, "AccessKeyId");
    const std::string status = RequiredString(ctx, "Status");
    // The model's statusType also names "Expired" (shared with service-specific credentials); a
    // user's access key is only ever Active or Inactive.
    if (status != "Active" && status != "Inactive") {
      return ValidationError("1 validation error detected: Value '" + status +
                             "' at 'status' failed to satisfy constraint: Member must satisfy enum value set: "
                             "[Active, Inactive]");
    }
    auto user = iam::GetEntity(txn, ctx.account_id, iam::EntityKind::kUser, *user_name);
    if (!user.ok()) return user.error();
    if (auto s = iam::SetAccessKeyStatus(txn, ctx.account_id, user->name, key_id, status == "Active"); !s.ok()) return s.error();
    if (deps.credentials_changed) deps.credentials_changed();
    return Outcome({}, true);
  };
  return op;
}

Operation DeleteAccessKey(const IamDeps& deps) {
  Operation op = Base(deps, "DeleteAccessKey", false);
  op.execute = [deps](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    auto user_name = UserOrSelf(ctx);
    if (!user_name.ok()) return user_name.error();
    auto user = iam::GetEntity(txn, ctx.account_id, iam::EntityKind::kUser, *user_name);
    if (!user.ok()) return user.error();
    if (auto s = iam::DeleteAccessKey(txn, ctx.account_id, user->name, RequiredString(ctx, "AccessKeyId")); !s.ok()) return s.error();
    if (deps.credentials_changed) deps.credentials_changed();
    return Outcome({}, true);
  };
  return op;
}

// Answered from the trail: the newest call authenticated with the key is its last use, with the
// region and the service it went to (iam_common.h, LastUseOfAccessKey). No per-request write is
// needed to keep it current.
Operation GetAccessKeyLastUsed(const IamDeps& deps) {
  Operation op;
  op.name = "GetAccessKeyLastUsed";
  op.action = "iam:GetAccessKeyLastUsed";
  op.resource = [deps](const CallContext& ctx) -> ResourceRef {
    const std::string id = OptionalString(ctx, "AccessKeyId").value_or("");
    auto key = deps.store->Read([&](store::ReadView& v) { return iam::FindAccessKey(v, id); });
    if (key.ok() && *key && (*key)->kind == core::CallerKind::kIamUser) return ResourceRef{(*key)->principal_arn, "AWS::IAM::User"};
    return ResourceRef{"*", ""};
  };
  op.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    const std::string key_id = RequiredString(ctx, "AccessKeyId");
    auto key = iam::FindAccessKey(txn, key_id);
    if (!key.ok()) return key.error();
    if (!*key) return core::Error{"NoSuchEntity", "The Access Key with id " + key_id + " cannot be found."};
    auto last = LastUseOfAccessKey(txn, **key);
    if (!last.ok()) return last.error();
    boost::json::object used;
    if (!*last) {
      used = {{"ServiceName", "N/A"}, {"Region", "N/A"}};
    } else {
      used = {{"LastUsedDate", core::IsoTime((*last)->time)},
              {"ServiceName", (*last)->service},
              {"Region", (*last)->region.empty() ? ctx.region : (*last)->region}};
    }
    boost::json::object result{{"AccessKeyLastUsed", std::move(used)}};
    if ((*key)->kind == core::CallerKind::kIamUser) result["UserName"] = (*key)->user_name;
    return Outcome(std::move(result), false);
  };
  return op;
}

}  // namespace

OperationList AccessKeyOperations(const IamDeps& deps) {
  return {CreateAccessKey(deps), ListAccessKeys(deps), UpdateAccessKey(deps), DeleteAccessKey(deps),
          GetAccessKeyLastUsed(deps)};
}

}  // namespace bulwark::services::iam_ops
