#include "services/kms/kms_common.h"

#include "core/arn.h"
#include "crypto/base64.h"
#include "crypto/cleanse.h"
#include "crypto/hex.h"
#include "crypto/random.h"
#include "kms/grants.h"
#include "kms/key_material.h"
#include "kms/key_store.h"

namespace bulwark::services::kms_ops {

namespace {

bool LooksLikeKeyId(std::string_view s) {
  if (s.size() != 36) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == '-')) return false;
  }
  return true;
}

// What a KeyId names: a key by (account, id), or an alias by (account, name).
struct KeyRef {
  std::string account;
  std::string key_id;      // Set for keys.
  std::string alias_name;  // Set for aliases ("alias/x").
  std::string shown;       // For messages: the ARN asked for.
};

core::Result<KeyRef> ParseKeyRef(const CallContext& ctx, std::string_view raw) {
  if (raw.starts_with("alias/")) {
    return KeyRef{ctx.account_id, "", std::string(raw), AliasArn(ctx, ctx.account_id, raw)};
  }
  if (raw.starts_with("arn:")) {
    auto parts = core::SplitArn(raw);
    if (!parts || parts->service != "kms" || parts->account.size() != 12) {
      return NotFound("Invalid arn " + std::string(raw));
    }
    if (parts->resource.starts_with("key/") && LooksLikeKeyId(parts->resource.substr(4))) {
      return KeyRef{std::string(parts->account), std::string(parts->resource.substr(4)), "", std::string(raw)};
    }
    if (parts->resource.starts_with("alias/")) {
      return KeyRef{std::string(parts->account), "", std::string(parts->resource), std::string(raw)};
    }
    return NotFound("Invalid arn " + std::string(raw));
  }
  if (LooksLikeKeyId(raw)) {
    return KeyRef{ctx.account_id, std::string(raw), "", KeyArn(ctx, ctx.account_id, raw)};
  }
  return NotFound("Invalid keyId '" + std::string(raw) + "'");
}

// The epoch a cache entry read in this call may be tagged with; nullopt when nothing may be cached.
std::optional<uint64_t> CacheEpoch(const KmsDeps& deps, const CallContext& ctx) {
  if (deps.cache == nullptr || ctx.credential_epoch == nullptr) return std::nullopt;
  return ctx.credential_epoch_at_start;
}

core::Result<std::optional<kms::KeyRecord>> FindLiveKey(store::ReadView& view, const CallContext& ctx,
                                                        std::string_view account, std::string_view key_id) {
  auto key = kms::FindKey(view, account, key_id);
  if (!key.ok()) return key.error();
  if (*key && kms::IsDestroyed(**key, ctx.now)) return std::optional<kms::KeyRecord>();
  return key;
}

std::string CallerRoleArn(const CallContext& ctx) {
  return ctx.caller != nullptr && ctx.caller->kind == core::CallerKind::kAssumedRole ? ctx.caller->issuer_arn : "";
}

}  // namespace

core::Error Validation(std::string message) { return core::Error{"ValidationException", std::move(message)}; }
core::Error NotFound(std::string message) { return core::Error{"NotFoundException", std::move(message)}; }

std::string KeyArn(const CallContext& ctx, std::string_view account, std::string_view key_id) {
  return "arn:aws:kms:" + ctx.region + ":" + std::string(account) + ":key/" + std::string(key_id);
}

std::string AliasArn(const CallContext& ctx, std::string_view account, std::string_view alias_name) {
  return "arn:aws:kms:" + ctx.region + ":" + std::string(account) + ":" + std::string(alias_name);
}

std::string KeyArnForAuthorization(const KmsDeps& deps, const CallContext& ctx, std::string_view raw) {
  auto ref = ParseKeyRef(ctx, raw);
  if (!ref.ok()) return std::string(raw);
  if (!ref->key_id.empty()) return KeyArn(ctx, ref->account, ref->key_id);
  auto alias = deps.store->Read([&](store::ReadView& view) { return kms::FindAlias(view, ref->account, ref->alias_name); });
  if (alias.ok() && *alias) return KeyArn(ctx, ref->account, (*alias)->key_id);
  return ref->shown;
}

