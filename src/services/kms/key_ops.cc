// Key management: CreateKey, DescribeKey, ListKeys, Enable/DisableKey, Schedule/CancelKeyDeletion,
// UpdateKeyDescription, key policies, tags and rotation.
#include "crypto/base64.h"
#include "crypto/cleanse.h"
#include "kms/key_material.h"
#include "kms/key_policy.h"
#include "kms/key_store.h"
#include "services/kms/kms_common.h"

namespace bulwark::services::kms_ops {

namespace {

using Handler = std::function<core::Result<OperationOutcome>(const CallContext&, store::Transaction&)>;

constexpr int64_t kMaxKeysPerAccount = 100000;

std::string IssuerArn(const CallContext& ctx) {
  return ctx.caller != nullptr && ctx.caller->kind == core::CallerKind::kAssumedRole ? ctx.caller->issuer_arn : "";
}

core::Status CheckPolicy(const CallContext& ctx, const std::string& text, const std::string& key_arn) {
  if (auto grammar = kms::CheckKeyPolicyGrammar(text); !grammar.ok()) return grammar;
  if (OptionalBool(ctx, "BypassPolicyLockoutSafetyCheck").value_or(false)) return core::Status::Ok();
  return kms::CheckPolicyLockout(text, ctx.caller != nullptr ? ctx.caller->arn : "", IssuerArn(ctx), key_arn);
}

core::Status CheckTags(const std::vector<std::pair<std::string, std::string>>& tags) {
  for (const auto& [k, v] : tags) {
    if (k.starts_with("aws:")) return core::Error{"TagException", "Tags beginning with aws: are reserved"};
  }
  return core::Status::Ok();
}

// What a mutation answers, from the key as saved: nothing (most), or its members.
using MutationAnswer = std::function<OperationOutcome(const kms::KeyRecord&)>;

OperationOutcome NoAnswer(const kms::KeyRecord&) { return OperationOutcome{}; }

// {"KeyId": <arn>}, recorded as CloudTrail records it.
OperationOutcome KeyIdAnswer(const kms::KeyRecord& key) {
  OperationOutcome out;
  out.result["KeyId"] = key.arn;
  out.response_elements = boost::json::object{{"keyId", key.arn}};
  return out;
}

// A mutation of an existing key of the caller's account: purge what is due, resolve, change, save,
// answer.
Operation Mutation(const KmsDeps& deps, std::string name,
                   std::function<core::Status(const CallContext&, kms::KeyRecord&, store::Transaction&)> change,
                   MutationAnswer answer = NoAnswer) {
  Operation op = KeyOperation(deps, std::move(name), false);
  op.execute = [change, answer](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    if (auto p = PurgeDue(txn, ctx); !p.ok()) return p.error();
    auto key = ResolveKey(txn, ctx, RequiredString(ctx, "KeyId"), false);
    if (!key.ok()) return key.error();
    if (auto s = change(ctx, *key, txn); !s.ok()) return s.error();
    if (auto s = kms::UpdateKey(txn, *key); !s.ok()) return s.error();
    return answer(*key);
  };
  return op;
}

Operation CreateKey(const KmsDeps& deps) {
  Operation op = KeyOperation(deps, "CreateKey", false, "");
  op.resource = [](const CallContext&) { return ResourceRef{"*", ""}; };
  op.condition_keys = [](const CallContext& ctx) {
    auto keys = RequestKeys(ctx);
    keys["kms:KeySpec"] = {OptionalString(ctx, "KeySpec").value_or(
        OptionalString(ctx, "CustomerMasterKeySpec").value_or("SYMMETRIC_DEFAULT"))};
    keys["kms:KeyUsage"] = {OptionalString(ctx, "KeyUsage").value_or("ENCRYPT_DECRYPT")};
    keys["kms:KeyOrigin"] = {OptionalString(ctx, "Origin").value_or("AWS_KMS")};
    keys["kms:MultiRegion"] = {OptionalBool(ctx, "MultiRegion").value_or(false) ? "true" : "false"};
    keys["kms:BypassPolicyLockoutSafetyCheck"] = {
        OptionalBool(ctx, "BypassPolicyLockoutSafetyCheck").value_or(false) ? "true" : "false"};
    std::vector<std::string> tag_keys;
    for (const auto& [k, v] : TagsParam(ctx)) {
      keys["aws:RequestTag/" + k] = {v};
      tag_keys.push_back(k);
    }
    if (!tag_keys.empty()) keys["aws:TagKeys"] = std::move(tag_keys);
    return keys;
  };
  op.execute = [deps](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    if (auto p = PurgeDue(txn, ctx); !p.ok()) return p.error();
    auto spec_name = OptionalString(ctx, "KeySpec");
    if (auto legacy = OptionalString(ctx, "CustomerMasterKeySpec")) {
      if (spec_name && *spec_name != *legacy) {
        return Validation("You cannot specify KeySpec and CustomerMasterKeySpec in the same request.");
      }
      spec_name = legacy;
    }
    const kms::KeySpecInfo* spec = kms::FindKeySpec(spec_name.value_or("SYMMETRIC_DEFAULT"));
    if (spec == nullptr) {
      return core::Error{"UnsupportedOperationException", "KeySpec " + *spec_name + " is not supported."};
    }
    const std::string usage = OptionalString(ctx, "KeyUsage").value_or("ENCRYPT_DECRYPT");
    bool usage_ok = false;
    for (auto u : spec->usages) usage_ok = usage_ok || usage == kms::KeyUsageName(u);
    if (!usage_ok) {
      return Validation("KeyUsage " + usage + " is not compatible with KeySpec " + std::string(spec->name) + ".");
    }
    const std::string origin = OptionalString(ctx, "Origin").value_or("AWS_KMS");
    if (origin != "AWS_KMS") return core::Error{"UnsupportedOperationException", "Origin " + origin + " is not supported."};
    if (OptionalBool(ctx, "MultiRegion").value_or(false)) {
      return core::Error{"UnsupportedOperationException", "Multi-Region keys are not supported."};
    }
    if (OptionalString(ctx, "CustomKeyStoreId") || OptionalString(ctx, "XksKeyId")) {
      return core::Error{"UnsupportedOperationException", "Custom key stores are not supported."};
    }
    const auto tags = TagsParam(ctx);
    if (auto t = CheckTags(tags); !t.ok()) return t.error();
    if (kms::CountKeys(txn, ctx.account_id) >= kMaxKeysPerAccount) {
      return core::Error{"LimitExceededException", "The request was rejected because a quota was exceeded."};
    }
    auto id = NewKeyId();
    if (!id.ok()) return id.error();
    kms::KeyRecord key;
    key.key_id = *id;
    key.account_id = ctx.account_id;
    key.arn = KeyArn(ctx, ctx.account_id, key.key_id);
    key.description = OptionalString(ctx, "Description").value_or("");
    key.key_spec = std::string(spec->name);
    key.key_usage = usage;
    key.origin = origin;
    key.creation_date = ctx.now;
    if (auto policy = OptionalString(ctx, "Policy")) {
      if (auto s = CheckPolicy(ctx, *policy, key.arn); !s.ok()) return s.error();
      key.policy = *policy;
    } else {
      key.policy = kms::DefaultKeyPolicy(ctx.account_id);
    }
    auto material = kms::GenerateMaterial(*spec);
    if (!material.ok()) return material.error();
    kms::MaterialVersion m;
    m.version = 1;
    m.created = ctx.now;
    if (!spec->symmetric && !spec->hmac) {
      auto pub = kms::PublicKeyDer(*material);
      if (!pub.ok()) return pub.error();
      m.public_key = std::move(*pub);
    }
    auto sealed = kms::SealMaterial(deps.sealing_key, key.key_id, 1, *material);
    crypto::Cleanse(*material);
    if (!sealed.ok()) return sealed.error();
    m.sealed = std::move(*sealed);
    if (auto s = kms::InsertKey(txn, key); !s.ok()) return s.error();
    if (auto s = kms::InsertMaterial(txn, key.key_id, m); !s.ok()) return s.error();
    std::vector<kms::KeyTag> key_tags;
    for (const auto& [k, v] : tags) key_tags.push_back(kms::KeyTag{k, v});
    if (auto s = kms::PutTags(txn, key.key_id, key_tags); !s.ok()) return s.error();
    OperationOutcome out;
    out.result["KeyMetadata"] = KeyMetadata(key);
    out.response_elements = boost::json::object{{"keyMetadata", KeyMetadata(key)}};
    return out;
  };
  return op;
}

Operation DescribeKey(const KmsDeps& deps) {
  Operation op = KeyOperation(deps, "DescribeKey", true);
  op.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    auto key = ResolveKey(txn, ctx, RequiredString(ctx, "KeyId"), true);
    if (!key.ok()) return key.error();
    OperationOutcome out;
    out.result["KeyMetadata"] = KeyMetadata(*key);
    return out;
  };
  return op;
}

Operation ListKeysOp(const KmsDeps& deps) {
  Operation op = KeyOperation(deps, "ListKeys", true, "");
  op.resource = [](const CallContext&) { return ResourceRef{"*", ""}; };
  op.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    const int64_t limit = OptionalInt(ctx, "Limit").value_or(1000);
    std::string after;
    if (auto marker = OptionalString(ctx, "Marker")) {
      auto decoded = crypto::Base64Decode(*marker);
      if (!decoded.ok()) return core::Error{"InvalidMarkerException", "Invalid marker."};
      after = *decoded;
    }
    auto page = kms::ListKeys(txn, ctx.account_id, after, static_cast<int>(limit));
    if (!page.ok()) return page.error();
    boost::json::array keys;
    for (const auto& k : page->keys) {
      if (kms::IsDestroyed(k, ctx.now)) continue;
      keys.push_back(boost::json::object{{"KeyId", k.key_id}, {"KeyArn", k.arn}});
    }
    OperationOutcome out;
    out.result["Keys"] = std::move(keys);
    out.result["Truncated"] = page->next_marker.has_value();
    if (page->next_marker) out.result["NextMarker"] = crypto::Base64Encode(*page->next_marker);
    return out;
  };
  return op;
}

