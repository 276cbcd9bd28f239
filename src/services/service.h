// How a service plugs into the pipeline. A service declares its wire protocol and, per operation,
// the IAM action, how to derive the resource ARN and condition keys from the parameters, and the
// handler that executes it inside the call's store transaction. The pipeline owns authentication,
// authorization and recording, so a handler cannot forget them.
// Thread-safety: services are immutable after registration; handlers run concurrently.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/caller.h"
#include "core/credential_epoch.h"
#include "core/result.h"
#include "protocol/codec.h"
#include "protocol/form_params.h"
#include "protocol/service_model.h"

namespace bulwark::store {
class ReadView;
class Transaction;
}  // namespace bulwark::store

namespace bulwark::services {

// What a handler sees of the call.
struct CallContext {
  const core::Caller* caller = nullptr;
  std::string request_id;
  std::string region;
  std::string account_id;  // The account this server hosts (recipient account).
  int64_t now = 0;         // Epoch seconds, from the injected clock.
  std::string source_ip;
  std::string user_agent;
  bool secure_transport = false;
  // The decoded input (protocol/input_decoder.h): the operation's members by model name, already
  // checked against the model (required members present, lengths, ranges, enums, patterns).
  // Handlers read it through services/input.h.
  const boost::json::object* input = nullptr;
  // The same parameters in wire form, by protocol (exactly one is set): only modelled members.
  const protocol::FormParams* form = nullptr;
  const boost::json::value* json = nullptr;
  // Handlers that change access keys, users or anything else authentication caches call
  // credential_epoch->Advance() inside their transaction (core/credential_epoch.h). Null in tests
  // without a server.
  core::CredentialEpoch* credential_epoch = nullptr;
  // credential_epoch->Current() as read when the call arrived, before any store read made for it: a
  // cache filled from this call's snapshots tags its entries with it (kms/key_cache.h).
  uint64_t credential_epoch_at_start = 0;
};

// The resources a call touches, for authorization and for the record's "resources".
struct ResourceRef {
  std::string arn;   // "*" when the action has no resource type
  std::string type;  // CloudTrail resource type, e.g. "AWS::IAM::Role"
};

// A resource's own policy and allow-only permissions, as the authorizer needs them (see
// Operation::resource_policy). KMS key policies and grants use it; any service whose resources
// carry a policy can.
struct ResourcePolicy {
  std::string document;   // Empty: the resource has no policy.
  bool required = false;  // Must allow even within the account (KMS key policies, trust policies).
  bool granted = false;   // An allow-only mechanism (a KMS grant) allows the call; explicit denies still win.
  // Condition keys the resource supplies (kms:KeySpec, kms:ResourceAliases, aws:ResourceTag/*).
  std::map<std::string, std::vector<std::string>> context;
};

// Another action on another resource the same call needs (kms:ReEncryptTo on the destination key).
struct AdditionalAuthorization {
  std::string action;
  std::string resource;
};

struct OperationOutcome {
  boost::json::object result;  // The output shape's members, in the protocol's conventions.
  // What CloudTrail records as responseElements: null for most reads, set by mutations and by reads
  // that hand something out (AssumeRole's credentials). Redacted by the recorder.
  boost::json::value response_elements;
};

struct Operation {
  std::string name;    // Wire name: "GetCallerIdentity"
  std::string action;  // IAM action: "sts:GetCallerIdentity"
  bool read_only = true;
  // AWS answers some calls whatever the policies say (sts:GetCallerIdentity).
  bool skip_authorization = false;
  // False for a read-only handler that never touches the store (it answers from the call alone):
  // it then runs where the call is, with no snapshot and no thread hop. A handler that reads anyway
  // is refused and runs again on a snapshot, so a wrong flag costs time, never correctness. A
  // handler usually served from a cache (KMS's data plane) declares false for that reason.
  bool uses_store = true;
  // Read-only work that grows with the account's data or the request (simulations, trail lookups,
  // reports) runs on the executor's reader threads, where it delays no other call; bounded reads
  // (one entity, one page) run where the call is, which saves two thread hops per call.
  bool unbounded_read = false;
  // Resource ARN (and type) from the parameters; validates nothing but must not fail on junk.
  std::function<ResourceRef(const CallContext&)> resource;
  // Extra condition keys (service keys, aws:RequestTag/*, aws:TagKeys) from the parameters.
  std::function<std::map<std::string, std::vector<std::string>>(const CallContext&)> condition_keys;
  // The resource's own policy (and grants) for `action` on `resource`, read by the authorizer in its
  // snapshot. An error refuses the call with that error (NotFoundException for a key that does not
  // exist in the caller's account). Unset: the authorizer gathers what it knows itself.
  std::function<core::Result<ResourcePolicy>(const CallContext&, std::string_view action, std::string_view resource,
                                             store::ReadView&)>
      resource_policy;
  // Further (action, resource) pairs that must be allowed too, each with its resource's policy.
  std::function<std::vector<AdditionalAuthorization>(const CallContext&)> also_authorize;
  // requestParameters for the record (before redaction); default: the decoded parameters.
  std::function<boost::json::value(const CallContext&)> request_parameters;
  // Runs inside the call's transaction; an error rolls back the handler's writes only.
  std::function<core::Result<OperationOutcome>(const CallContext&, store::Transaction&)> execute;
};

class Service {
 public:
  virtual ~Service() = default;
  virtual std::string_view signing_name() const = 0;  // "sts", credential scope service
  virtual std::string_view event_source() const = 0;  // "sts.amazonaws.com"
  virtual const protocol::ServiceProtocol& wire_protocol() const = 0;
  virtual std::string_view api_version() const = 0;   // "2011-06-15"
  virtual const Operation* Find(std::string_view operation) const = 0;
  // Whether the pipeline checks the model's required members, length/value bounds and enums for
  // this service. A service whose API answers such problems with its own modelled exceptions
  // (CloudTrail's InvalidMaxResultsException, ...) leaves them to its handlers; types are always
  // checked.
  virtual bool checks_model_constraints() const { return true; }
  // The service's own form of an error the pipeline found before the handler (the model's generic
  // ValidationException, the authorizer's AccessDenied). By default a denial is AccessDenied on the
  // query and REST-XML protocols (IAM, STS, S3) and AccessDeniedException on the JSON and REST-JSON
  // ones (CloudTrail, KMS, Organizations, Access Analyzer), as those services answer it; a service
  // with its own modelled forms (Organizations' InvalidInputException) overrides this.
  virtual core::Error ServiceError(core::Error generic) const {
    const protocol::Protocol p = wire_protocol().protocol;
    if (generic.code == "AccessDenied" && p != protocol::Protocol::kQuery && p != protocol::Protocol::kRestXml) {
      generic.code = "AccessDeniedException";
    }
    return generic;
  }
  // Every operation's wire name, for the check that each one is modelled.
  virtual std::vector<std::string> operation_names() const = 0;
};

// A Service backed by a table of operations; concrete services fill it in their constructor.
class TableService : public Service {
 public:
  TableService(std::string signing_name, std::string event_source, protocol::ServiceProtocol wire,
               std::string api_version)
      : signing_name_(std::move(signing_name)), event_source_(std::move(event_source)),
        wire_(std::move(wire)), api_version_(std::move(api_version)) {
    // Errors the service models answer with the model's status (protocol/error_codes.h).
    if (wire_.model == nullptr) wire_.model = protocol::FindServiceModel(signing_name_);
  }

  std::string_view signing_name() const override { return signing_name_; }
  std::string_view event_source() const override { return event_source_; }
  const protocol::ServiceProtocol& wire_protocol() const override { return wire_; }
  std::string_view api_version() const override { return api_version_; }
  const Operation* Find(std::string_view operation) const override {
    auto it = operations_.find(std::string(operation));
    return it == operations_.end() ? nullptr : &it->second;
  }
  std::vector<std::string> operation_names() const override {
    std::vector<std::string> names;
    for (const auto& [name, _] : operations_) names.push_back(name);
    return names;
  }

 protected:
  void Add(Operation op) { operations_.emplace(op.name, std::move(op)); }

 private:
  std::string signing_name_;
  std::string event_source_;
  protocol::ServiceProtocol wire_;
  std::string api_version_;
  std::map<std::string, Operation, std::less<>> operations_;
};

}  // namespace bulwark::services
