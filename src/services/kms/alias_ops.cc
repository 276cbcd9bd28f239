// Aliases: CreateAlias, UpdateAlias, DeleteAlias, ListAliases. Names start "alias/"; "alias/aws/"
// is reserved for AWS managed keys.
#include "kms/key_store.h"
#include "services/kms/kms_common.h"
#include "store/store.h"

namespace bulwark::services::kms_ops {

namespace {

core::Status CheckAliasName(const std::string& name) {
  if (!name.starts_with("alias/") || name.size() == 6) {
    return Validation("Alias must start with the prefix \"alias/\". Please see "
                      "https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html");
  }
  if (name.starts_with("alias/aws/")) {
    return core::Error{"NotAuthorizedException", "The alias name prefix alias/aws/ is reserved for AWS managed keys."};
  }
  return core::Status::Ok();
}

// The alias operations authorize on the key the alias (will) point to.
Operation AliasOperation(const KmsDeps& deps, std::string name, std::string key_member) {
  Operation op = KeyOperation(deps, std::move(name), false, std::move(key_member));
  return op;
}

}  // namespace

OperationList AliasOperations(const KmsDeps& deps) {
  OperationList ops;
  Operation create = AliasOperation(deps, "CreateAlias", "TargetKeyId");
  create.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    if (auto p = PurgeDue(txn, ctx); !p.ok()) return p.error();
    const std::string name = RequiredString(ctx, "AliasName");
    if (auto s = CheckAliasName(name); !s.ok()) return s.error();
    auto key = ResolveKey(txn, ctx, RequiredString(ctx, "TargetKeyId"), false);
    if (!key.ok()) return key.error();
    auto existing = kms::FindAlias(txn, ctx.account_id, name);
    if (!existing.ok()) return existing.error();
    if (*existing) {
      return core::Error{"AlreadyExistsException", "An alias with the name " + AliasArn(ctx, ctx.account_id, name) +
                                                       " already exists"};
    }
    auto count = kms::ListAliases(txn, ctx.account_id, key->key_id);
    if (!count.ok()) return count.error();
    if (count->size() >= 50) return core::Error{"LimitExceededException", "Too many aliases for this key."};
    if (auto s = kms::InsertAlias(txn, kms::Alias{ctx.account_id, name, key->key_id, ctx.now, ctx.now}); !s.ok()) {
      return s.error();
    }
    return OperationOutcome{};
  };
  ops.push_back(std::move(create));

  Operation update = AliasOperation(deps, "UpdateAlias", "TargetKeyId");
  update.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    if (auto p = PurgeDue(txn, ctx); !p.ok()) return p.error();
    const std::string name = RequiredString(ctx, "AliasName");
    if (auto s = CheckAliasName(name); !s.ok()) return s.error();
    auto alias = kms::FindAlias(txn, ctx.account_id, name);
    if (!alias.ok()) return alias.error();
    if (!*alias) return NotFound("Alias " + AliasArn(ctx, ctx.account_id, name) + " is not found.");
    auto key = ResolveKey(txn, ctx, RequiredString(ctx, "TargetKeyId"), false);
    if (!key.ok()) return key.error();
    auto old_key = kms::FindKey(txn, ctx.account_id, (*alias)->key_id);
    if (!old_key.ok()) return old_key.error();
    if (*old_key && ((*old_key)->key_usage != key->key_usage || ((*old_key)->key_spec == "SYMMETRIC_DEFAULT") !=
                                                                    (key->key_spec == "SYMMETRIC_DEFAULT"))) {
      return Validation("The new target key must have the same key type and key usage as the current target key.");
    }
    if (auto s = kms::RetargetAlias(txn, ctx.account_id, name, key->key_id, ctx.now); !s.ok()) return s.error();
    return OperationOutcome{};
  };
  ops.push_back(std::move(update));

  Operation remove = AliasOperation(deps, "DeleteAlias", "AliasName");
  remove.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    if (auto p = PurgeDue(txn, ctx); !p.ok()) return p.error();
    const std::string name = RequiredString(ctx, "AliasName");
    if (auto s = CheckAliasName(name); !s.ok()) return s.error();
    auto alias = kms::FindAlias(txn, ctx.account_id, name);
    if (!alias.ok()) return alias.error();
    if (!*alias) return NotFound("Alias " + AliasArn(ctx, ctx.account_id, name) + " is not found.");
    if (auto s = kms::DeleteAlias(txn, ctx.account_id, name); !s.ok()) return s.error();
    return OperationOutcome{};
  };
  ops.push_back(std::move(remove));

  Operation list = KeyOperation(deps, "ListAliases", true);
  list.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    std::string key_id;
    if (auto id = OptionalString(ctx, "KeyId")) {
      auto key = ResolveKey(txn, ctx, *id, false);
      if (!key.ok()) return key.error();
      key_id = key->key_id;
    }
    auto aliases = kms::ListAliases(txn, ctx.account_id, key_id);
    if (!aliases.ok()) return aliases.error();
    boost::json::array entries;
    for (const auto& a : *aliases) {
      entries.push_back(boost::json::object{{"AliasName", a.name},
                                            {"AliasArn", AliasArn(ctx, a.account_id, a.name)},
                                            {"TargetKeyId", a.key_id},
                                            {"CreationDate", a.creation_date},
                                            {"LastUpdatedDate", a.last_updated}});
    }
    OperationOutcome out;
    out.result["Aliases"] = std::move(entries);
    out.result["Truncated"] = false;
    return out;
  };
  ops.push_back(std::move(list));
  return ops;
}

}  // namespace bulwark::services::kms_ops