Operation ScheduleKeyDeletion(const KmsDeps& deps) {
  return Mutation(
      deps, "ScheduleKeyDeletion",
      [](const CallContext& ctx, kms::KeyRecord& key, store::Transaction&) {
        return kms::ScheduleDeletion(key, OptionalInt(ctx, "PendingWindowInDays").value_or(30), ctx.now);
      },
      [](const kms::KeyRecord& key) {
        OperationOutcome out;
        out.result = boost::json::object{{"KeyId", key.arn},
                                         {"DeletionDate", *key.deletion_date},
                                         {"KeyState", key.key_state},
                                         {"PendingWindowInDays", *key.pending_window_days}};
        out.response_elements = boost::json::object{{"keyId", key.arn}, {"keyState", key.key_state}};
        return out;
      });
}

Operation CancelKeyDeletion(const KmsDeps& deps) {
  return Mutation(
      deps, "CancelKeyDeletion",
      [](const CallContext&, kms::KeyRecord& key, store::Transaction&) { return kms::CancelDeletion(key); },
      KeyIdAnswer);
}

Operation GetKeyPolicy(const KmsDeps& deps) {
  Operation op = KeyOperation(deps, "GetKeyPolicy", true);
  op.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    auto key = ResolveKey(txn, ctx, RequiredString(ctx, "KeyId"), false);
    if (!key.ok()) return key.error();
    const std::string name = OptionalString(ctx, "PolicyName").value_or("default");
    if (name != "default") return NotFound("No such policy exists: " + name);
    OperationOutcome out;
    out.result["Policy"] = key->policy;
    out.result["PolicyName"] = "default";
    return out;
  };
  return op;
}

