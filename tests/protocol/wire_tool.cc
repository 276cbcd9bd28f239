// Drives the model decoder and encoder from JSON lines on stdin, for the botocore round-trip test
// (botocore_roundtrip_test.py): botocore serializes requests and parses responses, this program sits
// where the server would. One JSON object per line in, one out:
//   {"mode":"decode","service":"iam","operation":"CreateUser","body":"Action=...&UserName=a"}
//   {"mode":"decode","service":"cloudtrail","operation":"LookupEvents","body":"{\"MaxResults\":5}"}
//     -> {"ok":true,"members":{...}} | {"ok":false,"code":"...","message":"..."}
//   {"mode":"encode","service":"iam","operation":"GetUser","result":{...}}
//     -> {"status":200,"headers":{...},"body":"..."}
// REST-XML (s3) requests carry the HTTP parts instead of a body alone; the answer also names the
// operation the request routes to ("routed"), while "members" is decoded as `operation`:
//   {"mode":"decode","service":"s3","operation":"GetBucketAcl","method":"GET","path":"/b",
//    "query":"acl","headers":{...},"body":"..."} -> {"ok":true,"routed":"GetBucketAcl","members":{...}}
// REST-JSON (accessanalyzer) requests likewise. Errors of any protocol, as the server writes them:
//   {"mode":"error","service":"iam","code":"NoSuchEntity","message":"..."}
//     -> {"status":404,"headers":{...},"body":"..."}
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <iostream>
#include <string>
#include <vector>

#include "protocol/input_decoder.h"
#include "protocol/output_encoder.h"
#include "protocol/codec.h"
#include "protocol/rest_json_decoder.h"
#include "protocol/rest_router.h"
#include "protocol/rest_xml_decoder.h"
#include "protocol/rest_xml_encoder.h"

