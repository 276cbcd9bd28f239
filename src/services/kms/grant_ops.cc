// Grants: CreateGrant, ListGrants, ListRetirableGrants, RetireGrant, RevokeGrant.
#include "crypto/base64.h"
#include "crypto/hex.h"
#include "crypto/random.h"
#include "kms/key_store.h"
#include "services/kms/kms_common.h"

namespace bulwark::services::kms_ops {

namespace {

boost::json::object GrantEntry(const CallContext& ctx, const kms::Grant& g) {
  boost::json::array ops;
  for (const auto& o : g.operations) ops.push_back(boost::json::string(o));
  boost::json::object e{{"KeyId", KeyArn(ctx, g.account_id, g.key_id)},
                        {"GrantId", g.grant_id},
                        {"CreationDate", g.creation_date},
                        {"GranteePrincipal", g.grantee_principal},
                        {"IssuingAccount", g.issuing_account},
                        {"Operations", std::move(ops)}};
  if (!g.name.empty()) e["Name"] = g.name;
  if (!g.retiring_principal.empty()) e["RetiringPrincipal"] = g.retiring_principal;
  boost::json::object constraints;
  auto map = [](const kms::EncryptionContext& c) {
    boost::json::object o;
    for (const auto& [k, v] : c) o[k] = v;
    return o;
  };
  if (g.context_equals) constraints["EncryptionContextEquals"] = map(*g.context_equals);
  if (g.context_subset) constraints["EncryptionContextSubset"] = map(*g.context_subset);
  if (!constraints.empty()) e["Constraints"] = std::move(constraints);
  return e;
}

std::string TokenFor(const std::string& grant_id) {
  return crypto::Base64Encode("bulwark-grant-token:" + grant_id);
}

std::optional<std::string> GrantIdOfToken(const std::string& token) {
  auto decoded = crypto::Base64Decode(token);
  constexpr std::string_view kPrefix = "bulwark-grant-token:";
  if (!decoded.ok() || !decoded->starts_with(kPrefix)) return std::nullopt;
  return decoded->substr(kPrefix.size());
}

// Who may retire a grant ("Retiring and revoking grants"): its retiring principal, its grantee
// when RetireGrant is among its operations, or the account that owns the key.
bool MayRetire(const CallContext& ctx, const kms::Grant& g) {
  const core::Caller& c = *ctx.caller;
  const std::string role = c.kind == core::CallerKind::kAssumedRole ? c.issuer_arn : "";
  auto is = [&](const std::string& p) { return !p.empty() && (p == c.arn || p == role); };
  if (is(g.retiring_principal)) return true;
  if (is(g.grantee_principal)) {
    for (const auto& o : g.operations) {
      if (o == "RetireGrant") return true;
    }
  }
  return c.account_id == g.account_id && c.kind == core::CallerKind::kRoot;
}

}  // namespace

OperationList GrantOperations(const KmsDeps& deps) {
  OperationList ops;
  Operation create = KeyOperation(deps, "CreateGrant", false);
  create.condition_keys = [](const CallContext& ctx) {
    auto keys = RequestKeys(ctx);
    keys["kms:GrantOperations"] = StringList(ctx, "Operations");
    keys["kms:GranteePrincipal"] = {RequiredString(ctx, "GranteePrincipal")};
    if (auto r = OptionalString(ctx, "RetiringPrincipal")) keys["kms:RetiringPrincipal"] = {*r};
    if (const boost::json::value* c = Member(ctx, "Constraints"); c != nullptr && c->is_object()) {
      for (const char* kind : {"EncryptionContextEquals", "EncryptionContextSubset"}) {
        if (const auto* m = c->get_object().if_contains(kind); m != nullptr && m->is_object()) {
          std::vector<std::string> names;
          for (const auto& [k, v] : m->get_object()) {
            if (v.is_string()) keys["kms:EncryptionContext:" + std::string(k)] = {std::string(v.get_string())};
            names.push_back(std::string(k));
          }
          keys["kms:EncryptionContextKeys"] = names;
        }
      }
    }
    return keys;
  };
  create.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    if (auto p = PurgeDue(txn, ctx); !p.ok()) return p.error();
    auto key = ResolveUsableKey(txn, ctx, RequiredString(ctx, "KeyId"));
    if (!key.ok()) return key.error();
    kms::Grant g;
    g.key_id = key->key_id;
    g.account_id = key->account_id;
    g.name = OptionalString(ctx, "Name").value_or("");
    g.grantee_principal = RequiredString(ctx, "GranteePrincipal");
    g.retiring_principal = OptionalString(ctx, "RetiringPrincipal").value_or("");
    g.operations = StringList(ctx, "Operations");
    if (g.operations.empty()) return Validation("Operations must not be empty.");
    for (const std::string* p : {&g.grantee_principal, &g.retiring_principal}) {
      if (!p->empty() && !p->starts_with("arn:aws:iam::") && p->find(".amazonaws.com") == std::string::npos) {
        return Validation("Invalid principal: " + *p);
      }
    }
    if (const boost::json::value* c = Member(ctx, "Constraints"); c != nullptr && c->is_object()) {
      const auto& o = c->get_object();
      auto read = [](const boost::json::value& v) {
        kms::EncryptionContext m;
        if (v.is_object()) {
          for (const auto& [k, val] : v.get_object()) {
            if (val.is_string()) m[std::string(k)] = std::string(val.get_string());
          }
        }
        return m;
      };
      if (const auto* e = o.if_contains("EncryptionContextEquals")) g.context_equals = read(*e);
      if (const auto* s = o.if_contains("EncryptionContextSubset")) g.context_subset = read(*s);
    }
    g.issuing_account = "arn:aws:iam::" + ctx.account_id + ":root";
    g.creation_date = ctx.now;
    // A grant with the same name, grantee, operations and constraints is returned again (CreateGrant
    // is idempotent on its name: "Grant name").
    auto existing = kms::ListGrants(txn, key->key_id);
    if (!existing.ok()) return existing.error();
    if (existing->size() >= 50000) return core::Error{"LimitExceededException", "Too many grants for this key."};
    for (const auto& e : *existing) {
      if (!g.name.empty() && e.name == g.name && e.grantee_principal == g.grantee_principal &&
          e.operations == g.operations && e.retiring_principal == g.retiring_principal &&
          e.context_equals == g.context_equals && e.context_subset == g.context_subset) {
        OperationOutcome out;
        out.result = boost::json::object{{"GrantToken", TokenFor(e.grant_id)}, {"GrantId", e.grant_id}};
        return out;
      }
    }
    auto id = crypto::RandomBytes(32);
    if (!id.ok()) return core::Error{"KMSInternalException", "kms: no randomness"};
    g.grant_id = crypto::HexEncode(*id);
    if (auto s = kms::InsertGrant(txn, g); !s.ok()) return s.error();
    OperationOutcome out;
    out.result = boost::json::object{{"GrantToken", TokenFor(g.grant_id)}, {"GrantId", g.grant_id}};
    out.response_elements = boost::json::object{{"grantId", g.grant_id}};
    return out;
  };
  ops.push_back(std::move(create));