Operation ListKeyPolicies(const KmsDeps& deps) {
  Operation op = KeyOperation(deps, "ListKeyPolicies", true);
  op.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    auto key = ResolveKey(txn, ctx, RequiredString(ctx, "KeyId"), false);
    if (!key.ok()) return key.error();
    OperationOutcome out;
    out.result["PolicyNames"] = boost::json::array{"default"};
    out.result["Truncated"] = false;
    return out;
  };
  return op;
}

Operation PutKeyPolicy(const KmsDeps& deps) {
  return Mutation(deps, "PutKeyPolicy", [](const CallContext& ctx, kms::KeyRecord& key, store::Transaction&) {
    const std::string name = OptionalString(ctx, "PolicyName").value_or("default");
    if (name != "default") return core::Status(NotFound("No such policy exists: " + name));
    const std::string policy = RequiredString(ctx, "Policy");
    if (auto s = CheckPolicy(ctx, policy, key.arn); !s.ok()) return s;
    key.policy = policy;
    return core::Status::Ok();
  });
}

Operation ListResourceTags(const KmsDeps& deps) {
  Operation op = KeyOperation(deps, "ListResourceTags", true);
  op.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    auto key = ResolveKey(txn, ctx, RequiredString(ctx, "KeyId"), false);
    if (!key.ok()) return key.error();
    auto tags = kms::ListTags(txn, key->key_id);
    if (!tags.ok()) return tags.error();
    boost::json::array list;
    for (const auto& t : *tags) list.push_back(boost::json::object{{"TagKey", t.key}, {"TagValue", t.value}});
    OperationOutcome out;
    out.result["Tags"] = std::move(list);
    out.result["Truncated"] = false;
    return out;
  };
  return op;
}