namespace {

namespace json = boost::json;
using namespace bulwark;

json::object Failure(const core::Error& e) { return {{"ok", false}, {"code", e.code}, {"message", e.message}}; }

json::object HandleRestXml(const json::object& in, const protocol::ServiceModel& model,
                           const protocol::OperationModel& op) {
  if (in.at("mode").as_string() == "decode") {
    std::vector<protocol::Header> headers;
    for (const auto& [k, v] : in.at("headers").as_object()) headers.emplace_back(std::string(k), std::string(v.as_string()));
    protocol::RestRequest request;
    request.method = in.at("method").as_string();
    request.path = in.at("path").as_string();
    request.query = in.at("query").as_string();
    request.headers = &headers;
    request.body = in.at("body").as_string();
    // Routed on its own: a shadowed operation's body need not decode as the one it routes to.
    auto query = core::DecodeForm(request.query, core::FormLimits{});
    if (!query.ok()) return Failure(query.error());
    auto routed = protocol::RouteRestOperation(model, request.method, request.path, *query, headers);
    auto decoded = protocol::DecodeRestXmlInput(op, request);
    if (!decoded.ok()) return Failure(decoded.error());
    return {{"ok", true},
            {"routed", routed.ok() ? json::value((*routed)->name) : json::value(routed.error().code)},
            {"members", decoded->members}};
  }
  auto response = protocol::EncodeRestXmlResult(op, in.at("result").as_object(), "request-1");
  json::object headers;
  for (const auto& [k, v] : response.headers) headers[k] = v;
  return {{"status", response.status}, {"headers", headers}, {"body", response.body}};
}

json::object Encoded(const protocol::WireResponse& response) {
  json::object headers;
  for (const auto& [k, v] : response.headers) headers[k] = v;
  return {{"status", response.status}, {"headers", headers}, {"body", response.body}};
}

protocol::ServiceProtocol WireOf(const protocol::ServiceModel& model) {
  protocol::ServiceProtocol wire;
  if (model.protocol == "query") {
    wire.protocol = protocol::Protocol::kQuery;
  } else if (model.protocol == "json") {
    wire.protocol = protocol::Protocol::kJson11;
  } else if (model.protocol == "rest-json") {
    wire.protocol = protocol::Protocol::kRestJson;
  } else if (model.protocol == "rest-xml") {
    wire.protocol = protocol::Protocol::kRestXml;
  } else {
    wire.protocol = protocol::Protocol::kJson10;
  }
  wire.xml_namespace = model.xml_namespace;
  wire.target_prefix = model.target_prefix;
  wire.model = &model;
  return wire;
}

json::object HandleRestJson(const json::object& in, const protocol::ServiceModel& model,
                            const protocol::OperationModel& op) {
  if (in.at("mode").as_string() == "decode") {
    std::vector<protocol::Header> headers;
    for (const auto& [k, v] : in.at("headers").as_object()) headers.emplace_back(std::string(k), std::string(v.as_string()));
    protocol::RestRequest request;
    request.method = in.at("method").as_string();
    request.path = in.at("path").as_string();
    request.query = in.at("query").as_string();
    request.headers = &headers;
    request.body = in.at("body").as_string();
    auto routed = protocol::RouteRestJsonOperation(model, request);
    auto decoded = protocol::DecodeRestJsonInput(op, request);
    if (!decoded.ok()) return Failure(decoded.error());
    return {{"ok", true},
            {"routed", routed.ok() ? json::value((*routed)->name) : json::value(routed.error().code)},
            {"members", decoded->members}};
  }
  return Encoded(protocol::EncodeModelledResult(WireOf(model), op, in.at("result").as_object(), "request-1"));
}

json::object Handle(const json::object& in) {
  if (in.at("mode").as_string() == "error") {
    const protocol::ServiceModel* model = protocol::FindServiceModel(in.at("service").as_string());
    if (model == nullptr) return Failure({"NoModel", ""});
    const core::Error error{std::string(in.at("code").as_string()), std::string(in.at("message").as_string())};
    return Encoded(protocol::EncodeError(WireOf(*model), error, "request-1"));
  }
  const std::string service(in.at("service").as_string());
  const std::string operation(in.at("operation").as_string());
  const protocol::ServiceModel* model = protocol::FindServiceModel(service);
  if (model == nullptr) return Failure({"NoModel", service});
  const protocol::OperationModel* op = model->Find(operation);
  if (op == nullptr) return Failure({"NoOperation", operation});
  const bool query = model->protocol == "query";
  if (model->protocol == "rest-xml") return HandleRestXml(in, *model, *op);
  if (model->protocol == "rest-json") return HandleRestJson(in, *model, *op);
  if (in.at("mode").as_string() == "decode") {
    const std::string body(in.at("body").as_string());
    core::Result<protocol::DecodedInput> decoded = core::Error{"Unset", ""};
    if (query) {
      auto form = protocol::FormParams::Parse(body);
      if (!form.ok()) return Failure(form.error());
      decoded = protocol::DecodeQueryInput(*op, *form);
    } else {
      json::value parsed = body.empty() ? json::value(json::object()) : json::parse(body);
      decoded = protocol::DecodeJsonInput(*op, parsed.as_object());
    }
    if (!decoded.ok()) return Failure(decoded.error());
    return {{"ok", true}, {"members", decoded->members}};
  }
  protocol::ServiceProtocol wire;
  wire.protocol = query ? protocol::Protocol::kQuery
                        : (model->protocol == "json" ? protocol::Protocol::kJson11 : protocol::Protocol::kJson10);
  wire.xml_namespace = model->xml_namespace;
  wire.target_prefix = model->target_prefix;
  auto response = protocol::EncodeModelledResult(wire, *op, in.at("result").as_object(), "request-1");
  json::object headers;
  for (const auto& [k, v] : response.headers) headers[k] = v;
  return {{"status", response.status}, {"headers", headers}, {"body", response.body}};
}

}  // namespace

int main() {
  std::string line;
  while (std::getline(std::cin, line)) {
    if (line.empty()) continue;
    std::cout << json::serialize(Handle(json::parse(line).as_object())) << "\n" << std::flush;
  }
  return 0;
}