  Operation list = KeyOperation(deps, "ListGrants", true);
  list.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    auto key = ResolveKey(txn, ctx, RequiredString(ctx, "KeyId"), true);
    if (!key.ok()) return key.error();
    auto grants = kms::ListGrants(txn, key->key_id);
    if (!grants.ok()) return grants.error();
    const auto only_id = OptionalString(ctx, "GrantId");
    const auto only_grantee = OptionalString(ctx, "GranteePrincipal");
    boost::json::array entries;
    for (const auto& g : *grants) {
      if (only_id && g.grant_id != *only_id) continue;
      if (only_grantee && g.grantee_principal != *only_grantee) continue;
      entries.push_back(GrantEntry(ctx, g));
    }
    OperationOutcome out;
    out.result["Grants"] = std::move(entries);
    out.result["Truncated"] = false;
    return out;
  };
  ops.push_back(std::move(list));

  Operation retirable;
  retirable.name = "ListRetirableGrants";
  retirable.action = "kms:ListRetirableGrants";
  retirable.read_only = true;
  retirable.condition_keys = RequestKeys;
  retirable.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    auto grants = kms::ListRetirableGrants(txn, RequiredString(ctx, "RetiringPrincipal"));
    if (!grants.ok()) return grants.error();
    boost::json::array entries;
    for (const auto& g : *grants) entries.push_back(GrantEntry(ctx, g));
    OperationOutcome out;
    out.result["Grants"] = std::move(entries);
    out.result["Truncated"] = false;
    return out;
  };
  ops.push_back(std::move(retirable));

  // RetireGrant is authorized by the grant itself, not by policy ("RetireGrant": "you cannot
  // control access to this operation in a policy"); the handler checks who may retire.
  Operation retire;
  retire.name = "RetireGrant";
  retire.action = "kms:RetireGrant";
  retire.read_only = false;
  retire.skip_authorization = true;
  retire.resource = [deps](const CallContext& ctx) -> ResourceRef {
    if (auto id = OptionalString(ctx, "KeyId")) return ResourceRef{KeyArnForAuthorization(deps, ctx, *id), kKeyResourceType};
    return ResourceRef{"*", ""};
  };
  retire.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    std::optional<std::string> grant_id = OptionalString(ctx, "GrantId");
    if (auto token = OptionalString(ctx, "GrantToken")) {
      grant_id = GrantIdOfToken(*token);
      if (!grant_id) return core::Error{"InvalidGrantTokenException", "Invalid grant token."};
    }
    if (!grant_id) return Validation("Either GrantToken or both KeyId and GrantId are required.");
    if (!OptionalString(ctx, "GrantToken") && !OptionalString(ctx, "KeyId")) {
      return Validation("Either GrantToken or both KeyId and GrantId are required.");
    }
    auto grant = kms::FindGrant(txn, *grant_id);
    if (!grant.ok()) return grant.error();
    if (!*grant) return NotFound("Grant ID not found");
    if (auto id = OptionalString(ctx, "KeyId")) {
      auto key = ResolveKey(txn, ctx, *id, true);
      if (!key.ok()) return key.error();
      if (key->key_id != (*grant)->key_id) return core::Error{"InvalidGrantIdException", "Invalid grant ID."};
    }
    if (!MayRetire(ctx, **grant)) {
      return core::Error{"AccessDeniedException", "User: " + ctx.caller->arn +
                                                      " is not authorized to perform: kms:RetireGrant on this grant."};
    }
    if (auto s = kms::DeleteGrant(txn, *grant_id); !s.ok()) return s.error();
    return OperationOutcome{};
  };
  ops.push_back(std::move(retire));

  Operation revoke = KeyOperation(deps, "RevokeGrant", false);
  revoke.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    if (auto p = PurgeDue(txn, ctx); !p.ok()) return p.error();
    auto key = ResolveKey(txn, ctx, RequiredString(ctx, "KeyId"), true);
    if (!key.ok()) return key.error();
    auto grant = kms::FindGrant(txn, RequiredString(ctx, "GrantId"));
    if (!grant.ok()) return grant.error();
    if (!*grant || (*grant)->key_id != key->key_id) return NotFound("Grant ID not found");
    if (auto s = kms::DeleteGrant(txn, (*grant)->grant_id); !s.ok()) return s.error();
    return OperationOutcome{};
  };
  ops.push_back(std::move(revoke));
  return ops;
}

}  // namespace bulwark::services::kms_ops