Operation GetKeyRotationStatus(const KmsDeps& deps) {
  Operation op = KeyOperation(deps, "GetKeyRotationStatus", true);
  op.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    auto key = ResolveKey(txn, ctx, RequiredString(ctx, "KeyId"), true);
    if (!key.ok()) return key.error();
    OperationOutcome out;
    out.result["KeyId"] = key->arn;
    out.result["KeyRotationEnabled"] = key->rotation_period_days.has_value();
    if (key->rotation_period_days) {
      out.result["RotationPeriodInDays"] = *key->rotation_period_days;
      out.result["NextRotationDate"] = *key->next_rotation_date;
    }
    return out;
  };
  return op;
}

// A new material version becomes current; older versions stay to decrypt old ciphertext.
core::Status Rotate(const KmsDeps& deps, const CallContext& ctx, kms::KeyRecord& key, store::Transaction& txn,
                    const char* type) {
  const kms::KeySpecInfo* spec = kms::FindKeySpec(key.key_spec);
  if (spec == nullptr || !spec->symmetric) {
    return core::Error{"UnsupportedOperationException", key.arn + " key rotation is not supported for this key spec."};
  }
  auto material = kms::GenerateMaterial(*spec);
  if (!material.ok()) return material.error();
  kms::MaterialVersion m;
  m.version = key.current_version + 1;
  m.created = ctx.now;
  m.rotation_type = type;
  auto sealed = kms::SealMaterial(deps.sealing_key, key.key_id, m.version, *material);
  crypto::Cleanse(*material);
  if (!sealed.ok()) return sealed.error();
  m.sealed = std::move(*sealed);
  if (auto s = kms::InsertMaterial(txn, key.key_id, m); !s.ok()) return s;
  key.current_version = m.version;
  return core::Status::Ok();
}

Operation RotateKeyOnDemand(const KmsDeps& deps) {
  return Mutation(
      deps, "RotateKeyOnDemand",
      [deps](const CallContext& ctx, kms::KeyRecord& key, store::Transaction& txn) -> core::Status {
        if (auto s = kms::CheckUsable(key); !s.ok()) return s;
        auto rotations = kms::ListRotations(txn, key.key_id);
        if (!rotations.ok()) return rotations.error();
        int on_demand = 0;
        for (const auto& r : *rotations) on_demand += r.rotation_type == "ON_DEMAND";
        if (on_demand >= 25) {  // "Quotas": 25 on-demand rotations per key.
          return core::Error{"LimitExceededException",
                             "You have exceeded the number of on-demand rotations for this key."};
        }
        return Rotate(deps, ctx, key, txn, "ON_DEMAND");
      },
      KeyIdAnswer);
}

Operation ListKeyRotations(const KmsDeps& deps) {
  Operation op = KeyOperation(deps, "ListKeyRotations", true);
  op.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    auto key = ResolveKey(txn, ctx, RequiredString(ctx, "KeyId"), false);
    if (!key.ok()) return key.error();
    auto rotations = kms::ListRotations(txn, key->key_id);
    if (!rotations.ok()) return rotations.error();
    boost::json::array list;
    for (const auto& r : *rotations) {
      list.push_back(boost::json::object{
          {"KeyId", key->arn}, {"RotationDate", r.created}, {"RotationType", r.rotation_type}});
    }
    OperationOutcome out;
    out.result["Rotations"] = std::move(list);
    out.result["Truncated"] = false;
    return out;
  };
  return op;
}

}  // namespace