namespace {

// ResolveKey's body; `find` looks up a live key by (account, key id).
template <typename Find>
core::Result<kms::KeyRecord> ResolveKeyWith(store::ReadView& view, const CallContext& ctx, std::string_view raw,
                                            bool cross_account, Find find) {
  auto ref = ParseKeyRef(ctx, raw);
  if (!ref.ok()) return ref.error();
  if (ref->account != ctx.account_id && !cross_account) {
    return NotFound("Key '" + ref->shown + "' does not exist");
  }
  std::string key_id = ref->key_id;
  if (key_id.empty()) {
    auto alias = kms::FindAlias(view, ref->account, ref->alias_name);
    if (!alias.ok()) return alias.error();
    if (!*alias) return NotFound("Alias " + ref->shown + " is not found.");
    key_id = (*alias)->key_id;
  }
  auto key = find(ref->account, key_id);
  if (!key.ok()) return key.error();
  if (!*key) return NotFound("Key '" + KeyArn(ctx, ref->account, key_id) + "' does not exist");
  return std::move(**key);
}

}  // namespace

core::Result<kms::KeyRecord> ResolveKey(store::ReadView& view, const CallContext& ctx, std::string_view raw,
                                        bool cross_account) {
  return ResolveKeyWith(view, ctx, raw, cross_account, [&](std::string_view account, std::string_view key_id) {
    return FindLiveKey(view, ctx, account, key_id);
  });
}

core::Result<kms::KeyRecord> ResolveKey(const KmsDeps& deps, store::ReadView& view, const CallContext& ctx,
                                        std::string_view raw, bool cross_account) {
  return ResolveKeyWith(
      view, ctx, raw, cross_account,
      [&](std::string_view account, std::string_view key_id) -> core::Result<std::optional<kms::KeyRecord>> {
        auto data = FindKeyData(deps, view, ctx, account, key_id);
        if (!data.ok()) return data.error();
        if (*data == nullptr) return std::optional<kms::KeyRecord>();
        return std::optional<kms::KeyRecord>((*data)->key);
      });
}

core::Result<kms::KeyRecord> ResolveUsableKey(store::ReadView& view, const CallContext& ctx, std::string_view raw) {
  auto key = ResolveKey(view, ctx, raw, true);
  if (!key.ok()) return key.error();
  if (auto usable = kms::CheckUsable(*key); !usable.ok()) return usable.error();
  return key;
}

core::Result<kms::KeyRecord> ResolveUsableKey(const KmsDeps& deps, store::ReadView& view, const CallContext& ctx,
                                              std::string_view raw) {
  auto key = ResolveKey(deps, view, ctx, raw, true);
  if (!key.ok()) return key.error();
  if (auto usable = kms::CheckUsable(*key); !usable.ok()) return usable.error();
  return key;
}

core::Result<std::shared_ptr<const kms::KeyAuthorizationData>> FindKeyData(const KmsDeps& deps,
                                                                           store::ReadView& view,
                                                                           const CallContext& ctx,
                                                                           std::string_view account,
                                                                           std::string_view key_id) {
  using Data = std::shared_ptr<const kms::KeyAuthorizationData>;
  const std::optional<uint64_t> epoch = CacheEpoch(deps, ctx);
  const std::string arn = KeyArn(ctx, account, key_id);
  Data data = epoch ? deps.cache->FindKey(arn) : nullptr;
  if (data == nullptr) {
    auto key = kms::FindKey(view, account, key_id);
    if (!key.ok()) return key.error();
    if (!*key) return Data();
    auto fresh = std::make_shared<kms::KeyAuthorizationData>();
    fresh->key = std::move(**key);
    auto aliases = kms::ListAliases(view, account, key_id);
    if (!aliases.ok()) return aliases.error();
    for (auto& a : *aliases) fresh->alias_names.push_back(std::move(a.name));
    auto tags = kms::ListTags(view, key_id);
    if (!tags.ok()) return tags.error();
    for (auto& t : *tags) fresh->tags.emplace_back(std::move(t.key), std::move(t.value));
    auto grants = kms::ListGrants(view, key_id);
    if (!grants.ok()) return grants.error();
    fresh->grants = std::move(*grants);
    data = std::move(fresh);
    // Keyed by the stored ARN; a lookup builds the same one (this server's region).
    if (epoch && data->key.arn == arn) deps.cache->InsertKey(data, *epoch);
  }
  // The deletion date is a matter of time, not of state: checked on every call.
  if (kms::IsDestroyed(data->key, ctx.now)) return Data();
  return data;
}

core::Result<std::shared_ptr<const kms::UnsealedMaterial>> LoadMaterial(store::ReadView& view, const KmsDeps& deps,
                                                                        const CallContext& ctx,
                                                                        const kms::KeyRecord& key, int64_t version) {
  const std::optional<uint64_t> epoch = CacheEpoch(deps, ctx);
  if (epoch) {
    if (auto hit = deps.cache->FindMaterial(key.arn, version)) return hit;
  }
  auto m = kms::FindMaterial(view, key.key_id, version);
  if (!m.ok()) return m.error();
  if (!*m) return core::Error{"InvalidCiphertextException", ""};
  auto opened = kms::OpenMaterial(deps.sealing_key, key.key_id, version, (*m)->sealed);
  if (!opened.ok()) return opened.error();
  auto material = std::make_shared<const kms::UnsealedMaterial>(std::move(*opened));
  crypto::Cleanse(*opened);  // Moved from; cleansed in case the move left bytes behind.
  if (epoch) deps.cache->InsertMaterial(key.arn, version, material, *epoch);
  return material;
}

