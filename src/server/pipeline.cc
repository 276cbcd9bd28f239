#include "server/pipeline.h"

#include <boost/json/parse.hpp>

#include "protocol/codec.h"
#include "protocol/form_params.h"
#include "server/request_context.h"

namespace bulwark::server {

namespace {

// Botocore serializes query-protocol calls as POST form bodies; presigned calls put everything in
// the query string. Both are read, the body winning on a clash.
core::Result<protocol::FormParams> QueryParams(const protocol::WireRequest& request) {
  std::string merged(request.Query());
  if (!request.body.empty()) {
    if (!merged.empty()) merged += '&';
    merged += request.body;
  }
  return protocol::FormParams::Parse(merged);
}

// CloudTrail names request parameters in lowerCamelCase ("roleArn", "roleSessionName").
std::string LowerCamel(std::string name) {
  if (!name.empty() && name[0] >= 'A' && name[0] <= 'Z') name[0] = static_cast<char>(name[0] - 'A' + 'a');
  return name;
}

boost::json::value DefaultRequestParameters(const services::CallContext& ctx) {
  boost::json::object out;
  if (ctx.form != nullptr) {
    for (const auto& [key, value] : ctx.form->all()) {
      if (key == "Action" || key == "Version" || key.rfind("X-Amz-", 0) == 0) continue;
      out[LowerCamel(key)] = value;
    }
  } else if (ctx.json != nullptr && ctx.json->is_object()) {
    for (const auto& [key, value] : ctx.json->get_object()) out[LowerCamel(std::string(key))] = value;
  }
  if (out.empty()) return nullptr;
  return out;
}

trail::UserIdentity IdentityOf(const core::Caller& c) {
  trail::UserIdentity u;
  u.type = core::CloudTrailIdentityType(c.kind);
  u.principal_id = c.principal_id;
  u.arn = c.arn;
  u.account_id = c.account_id;
  u.access_key_id = c.access_key_id;
  u.user_name = c.user_name;
  if (c.session_issued_at != 0) {
    u.has_session = true;
    u.session_creation_date = IsoTime(c.session_issued_at);
    u.mfa_authenticated = c.mfa_present;
    u.source_identity = c.source_identity;
    if (!c.issuer_arn.empty()) {
      u.issuer_type = c.kind == core::CallerKind::kAssumedRole ? "Role" : "IAMUser";
      u.issuer_principal_id = c.issuer_principal_id;
      u.issuer_arn = c.issuer_arn;
      u.issuer_account_id = c.account_id;
      u.issuer_user_name = c.issuer_name;
    }
  }
  return u;
}

const protocol::ServiceProtocol& FallbackProtocol(bool json) {
  static const protocol::ServiceProtocol kQuery{protocol::Protocol::kQuery, "", ""};
  static const protocol::ServiceProtocol kJson{protocol::Protocol::kJson11, "", ""};
  return json ? kJson : kQuery;
}

}  // namespace

namespace {

// "AKID/20150830/us-east-1/iam/aws4_request" -> "iam".
std::string ServiceOfCredential(std::string_view credential) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (parts.size() < 6) {
    const auto slash = credential.find('/', start);
    parts.push_back(credential.substr(start, slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return parts.size() == 5 ? std::string(parts[3]) : std::string();
}

}  // namespace

bool TargetPrefixMatches(std::string_view target_prefix, std::string_view sent) {
  if (sent == target_prefix) return true;
  // botocore sends the model's full targetPrefix ("com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101");
  // Smithy-generated SDKs (JavaScript v3) send only the service shape's name ("CloudTrail_20131101").
  // AWS accepts both.
  const auto dot = target_prefix.rfind('.');
  return dot != std::string_view::npos && !sent.empty() && target_prefix.substr(dot + 1) == sent;
}

std::string ScopeServiceOf(const protocol::WireRequest& request, const protocol::FormParams* parameters) {
  std::string_view auth = request.HeaderValue("Authorization");
  const auto at = auth.find("Credential=");
  if (at != std::string_view::npos) {
    std::string_view credential = auth.substr(at + 11);
    return ServiceOfCredential(credential.substr(0, credential.find_first_of(", ")));
  }
  std::optional<protocol::FormParams> parsed;
  if (parameters == nullptr) {
    auto query = protocol::FormParams::Parse(request.Query());
    if (!query.ok()) return "";
    parsed = std::move(query.value());
    parameters = &*parsed;
  }
  auto credential = parameters->Get("X-Amz-Credential");
  return credential ? ServiceOfCredential(*credential) : std::string();
}

struct Pipeline::Call {
  protocol::WireRequest request;
  Respond respond;
  const services::Service* service = nullptr;
  std::string operation_name;
  std::optional<protocol::FormParams> form;
  boost::json::value json;
  core::Caller caller;
  bool authenticated = false;
  std::string attempted_access_key;
  services::CallContext context;
  services::ResourceRef resource{"*", ""};
  bool json_protocol = false;
  std::optional<core::Result<services::OperationOutcome>> outcome;
};

Pipeline::Pipeline(PipelineOptions options, std::vector<std::shared_ptr<const services::Service>> services,
                   std::shared_ptr<const Authenticator> authenticator, std::shared_ptr<const Authorizer> authorizer,
                   std::shared_ptr<CallExecutor> executor)
    : options_(std::move(options)), services_(std::move(services)), authenticator_(std::move(authenticator)),
      authorizer_(std::move(authorizer)), executor_(std::move(executor)) {}

const services::Service* Pipeline::RouteByTarget(std::string_view target) const {
  for (const auto& s : services_) {
    if (s->wire_protocol().protocol == protocol::Protocol::kQuery) continue;
    if (TargetPrefixMatches(s->wire_protocol().target_prefix, target)) return s.get();
  }
  return nullptr;
}

const services::Service* Pipeline::RouteBySigningName(std::string_view name) const {
  for (const auto& s : services_) {
    if (s->signing_name() == name) return s.get();
  }
  return nullptr;
}

void Pipeline::Handle(protocol::WireRequest request, Respond respond) const {
  auto call = std::make_shared<Call>();
  call->request = std::move(request);
  call->respond = std::move(respond);
  services::CallContext& ctx = call->context;
  ctx.request_id = options_.new_uuid();
  ctx.region = options_.region;
  ctx.account_id = options_.account_id;
  ctx.now = options_.clock();
  ctx.source_ip = call->request.source_ip;
  ctx.user_agent = std::string(call->request.HeaderValue("User-Agent"));
  ctx.secure_transport = call->request.secure_transport;
  ctx.credential_epoch = options_.credential_epoch.get();

  // Route and decode. JSON protocols name the operation in X-Amz-Target ("Prefix.Operation").
  const std::string_view target = call->request.HeaderValue("X-Amz-Target");
  if (!target.empty()) {
    call->json_protocol = true;
    const auto dot = target.rfind('.');
    if (dot != std::string_view::npos) {
      call->service = RouteByTarget(target.substr(0, dot));
      call->operation_name = std::string(target.substr(dot + 1));
    }
    if (call->service == nullptr) {
      return Finish(call, nullptr, core::Error{"UnknownOperationException", "Unknown operation " + std::string(target)});
    }
    if (call->request.body.size() > options_.max_json_body_bytes) {
      return Finish(call, nullptr, core::Error{"SerializationException", "The request body is too large"});
    }
    boost::system::error_code ec;
    call->json = call->request.body.empty() ? boost::json::value(boost::json::object())
                                            : boost::json::parse(call->request.body, ec);
    if (ec || !call->json.is_object()) {
      return Finish(call, nullptr, core::Error{"SerializationException", "The request body is not a JSON object"});
    }
    ctx.json = &call->json;
  } else {
    auto form = QueryParams(call->request);
    if (!form.ok()) return Finish(call, nullptr, form.error());
    call->form = std::move(form.value());
    ctx.form = &*call->form;
    const std::string scope_service = ScopeServiceOf(call->request, &*call->form);
    call->service = RouteBySigningName(scope_service.empty() ? "sts" : scope_service);
    if (call->service == nullptr) {
      return Finish(call, nullptr,
                    core::Error{"InvalidAction", "The service '" + scope_service + "' is not available on this endpoint"});
    }
    call->operation_name = call->form->Get("Action").value_or("");
  }

  // Authenticate before anything about the operation is revealed.
  auto caller = authenticator_->Authenticate(call->request, call->service->signing_name(), &call->attempted_access_key);
  if (!caller.ok()) return Finish(call, nullptr, caller.error());
  call->caller = std::move(caller.value());
  call->authenticated = true;
  ctx.caller = &call->caller;

  const services::Operation* op = nullptr;
  if (!call->json_protocol) {
    if (call->operation_name.empty()) {
      return Finish(call, nullptr, core::Error{"MissingAction", "Missing Action"});
    }
    const auto version = call->form->Get("Version");
    if (version && *version != call->service->api_version()) {
      return Finish(call, nullptr,
                    core::Error{"InvalidAction", "Could not find operation " + call->operation_name + " for version " + *version});
    }
  }
  op = call->service->Find(call->operation_name);
  if (op == nullptr) {
    if (call->json_protocol) {
      return Finish(call, nullptr, core::Error{"UnknownOperationException", "Unknown operation " + call->operation_name});
    }
    return Finish(call, nullptr,
                  core::Error{"InvalidAction", "Could not find operation " + call->operation_name + " for version " +
                                                   std::string(call->service->api_version())});
  }

  // Contextualise and authorize.
  if (op->resource) call->resource = op->resource(ctx);
  if (!op->skip_authorization) {
    AuthorizationRequest authz;
    authz.action = op->action;
    authz.resource = call->resource.arn;
    authz.resource_account = options_.account_id;
    authz.context = StandardContextKeys(call->caller, ctx);
    if (op->condition_keys) {
      for (auto& [k, v] : op->condition_keys(ctx)) authz.context[k] = std::move(v);
    }
    core::Status allowed = authorizer_->Authorize(call->caller, authz);
    if (!allowed.ok()) return Finish(call, op, allowed.error());
  }
  Finish(call, op, std::nullopt);
}

void Pipeline::Finish(std::shared_ptr<Call> call, const services::Operation* op,
                      std::optional<core::Error> failure) const {
  const services::CallContext& ctx = call->context;
  trail::EventRecord record;
  if (call->authenticated) {
    record.user_identity = IdentityOf(call->caller);
  } else {
    record.user_identity.type = "Unknown";
    record.user_identity.access_key_id = call->attempted_access_key;
    record.user_identity.account_id = options_.account_id;
  }
  record.event_time = IsoTime(ctx.now);
  record.event_source = call->service != nullptr ? std::string(call->service->event_source()) : "sts.amazonaws.com";
  record.event_name = call->operation_name.empty() ? "Unknown" : call->operation_name;
  record.aws_region = ctx.region;
  record.source_ip_address = ctx.source_ip;
  record.user_agent = ctx.user_agent;
  record.request_parameters = op != nullptr && op->request_parameters ? op->request_parameters(ctx)
                                                                      : DefaultRequestParameters(ctx);
  record.request_id = ctx.request_id;
  record.event_id = options_.new_event_id ? options_.new_event_id() : options_.new_uuid();
  record.read_only = op == nullptr || op->read_only;
  record.recipient_account_id = options_.account_id;
  if (call->resource.arn != "*" && !call->resource.arn.empty()) {
    record.resources.push_back(trail::EventResource{call->resource.arn, options_.account_id, call->resource.type});
  }
  if (call->request.secure_transport) {
    record.tls_version = call->request.tls_version;
    record.cipher_suite = call->request.tls_cipher_suite;
    record.client_provided_host_header = std::string(call->request.HeaderValue("Host"));
  }
  if (failure) {
    record.error_code = failure->code;
    record.error_message = failure->message;
  }

  const protocol::ServiceProtocol& wire =
      call->service != nullptr ? call->service->wire_protocol() : FallbackProtocol(call->json_protocol);
  const services::Operation* to_run = failure ? nullptr : op;
  executor_->Execute(to_run, ctx, std::move(record), failure,
                     [call, &wire](core::Result<services::OperationOutcome> outcome) {
                       // Runs on the store's writer thread: encoding happens where the answer is sent.
                       call->outcome.emplace(std::move(outcome));
                       call->respond.WithProducer([call, &wire] {
                         const std::string& id = call->context.request_id;
                         const auto& result = *call->outcome;
                         return result.ok() ? protocol::EncodeResult(wire, call->operation_name, result->result, id)
                                            : protocol::EncodeError(wire, result.error(), id);
                       });
                     });
}

}  // namespace bulwark::server