OperationList KeyOperations(const KmsDeps& deps) {
  OperationList ops{CreateKey(deps), DescribeKey(deps), ListKeysOp(deps), ScheduleKeyDeletion(deps),
                    CancelKeyDeletion(deps), GetKeyPolicy(deps), ListKeyPolicies(deps), PutKeyPolicy(deps),
                    ListResourceTags(deps), GetKeyRotationStatus(deps), RotateKeyOnDemand(deps),
                    ListKeyRotations(deps)};
  ops.push_back(Mutation(deps, "EnableKey", [](const CallContext&, kms::KeyRecord& k, store::Transaction&) {
    return kms::SetEnabled(k, true);
  }));
  ops.push_back(Mutation(deps, "DisableKey", [](const CallContext&, kms::KeyRecord& k, store::Transaction&) {
    return kms::SetEnabled(k, false);
  }));
  ops.push_back(Mutation(deps, "UpdateKeyDescription", [](const CallContext& ctx, kms::KeyRecord& k, store::Transaction&) {
    k.description = RequiredString(ctx, "Description");
    return core::Status::Ok();
  }));
  ops.push_back(Mutation(deps, "EnableKeyRotation", [](const CallContext& ctx, kms::KeyRecord& k, store::Transaction&) {
    return kms::EnableRotation(k, OptionalInt(ctx, "RotationPeriodInDays").value_or(365), ctx.now);
  }));
  ops.push_back(Mutation(deps, "DisableKeyRotation", [](const CallContext&, kms::KeyRecord& k, store::Transaction&) {
    if (auto s = kms::CheckUsable(k); !s.ok()) return s;
    if (k.key_spec != "SYMMETRIC_DEFAULT") {
      return core::Status(core::Error{"UnsupportedOperationException", k.arn + " key rotation is not supported for this key spec."});
    }
    k.rotation_period_days.reset();
    k.next_rotation_date.reset();
    return core::Status::Ok();
  }));
  ops.push_back(Mutation(deps, "TagResource", [](const CallContext& ctx, kms::KeyRecord& k, store::Transaction& txn) {
    const auto tags = TagsParam(ctx);
    if (auto t = CheckTags(tags); !t.ok()) return t;
    std::vector<kms::KeyTag> list;
    for (const auto& [key, value] : tags) list.push_back(kms::KeyTag{key, value});
    return kms::PutTags(txn, k.key_id, list);
  }));
  ops.push_back(Mutation(deps, "UntagResource", [](const CallContext& ctx, kms::KeyRecord& k, store::Transaction& txn) {
    return kms::RemoveTags(txn, k.key_id, StringList(ctx, "TagKeys"));
  }));
  return ops;
}

// Automatic rotation happens when a key is used for encryption after its date (crypto_ops.cc).
core::Status RotateIfDue(const KmsDeps& deps, const CallContext& ctx, kms::KeyRecord& key, store::Transaction& txn) {
  if (!kms::RotationDue(key, ctx.now)) return core::Status::Ok();
  // `key` may come from the key cache: the transaction decides whether the rotation is still due
  // (another call may have rotated it since).
  auto fresh = kms::FindKey(txn, key.account_id, key.key_id);
  if (!fresh.ok()) return fresh.status();
  if (!*fresh) return core::Error{"KMSInternalException", "kms: key vanished during rotation"};
  key = std::move(**fresh);
  if (!kms::RotationDue(key, ctx.now)) return core::Status::Ok();
  if (auto s = Rotate(deps, ctx, key, txn, "AUTOMATIC"); !s.ok()) return s;
  key.next_rotation_date = ctx.now + *key.rotation_period_days * kms::kSecondsPerDay;
  if (auto s = kms::UpdateKey(txn, key); !s.ok()) return s;
  // A new current version: cached records of this key are stale (kms/key_cache.h).
  if (ctx.credential_epoch != nullptr) ctx.credential_epoch->Advance();
  return core::Status::Ok();
}

}  // namespace bulwark::services::kms_ops