core::Result<ResourcePolicy> KeyAuthorization(const KmsDeps& deps, const CallContext& ctx, std::string_view action,
                                              std::string_view resource, store::ReadView& view) {
  ResourcePolicy out;
  if (resource == "*") return out;
  // Grant tokens name grants; this server's grants take effect at once, so a token is only checked
  // to be one of ours.
  for (const auto& token : StringList(ctx, "GrantTokens")) {
    auto decoded = crypto::Base64Decode(token);
    if (!decoded.ok() || !decoded->starts_with("bulwark-grant-token:")) {
      return core::Error{"InvalidGrantTokenException", "Invalid grant token."};
    }
  }
  auto parts = core::SplitArn(resource);
  const bool decrypt_by_blob = action == "kms:Decrypt" && !Member(ctx, "KeyId");
  if (!parts || parts->service != "kms" || !parts->resource.starts_with("key/")) {
    if (parts && parts->resource.starts_with("alias/") && std::string(parts->account) != ctx.account_id) {
      out.required = true;  // Another account's unknown alias: nothing allows it.
      return out;
    }
    if (parts && parts->resource.starts_with("alias/")) return NotFound("Alias " + std::string(resource) + " is not found.");
    return NotFound("Invalid keyId '" + std::string(resource) + "'");
  }
  const std::string account(parts->account);
  const std::string key_id(parts->resource.substr(4));
  auto data = FindKeyData(deps, view, ctx, account, key_id);
  if (!data.ok()) return data.error();
  if (*data == nullptr) {
    if (decrypt_by_blob) return core::Error{"InvalidCiphertextException", ""};
    if (account != ctx.account_id) {
      out.required = true;  // Another account's key that does not exist: denied, and not told apart.
      return out;
    }
    return NotFound("Key '" + std::string(resource) + "' does not exist");
  }
  const kms::KeyAuthorizationData& d = **data;
  out.document = d.key.policy;
  out.required = true;
  out.context["kms:KeySpec"] = {d.key.key_spec};
  out.context["kms:KeyUsage"] = {d.key.key_usage};
  out.context["kms:KeyOrigin"] = {d.key.origin};
  out.context["kms:MultiRegion"] = {"false"};
  if (!d.alias_names.empty()) out.context["kms:ResourceAliases"] = d.alias_names;
  for (const auto& [k, v] : d.tags) out.context["aws:ResourceTag/" + k] = {v};
  if (ctx.caller != nullptr) {
    const std::string operation = kms::GrantOperationOf(action);
    const bool to = action == "kms:ReEncryptTo";
    const kms::EncryptionContext context =
        ContextParam(ctx, action == "kms:ReEncryptFrom" ? "SourceEncryptionContext"
                          : to                          ? "DestinationEncryptionContext"
                                                        : "EncryptionContext");
    for (const auto& g : d.grants) {
      if (kms::GrantAllows(g, ctx.caller->arn, CallerRoleArn(ctx), operation, context)) {
        out.granted = true;
        break;
      }
    }
  }
  return out;
}

std::map<std::string, std::vector<std::string>> RequestKeys(const CallContext& ctx) {
  std::map<std::string, std::vector<std::string>> keys;
  if (ctx.caller != nullptr) keys["kms:CallerAccount"] = {ctx.caller->account_id};
  keys["kms:GrantIsForAWSResource"] = {"false"};
  for (const char* member : {"KeyId", "DestinationKeyId"}) {
    if (auto id = OptionalString(ctx, member)) {
      if (id->starts_with("alias/")) {
        keys["kms:RequestAlias"] = {*id};
      } else if (id->starts_with("arn:") && id->find(":alias/") != std::string::npos) {
        keys["kms:RequestAlias"] = {id->substr(id->find(":alias/") + 1)};
      }
    }
  }
  for (const char* member : {"EncryptionContext", "SourceEncryptionContext", "DestinationEncryptionContext"}) {
    const kms::EncryptionContext c = ContextParam(ctx, member);
    if (c.empty()) continue;
    std::vector<std::string> names;
    for (const auto& [k, v] : c) {
      keys["kms:EncryptionContext:" + k] = {v};
      names.push_back(k);
    }
    keys["kms:EncryptionContextKeys"] = std::move(names);
  }
  if (auto a = OptionalString(ctx, "EncryptionAlgorithm")) keys["kms:EncryptionAlgorithm"] = {*a};
  if (auto a = OptionalString(ctx, "SigningAlgorithm")) keys["kms:SigningAlgorithm"] = {*a};
  if (auto a = OptionalString(ctx, "MacAlgorithm")) keys["kms:MacAlgorithm"] = {*a};
  return keys;
}

