#include "server/sigv4_authenticator.h"

#include "crypto/aead.h"
#include "iam/entities.h"
#include "iam/ids.h"
#include "iam/session_token.h"
#include "server/access_keys.h"
#include "sigv4/authorization.h"

namespace bulwark::server {

namespace {

sigv4::VerifierOptions Options(std::string region) {
  sigv4::VerifierOptions o;
  o.region = std::move(region);
  return o;
}

core::Error InvalidToken() {
  return core::Error{"InvalidClientTokenId", "The security token included in the request is invalid."};
}

// Whether the IAM user or role `name` exists and is still the entity with unique id `id`: a user or
// role deleted and made again under the same name is another principal (IAM User Guide, "IAM
// identifiers": unique identifiers), so what was issued to the old one authenticates no one.
core::Result<bool> PrincipalExists(store::ReadView& view, const std::string& account, iam::EntityKind kind,
                                   const std::string& name, const std::string& id) {
  if (name.empty() || id.empty()) return false;
  auto entity = iam::FindEntity(view, account, kind, name);
  if (!entity.ok()) return entity.error();
  return entity->has_value() && (*entity)->id == id;
}

}  // namespace

SigV4Authenticator::SigV4Authenticator(std::shared_ptr<store::Store> store, std::string master_key, std::string region,
                                       std::function<int64_t()> clock, std::shared_ptr<AccessKeyCache> cache)
    : store_(std::move(store)), master_key_(std::move(master_key)), clock_(std::move(clock)), cache_(std::move(cache)),
      verifier_(Options(std::move(region))), session_token_key_(iam::SessionTokenKey(master_key_)) {}

core::Result<core::Caller> SigV4Authenticator::Authenticate(const protocol::WireRequest& wire, std::string_view service,
                                                            std::string* attempted_access_key) const {
  sigv4::HttpRequest request;
  request.method = wire.method;
  request.path = std::string(wire.Path());
  request.query = std::string(wire.Query());
  for (const auto& [name, value] : wire.headers) request.headers.push_back(sigv4::HeaderField{name, value});
  request.body = wire.body;

  auto parameters = sigv4::ParseSignedRequest(request, verifier_.options().limits);
  if (!parameters.ok()) return parameters.error();
  *attempted_access_key = parameters->credential.access_key_id;
  if (std::string_view(parameters->credential.access_key_id).starts_with(iam::kTemporaryKeyPrefix)) {
    return AuthenticateSession(request, *parameters, service);
  }

  std::shared_ptr<const ResolvedAccessKey> key;
  auto lookup = [&](std::string_view access_key_id) -> core::Result<std::string> {
    key = cache_->Find(access_key_id);
    if (key == nullptr) {
      // The epoch is read before the store: access_key_cache.h says why this order keeps it correct.
      const uint64_t epoch = cache_->CurrentEpoch();
      auto found = store_->Read([&](store::ReadView& v) { return FindAccessKey(v, std::string(access_key_id)); });
      if (!found.ok()) return found.error();
      if (!*found) return InvalidToken();
      if ((*found)->kind == core::CallerKind::kIamUser) {
        // The key's user must still be the user it was made for (keys outlive nothing on AWS; a
        // store written by an older version, or a restore, must not let a key follow a name).
        auto owner = store_->Read([&](store::ReadView& v) {
          return PrincipalExists(v, (*found)->account_id, iam::EntityKind::kUser, (*found)->user_name, (*found)->principal_id);
        });
        if (!owner.ok()) return owner.error();
        if (!*owner) return InvalidToken();
      }
      auto secret = crypto::Open(master_key_, (*found)->secret_sealed, (*found)->access_key_id);
      if (!secret.ok()) return core::Error{"InternalFailure", "a stored secret could not be unsealed"};
      key = std::make_shared<const ResolvedAccessKey>(std::move(**found), std::move(*secret));
      cache_->Insert(key, epoch);
    }
    if (!key->record.active) return InvalidToken();  // Inactive keys are refused at once.
    return key->secret_access_key;
  };
  auto verified = verifier_.Verify(request, *parameters, service, clock_(), lookup);
  if (!verified.ok()) return verified.error();
  if (!key) return InvalidToken();
  if (!verified->security_token.empty()) return InvalidToken();  // Long-term keys carry no session token.

  core::Caller caller;
  const AccessKeyRecord& record = key->record;
  caller.kind = record.kind;
  caller.account_id = record.account_id;
  caller.arn = record.principal_arn;
  caller.principal_id = record.principal_id;
  caller.user_name = record.user_name;
  caller.access_key_id = record.access_key_id;
  return caller;
}

// A session is bound to the unique id of the user or role it was issued for: once that entity is
// deleted (even if another now has its name) the session is refused as AWS refuses credentials it
// no longer knows, InvalidClientTokenId. Refusing here rather than in authorization also covers the
// calls that skip authorization (sts:GetCallerIdentity). Checked once per credential epoch.
core::Status SigV4Authenticator::SessionPrincipalLive(const core::Caller& caller) const {
  iam::EntityKind kind;
  std::string name;
  if (caller.kind == core::CallerKind::kAssumedRole) {
    kind = iam::EntityKind::kRole;
    name = caller.issuer_name;
  } else if (caller.kind == core::CallerKind::kUserSession && !caller.user_name.empty()) {
    kind = iam::EntityKind::kUser;
    name = caller.user_name;
  } else {
    return core::Status::Ok();  // The root user's sessions: the account outlives them.
  }
  if (cache_->IsLivePrincipal(caller.issuer_principal_id)) return core::Status::Ok();
  const uint64_t epoch = cache_->CurrentEpoch();  // Before the read: access_key_cache.h.
  auto live = store_->Read(
      [&](store::ReadView& v) { return PrincipalExists(v, caller.account_id, kind, name, caller.issuer_principal_id); });
  if (!live.ok()) return live.error();
  if (!*live) return InvalidToken();
  cache_->InsertLivePrincipal(caller.issuer_principal_id, epoch);
  return core::Status::Ok();
}

// Temporary credentials: the session token carries the session (iam/session_token.h), so no store
// read is needed; the signature proves the caller holds the secret sealed in it.
core::Result<core::Caller> SigV4Authenticator::AuthenticateSession(const sigv4::HttpRequest& request,
                                                                   const sigv4::SignatureParameters& parameters,
                                                                   std::string_view service) const {
  if (parameters.security_token.empty()) return InvalidToken();
  const int64_t now = clock_();
  auto claims = iam::OpenSessionToken(session_token_key_, parameters.security_token,
                                      parameters.credential.access_key_id, now);
  if (!claims.ok()) return claims.error();
  auto lookup = [&](std::string_view) -> core::Result<std::string> { return claims->secret_access_key; };
  auto verified = verifier_.Verify(request, parameters, service, now, lookup);
  if (!verified.ok()) return verified.error();
  if (auto live = SessionPrincipalLive(claims->caller); !live.ok()) return live.error();
  return std::move(claims->caller);
}

}  // namespace bulwark::server
