// Authenticates API calls with SigV4 (header or presigned query) against the stored access keys,
// whose secrets are unsealed with the master key; resolved keys are kept in an AccessKeyCache
// (epoch-invalidated, see access_key_cache.h) so a steady client costs no store read. An unknown or inactive
// key is InvalidClientTokenId; a wrong signature SignatureDoesNotMatch; AWS's other codes come from
// the sigv4 layer. Temporary credentials (ASIA...) are verified from their session token
// (iam/session_token.h): an expired one answers ExpiredToken. Keys and sessions are bound to the
// unique id of the user or role they were issued to: once it is deleted, even if a new entity took
// its name, they answer InvalidClientTokenId (one store read per credential epoch for sessions).
// Thread-safety: Authenticate is called concurrently (the verifier's and the access-key caches lock
// internally).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "server/access_key_cache.h"
#include "server/pipeline.h"
#include "sigv4/authorization.h"
#include "sigv4/verifier.h"
#include "store/store.h"

namespace bulwark::server {

class SigV4Authenticator : public Authenticator {
 public:
  SigV4Authenticator(std::shared_ptr<store::Store> store, std::string master_key, std::string region,
                     std::function<int64_t()> clock, std::shared_ptr<AccessKeyCache> cache);

  core::Result<core::Caller> Authenticate(const protocol::WireRequest& request, std::string_view service,
                                          std::string* attempted_access_key) const override;

 private:
  core::Result<core::Caller> AuthenticateSession(const sigv4::HttpRequest& request,
                                                 const sigv4::SignatureParameters& parameters, std::string_view service) const;
  core::Status SessionPrincipalLive(const core::Caller& caller) const;

  std::shared_ptr<store::Store> store_;
  std::string master_key_;
  std::function<int64_t()> clock_;
  std::shared_ptr<AccessKeyCache> cache_;
  sigv4::Verifier verifier_;
  std::string session_token_key_;
};

}  // namespace bulwark::server