kms::EncryptionContext ContextParam(const CallContext& ctx, std::string_view member) {
  kms::EncryptionContext out;
  const boost::json::value* v = Member(ctx, member);
  if (v == nullptr || !v->is_object()) return out;
  for (const auto& [k, val] : v->get_object()) {
    if (val.is_string()) out[std::string(k)] = std::string(val.get_string());
  }
  return out;
}

core::Result<std::string> BlobParam(const CallContext& ctx, std::string_view member) {
  auto text = OptionalString(ctx, member);
  if (!text) return std::string();
  auto decoded = crypto::Base64Decode(*text);
  if (!decoded.ok()) return core::Error{"SerializationException", "Invalid base64 in " + std::string(member)};
  return decoded;
}

boost::json::object KeyMetadata(const kms::KeyRecord& key) {
  boost::json::object m{{"AWSAccountId", key.account_id},
                        {"KeyId", key.key_id},
                        {"Arn", key.arn},
                        {"CreationDate", key.creation_date},
                        {"Enabled", key.key_state == "Enabled"},
                        {"Description", key.description},
                        {"KeyUsage", key.key_usage},
                        {"KeyState", key.key_state},
                        {"Origin", key.origin},
                        {"KeyManager", "CUSTOMER"},
                        {"CustomerMasterKeySpec", key.key_spec},
                        {"KeySpec", key.key_spec},
                        {"MultiRegion", false}};
  if (key.deletion_date) m["DeletionDate"] = *key.deletion_date;
  if (key.pending_window_days) m["PendingDeletionWindowInDays"] = *key.pending_window_days;
  if (const kms::KeySpecInfo* spec = kms::FindKeySpec(key.key_spec)) {
    auto list = [](const std::vector<std::string_view>& v) {
      boost::json::array a;
      for (auto s : v) a.push_back(boost::json::string(s));
      return a;
    };
    if (key.key_usage == "ENCRYPT_DECRYPT") m["EncryptionAlgorithms"] = list(spec->encryption_algorithms);
    if (key.key_usage == "SIGN_VERIFY") m["SigningAlgorithms"] = list(spec->signing_algorithms);
    if (key.key_usage == "GENERATE_VERIFY_MAC") m["MacAlgorithms"] = list(spec->mac_algorithms);
  }
  return m;
}

Operation KeyOperation(const KmsDeps& deps, std::string name, bool read_only, std::string key_member) {
  Operation op;
  op.action = "kms:" + name;
  op.name = std::move(name);
  op.read_only = read_only;
  op.resource = [deps, key_member](const CallContext& ctx) -> ResourceRef {
    auto id = OptionalString(ctx, key_member);
    if (!id) return ResourceRef{"*", ""};
    return ResourceRef{KeyArnForAuthorization(deps, ctx, *id), kKeyResourceType};
  };
  op.resource_policy = [deps](const CallContext& ctx, std::string_view action, std::string_view resource,
                              store::ReadView& view) { return KeyAuthorization(deps, ctx, action, resource, view); };
  op.condition_keys = RequestKeys;
  return op;
}

}  // namespace bulwark::services::kms_ops

namespace bulwark::services::kms_ops {

core::Result<std::string> NewKeyId() {
  auto bytes = crypto::RandomBytes(16);
  if (!bytes.ok()) return core::Error{"KMSInternalException", "kms: no randomness"};
  std::string& b = *bytes;
  b[6] = static_cast<char>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<char>((b[8] & 0x3f) | 0x80);
  const std::string hex = crypto::HexEncode(b);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
         hex.substr(20);
}

core::Status PurgeDue(store::Transaction& txn, const CallContext& ctx) {
  return kms::PurgeDueKeys(txn, ctx.now).status();
}

std::vector<std::pair<std::string, std::string>> TagsParam(const CallContext& ctx) {
  std::vector<std::pair<std::string, std::string>> out;
  if (const boost::json::array* list = ListMember(ctx, "Tags")) {
    for (const auto& item : *list) {
      auto k = FieldString(item, "TagKey");
      if (k) out.emplace_back(*k, FieldString(item, "TagValue").value_or(""));
    }
  }
  return out;
}

}  // namespace bulwark::services::kms_ops
