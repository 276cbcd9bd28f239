// The request pipeline every API call walks (docs/architecture.md):
//   route + decode -> authenticate -> contextualise -> authorize -> execute + record -> encode.
// Routing: X-Amz-Target (JSON protocols), else the credential scope's service, whose model's
// protocol decides how the operation is named: the Action parameter (query) or the method and URI
// template (rest-json, rest-xml; protocol/rest_router.h), read after authentication.
// Each stage is an interface so the pipeline is testable without sockets, keys or a database.
//
// What a call is made of, and so what its record shows, is decided once: after authentication the
// parameters are decoded against the operation's model (protocol/input_decoder.h) and the handler,
// the authorizer and the record all read that decoded input. Before authentication nothing of the
// body is decoded, and a failed authentication is recorded without parameters; each source address
// has a bounded budget of such records (failure_limiter.h), past which failures are answered but not
// recorded one by one (the next record counts them).
// Every call produces exactly one CloudTrail record, whatever its outcome; the response is sent only
// after the executor reports the record durable.
// Thread-safety: Handle() is called concurrently; collaborators must be thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/caller.h"
#include "core/iso_time.h"
#include "core/result.h"
#include "protocol/form_params.h"
#include "protocol/input_decoder.h"
#include "protocol/service_model.h"
#include "protocol/wire.h"
#include "server/failure_limiter.h"
#include "server/http_listener.h"
#include "services/service.h"
#include "trail/event_record.h"

namespace bulwark::server {

// Verifies the request's signature and says who sent it. Errors carry AWS's codes
// (MissingAuthenticationToken, InvalidClientTokenId, SignatureDoesNotMatch, ...). On failure,
// `attempted_access_key` is set when the request named one, so the record can say which.
class Authenticator {
 public:
  virtual ~Authenticator() = default;
  virtual core::Result<core::Caller> Authenticate(const protocol::WireRequest& request, std::string_view service,
                                                  std::string* attempted_access_key) const = 0;
};

struct AuthorizationRequest {
  std::string action;
  std::string resource;
  std::string resource_account;
  std::map<std::string, std::vector<std::string>> context;  // Complete context keys.
  // The resource's own policy, when the operation knows how to find it (services::Operation::
  // resource_policy); the authorizer calls it inside its read.
  std::function<core::Result<services::ResourcePolicy>(store::ReadView&)> resource_policy;
};

// Decides with the policy engine. Returns OK or an AccessDenied error with AWS's message.
class Authorizer {
 public:
  virtual ~Authorizer() = default;
  virtual core::Status Authorize(const core::Caller& caller, const AuthorizationRequest& request) const = 0;
};

// Runs the handler and appends the record in one transaction; reports when durable.
class CallExecutor {
 public:
  using Done = std::function<void(core::Result<services::OperationOutcome>)>;
  virtual ~CallExecutor() = default;
  // `operation` is null when the call failed before execution: only the record is written, and
  // `failure` is what the caller is told. `context` must stay valid until `done` has run.
  virtual void Execute(const services::Operation* operation, const services::CallContext& context,
                       trail::EventRecord record, std::optional<core::Error> failure, Done done) = 0;
};

struct PipelineOptions {
  std::string region = "us-east-1";
  std::string account_id;
  std::function<int64_t()> clock;           // Epoch seconds.
  std::function<std::string()> new_uuid;    // Request ids.
  std::function<std::string()> new_event_id;  // Event ids (time-ordered, uuid_generator.h); new_uuid when unset.
  std::size_t max_json_body_bytes = 1024 * 1024;
  std::size_t max_query_parameters = 1000;
  // Failed authentications recorded per source address (failure_limiter.h); beyond them the caller
  // is answered as usual and nothing is recorded until the budget refills.
  FailureLimiterOptions unauthenticated_failures;
  // Advanced by handlers that change credentials and by the executor after committed mutations;
  // the authenticator's cache watches it (access_key_cache.h). May be null in tests.
  std::shared_ptr<core::CredentialEpoch> credential_epoch;
};

class Pipeline {
 public:
  Pipeline(PipelineOptions options, std::vector<std::shared_ptr<const services::Service>> services,
           std::shared_ptr<const Authenticator> authenticator, std::shared_ptr<const Authorizer> authorizer,
           std::shared_ptr<CallExecutor> executor);
  ~Pipeline();

  void Handle(protocol::WireRequest request, Respond respond) const;

 private:
  struct Call;
  const services::Service* RouteByTarget(std::string_view target) const;
  const services::Service* RouteBySigningName(std::string_view name) const;
  void Finish(std::shared_ptr<Call> call, const services::Operation* op, std::optional<core::Error> failure) const;
  // REST protocols: route by method and URI template, decode, then Authorize.
  void DecodeRest(std::shared_ptr<Call> call, const protocol::ServiceModel* model,
                  const protocol::DecodeOptions& decode_options) const;
  // Contextualise, authorize, and hand the call to Finish.
  void Authorize(std::shared_ptr<Call> call, const services::Operation* op) const;

  PipelineOptions options_;
  std::vector<std::shared_ptr<const services::Service>> services_;
  std::shared_ptr<const Authenticator> authenticator_;
  std::shared_ptr<const Authorizer> authorizer_;
  std::shared_ptr<CallExecutor> executor_;
  std::unique_ptr<FailureLimiter> failure_limiter_;
};

// The credential scope's service name from an Authorization header or X-Amz-Credential query
// parameter ("AKID/20150830/us-east-1/iam/aws4_request" -> "iam"), or empty. Reads no body.
std::string ScopeServiceOf(const protocol::WireRequest& request);

// Whether the prefix of an X-Amz-Target ("Prefix.Operation") names the service whose model has
// `target_prefix`: the full prefix, or its last dot-separated part (what Smithy-based SDKs send).
bool TargetPrefixMatches(std::string_view target_prefix, std::string_view sent);

using core::IsoTime;

}  // namespace bulwark::server
