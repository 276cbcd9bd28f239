#include "server/pipeline.h"

#include <boost/json/parse.hpp>

#include "core/arn.h"
#include "core/form_encoding.h"
#include "core/utf8.h"
#include "protocol/codec.h"
#include "protocol/input_decoder.h"
#include "protocol/output_encoder.h"
#include "protocol/rest_json_decoder.h"
#include "protocol/rest_router.h"
#include "protocol/rest_xml_decoder.h"
#include "protocol/service_model.h"
#include "protocol/form_params.h"
#include "server/request_context.h"

namespace bulwark::server {

namespace {

// Botocore serializes query-protocol calls as POST form bodies; presigned calls put everything in
// the query string. Both are read through one decoder; a name given in both is refused, like any
// repeated name (form_params.h).
core::Result<protocol::FormParams> QueryParams(const protocol::WireRequest& request, std::size_t max_params) {
  auto query = core::DecodeForm(request.Query(), core::FormLimits{request.Query().size(), max_params});
  if (!query.ok()) return query.error();
  if (!request.body.empty()) {
    auto body = core::DecodeForm(request.body, core::FormLimits{request.body.size(), max_params});
    if (!body.ok()) return body.error();
    if (query->size() + body->size() > max_params) {
      return core::Error{"RequestEntityTooLarge", "The request has more than " + std::to_string(max_params) + " parameters."};
    }
    for (auto& pair : *body) query->push_back(std::move(pair));
  }
  return protocol::FormParams::FromPairs(std::move(*query));
}

// Operation names are short identifiers ("AttachUserPolicy"); anything else is not echoed anywhere.
bool IsOperationName(std::string_view name) {
  if (name.empty() || name.size() > 128) return false;
  for (char c : name) {
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

// Header-borne text a record keeps: valid UTF-8, and bounded whatever the caller sent.
constexpr std::size_t kMaxUserAgentBytes = 1024;
constexpr std::size_t kMaxHostBytes = 256;
constexpr std::size_t kMaxAccessKeyIdBytes = 128;
std::string BoundedText(std::string_view text, std::size_t max_bytes) {
  std::string out = core::SanitizeUtf8(text.substr(0, max_bytes));
  // A cut inside a multi-byte character became U+FFFD; that is fine for a record.
  return out;
}

// The Action of a query-protocol call that failed authentication, for its record: read from the
// URL, or from a small body only (an unauthenticated body is otherwise never decoded).
std::string UnauthenticatedAction(const protocol::WireRequest& request) {
  constexpr std::size_t kMaxPeekBytes = 4096;
  for (std::string_view text : {request.Query(), std::string_view(request.body)}) {
    if (text.size() > kMaxPeekBytes) continue;
    auto pairs = core::DecodeForm(text, core::FormLimits{kMaxPeekBytes, 64});
    if (!pairs.ok()) continue;
    for (const auto& p : *pairs) {
      if (p.name == "Action" && IsOperationName(p.value)) return p.value;
    }
  }
  return "";
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

// The account that owns a resource: the 12-digit account its ARN names; else (no resource, "*",
// ARNs without an account such as S3's, AWS-owned ARNs) the caller's.
std::string OwnerAccountOf(std::string_view arn, const std::string& caller_account) {
  const auto parts = core::SplitArn(arn);
  if (!parts || parts->account.size() != 12) return caller_account;
  for (char c : parts->account) {
    if (c < '0' || c > '9') return caller_account;
  }
  return std::string(parts->account);
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

std::string ScopeServiceOf(const protocol::WireRequest& request) {
  std::string_view auth = request.HeaderValue("Authorization");
  const auto at = auth.find("Credential=");
  if (at != std::string_view::npos) {
    std::string_view credential = auth.substr(at + 11);
    return ServiceOfCredential(credential.substr(0, credential.find_first_of(", ")));
  }
  // Presigned: only the URL's query (bounded like SigV4's) is read for routing; repeated names are
  // the decoder's concern after authentication, so the scope is still found here.
  auto pairs = core::DecodeForm(request.Query(), core::FormLimits{16 * 1024, 256});
  if (!pairs.ok()) return "";
  for (const auto& pair : *pairs) {
    if (pair.name == "X-Amz-Credential") return ServiceOfCredential(pair.value);
  }
  return "";
}

struct Pipeline::Call {
  protocol::WireRequest request;
  Respond respond;
  const services::Service* service = nullptr;
  const protocol::OperationModel* model = nullptr;  // The operation's input shape, when modelled.
  std::string operation_name;
  std::optional<protocol::DecodedInput> input;       // What the operation consumes and the record shows.
  core::Caller caller;
  bool authenticated = false;
  std::string attempted_access_key;
  services::CallContext context;
  services::ResourceRef resource{"*", ""};
  bool json_protocol = false;
  bool rest_protocol = false;  // REST-JSON or REST-XML: routed by method and URI template.
  std::optional<core::Result<services::OperationOutcome>> outcome;
};

Pipeline::Pipeline(PipelineOptions options, std::vector<std::shared_ptr<const services::Service>> services,
                   std::shared_ptr<const Authenticator> authenticator, std::shared_ptr<const Authorizer> authorizer,
                   std::shared_ptr<CallExecutor> executor)
    : options_(std::move(options)), services_(std::move(services)), authenticator_(std::move(authenticator)),
      authorizer_(std::move(authorizer)), executor_(std::move(executor)),
      failure_limiter_(std::make_unique<FailureLimiter>(options_.unauthenticated_failures)) {}

Pipeline::~Pipeline() = default;

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
  // Made valid and bounded once: aws:UserAgent and the record read the same text.
  ctx.user_agent = BoundedText(call->request.HeaderValue("User-Agent"), kMaxUserAgentBytes);
  ctx.secure_transport = call->request.secure_transport;
  ctx.credential_epoch = options_.credential_epoch.get();
  if (ctx.credential_epoch != nullptr) ctx.credential_epoch_at_start = ctx.credential_epoch->Current();

  // Route from what the headers and URL say; the body is not read before authentication.
  // JSON protocols name the operation in X-Amz-Target ("Prefix.Operation"); the query protocol's
  // service is the credential scope's.
  const std::string_view target = call->request.HeaderValue("X-Amz-Target");
  if (!target.empty()) {
    call->json_protocol = true;
    const auto dot = target.rfind('.');
    if (dot != std::string_view::npos) {
      call->service = RouteByTarget(target.substr(0, dot));
      if (IsOperationName(target.substr(dot + 1))) call->operation_name = std::string(target.substr(dot + 1));
    }
    if (call->service == nullptr) {
      return Finish(call, nullptr, core::Error{"UnknownOperationException", "The requested operation is not known."});
    }
  } else {
    const std::string scope_service = ScopeServiceOf(call->request);
    call->service = RouteBySigningName(scope_service.empty() ? "sts" : scope_service);
    if (call->service == nullptr) {
      return Finish(call, nullptr, core::Error{"InvalidAction", "The requested service is not available on this endpoint."});
    }
    // REST protocols name the operation by method and URI template, read after authentication.
    const protocol::Protocol p = call->service->wire_protocol().protocol;
    call->rest_protocol = p == protocol::Protocol::kRestJson || p == protocol::Protocol::kRestXml;
  }

  // Authenticate before anything about the operation is revealed or the body decoded.
  auto caller = authenticator_->Authenticate(call->request, call->service->signing_name(), &call->attempted_access_key);
  if (!caller.ok()) {
    if (!call->json_protocol) call->operation_name = UnauthenticatedAction(call->request);
    return Finish(call, nullptr, caller.error());
  }
  call->caller = std::move(caller.value());
  call->authenticated = true;
  ctx.caller = &call->caller;
  // Every call acts in the caller's account: its IAM, its settings, its trail.
  ctx.account_id = call->caller.account_id;

  // Decode: the model's members, and nothing else, are what the operation sees and the record shows.
  const protocol::ServiceModel* model = protocol::FindServiceModel(call->service->signing_name());
  protocol::DecodeOptions decode_options;
  decode_options.check_constraints = call->service->checks_model_constraints();
  std::optional<protocol::FormParams> raw_form;
  boost::json::value raw_json;
  if (call->rest_protocol) return DecodeRest(call, model, decode_options);
  if (call->json_protocol) {
    if (call->request.body.size() > options_.max_json_body_bytes) {
      return Finish(call, nullptr, core::Error{"SerializationException", "The request body is too large"});
    }
    boost::system::error_code ec;
    raw_json = call->request.body.empty() ? boost::json::value(boost::json::object())
                                          : boost::json::parse(call->request.body, ec);
    if (ec || !raw_json.is_object()) {
      return Finish(call, nullptr, core::Error{"SerializationException", "The request body is not a JSON object"});
    }
  } else {
    auto form = QueryParams(call->request, options_.max_query_parameters);
    if (!form.ok()) return Finish(call, nullptr, form.error());
    raw_form = std::move(form.value());
    const auto action = raw_form->Get("Action");
    call->operation_name = action && IsOperationName(*action) ? *action : "";
    if (call->operation_name.empty()) {
      return Finish(call, nullptr, core::Error{"MissingAction", "Missing Action"});
    }
    const auto version = raw_form->Get("Version");
    if (version && *version != call->service->api_version()) {
      return Finish(call, nullptr,
                    core::Error{"InvalidAction", "Could not find operation " + call->operation_name + " for version " + *version});
    }
  }
  const services::Operation* op = call->service->Find(call->operation_name);
  if (op == nullptr) {
    if (call->json_protocol) {
      return Finish(call, nullptr, core::Error{"UnknownOperationException", "Unknown operation " + call->operation_name});
    }
    return Finish(call, nullptr,
                  core::Error{"InvalidAction", "Could not find operation " + call->operation_name + " for version " +
                                                   std::string(call->service->api_version())});
  }
  call->model = model != nullptr ? model->Find(op->name) : nullptr;
  if (call->model == nullptr) {
    // Every served operation is modelled (a test checks it); refuse rather than guess its input.
    return Finish(call, nullptr, core::Error{"InternalFailure", "The operation has no model."});
  }
  auto decoded = call->json_protocol ? protocol::DecodeJsonInput(*call->model, raw_json.get_object(), decode_options)
                                     : protocol::DecodeQueryInput(*call->model, *raw_form, decode_options);
  if (!decoded.ok()) return Finish(call, op, call->service->ServiceError(decoded.error()));
  call->input = std::move(decoded.value());
  ctx.input = &call->input->members;
  if (call->json_protocol) {
    ctx.json = &call->input->json;
  } else {
    ctx.form = &call->input->form;
  }
  Authorize(call, op);
}

void Pipeline::DecodeRest(std::shared_ptr<Call> call, const protocol::ServiceModel* model,
                          const protocol::DecodeOptions& decode_options) const {
  services::CallContext& ctx = call->context;
  if (model == nullptr) return Finish(call, nullptr, core::Error{"InternalFailure", "The service has no model."});
  const bool json = call->service->wire_protocol().protocol == protocol::Protocol::kRestJson;
  protocol::RestRequest rest{call->request.method, call->request.Path(), call->request.Query(),
                             &call->request.headers, call->request.body};
  protocol::RestJsonLimits json_limits;
  json_limits.max_body_bytes = options_.max_json_body_bytes;
  json_limits.query.max_pairs = options_.max_query_parameters;
  protocol::RestXmlLimits xml_limits;
  xml_limits.max_xml_bytes = options_.max_json_body_bytes;
  xml_limits.query.max_pairs = options_.max_query_parameters;
  core::Result<const protocol::OperationModel*> routed = core::Error{"InternalFailure", ""};
  if (json) {
    routed = protocol::RouteRestJsonOperation(*model, rest, json_limits);
  } else {
    auto query = core::DecodeForm(rest.query, xml_limits.query);
    if (!query.ok()) return Finish(call, nullptr, query.error());
    routed = protocol::RouteRestOperation(*model, rest.method, rest.path, *query, call->request.headers);
  }
  if (!routed.ok()) return Finish(call, nullptr, routed.error());
  call->operation_name = (*routed)->name;
  const services::Operation* op = call->service->Find(call->operation_name);
  if (op == nullptr) {
    // Modelled but not served here: the protocol's own "no such operation".
    return Finish(call, nullptr,
                  json ? core::Error{"UnknownOperationException", "Unknown operation " + call->operation_name}
                       : core::Error{"NotImplemented", "A header you provided implies functionality that is not implemented."});
  }
  call->model = *routed;
  auto decoded = json ? protocol::DecodeRestJsonInput(*call->model, rest, decode_options, json_limits)
                      : protocol::DecodeRestXmlInput(*call->model, rest, decode_options, xml_limits);
  if (!decoded.ok()) return Finish(call, op, decoded.error());
  call->input = std::move(decoded.value());
  if (call->input->json.is_null()) call->input->json = call->input->members;
  ctx.input = &call->input->members;
  ctx.json = &call->input->json;
  Authorize(call, op);
}

void Pipeline::Authorize(std::shared_ptr<Call> call, const services::Operation* op) const {
  services::CallContext& ctx = call->context;
  // Contextualise and authorize.
  if (op->resource) call->resource = op->resource(ctx);
  if (!op->skip_authorization) {
    AuthorizationRequest authz;
    authz.action = op->action;
    authz.resource = call->resource.arn;
    authz.resource_account = OwnerAccountOf(call->resource.arn, call->caller.account_id);
    authz.context = StandardContextKeys(call->caller, ctx);
    if (op->condition_keys) {
      for (auto& [k, v] : op->condition_keys(ctx)) authz.context[k] = std::move(v);
    }
    std::vector<services::AdditionalAuthorization> checks{{op->action, call->resource.arn}};
    if (op->also_authorize) {
      for (auto& extra : op->also_authorize(ctx)) checks.push_back(std::move(extra));
    }
    for (const auto& check : checks) {
      authz.action = check.action;
      authz.resource = check.resource;
      authz.resource_account = OwnerAccountOf(check.resource, call->caller.account_id);
      if (op->resource_policy) {
        authz.resource_policy = [op, &ctx, &check](store::ReadView& view) {
          return op->resource_policy(ctx, check.action, check.resource, view);
        };
      }
      core::Status allowed = authorizer_->Authorize(call->caller, authz);
      if (!allowed.ok()) {
        // The authorizer speaks the query protocol's AccessDenied; each service answers in its own form.
        return Finish(call, op, call->service->ServiceError(allowed.error()));
      }
    }
  }
  Finish(call, op, std::nullopt);
}

void Pipeline::Finish(std::shared_ptr<Call> call, const services::Operation* op,
                      std::optional<core::Error> failure) const {
  const services::CallContext& ctx = call->context;
  FailureLimiter::Verdict verdict;
  if (!call->authenticated && failure) {
    verdict = failure_limiter_->Admit(ctx.source_ip, ctx.now);
    if (!verdict.record) {
      // This source has spent its budget of recorded authentication failures: answer as always,
      // but write nothing, so no unauthenticated source can grow the trail without bound. Its next
      // recorded failure says how many were left out.
      const protocol::ServiceProtocol& wire =
          call->service != nullptr ? call->service->wire_protocol() : FallbackProtocol(call->json_protocol);
      call->respond(protocol::EncodeError(wire, *failure, ctx.request_id));
      return;
    }
  }
  trail::EventRecord record;
  if (call->authenticated) {
    record.user_identity = IdentityOf(call->caller);
  } else {
    record.user_identity.type = "Unknown";
    record.user_identity.access_key_id = BoundedText(call->attempted_access_key, kMaxAccessKeyIdBytes);
    record.user_identity.account_id = options_.account_id;
  }
  record.event_time = IsoTime(ctx.now);
  record.event_source = call->service != nullptr ? std::string(call->service->event_source()) : "sts.amazonaws.com";
  record.event_name = call->operation_name.empty() ? "Unknown" : call->operation_name;
  record.aws_region = ctx.region;
  record.source_ip_address = ctx.source_ip;
  record.user_agent = ctx.user_agent;
  // Only what the operation consumed, as decoded: never a second reading of the raw request, and
  // nothing at all from a caller who did not authenticate.
  if (op != nullptr && op->request_parameters && call->input) {
    record.request_parameters = op->request_parameters(ctx);
  } else if (call->model != nullptr && call->input) {
    record.request_parameters = protocol::RecordedParameters(*call->model, *call->input);
  } else {
    record.request_parameters = nullptr;
  }
  record.request_id = ctx.request_id;
  record.event_id = options_.new_event_id ? options_.new_event_id() : options_.new_uuid();
  record.read_only = op == nullptr || op->read_only;
  // Who could not be identified is recorded in the home account (the server's first).
  record.recipient_account_id = call->authenticated ? call->caller.account_id : options_.account_id;
  if (call->resource.arn != "*" && !call->resource.arn.empty()) {
    const std::string owner = OwnerAccountOf(call->resource.arn, record.recipient_account_id);
    record.resources.push_back(trail::EventResource{call->resource.arn, owner, call->resource.type});
    if (owner != record.recipient_account_id) {
      record.shared_event_id = options_.new_uuid();
      record.counterpart_account_id = owner;
      record.counterpart_event_id = options_.new_event_id ? options_.new_event_id() : options_.new_uuid();
    }
  }
  if (call->request.secure_transport) {
    record.tls_version = call->request.tls_version;
    record.cipher_suite = call->request.tls_cipher_suite;
    record.client_provided_host_header = BoundedText(call->request.HeaderValue("Host"), kMaxHostBytes);
  }
  if (failure) {
    record.error_code = failure->code;
    record.error_message = failure->message;
  }
  if (verdict.left_out != 0) {
    record.additional_event_data =
        boost::json::object{{"unrecordedFailuresFromSource", static_cast<std::uint64_t>(verdict.left_out)}};
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
                         if (!result.ok()) return protocol::EncodeError(wire, result.error(), id);
                         // Every served operation has a model (the pipeline refuses others).
                         return call->model != nullptr
                                    ? protocol::EncodeModelledResult(wire, *call->model, result->result, id)
                                    : protocol::EncodeResult(wire, call->operation_name, result->result, id);
                       });
                     });
}

}  // namespace bulwark::server
