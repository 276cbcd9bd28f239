#include "protocol/rest_json_encoder.h"

#include <boost/json/serialize.hpp>

#include "crypto/base64.h"
#include "protocol/error_codes.h"
#include "protocol/map_entries.h"
#include "protocol/output_encoder.h"
#include "protocol/rest_router.h"
#include "protocol/timestamp_format.h"

namespace bulwark::protocol {

namespace {

namespace json = boost::json;

constexpr const char* kContentType = "application/json";

const json::value* FindMember(const json::object& o, const Member& m) {
  const json::value* v = o.if_contains(m.name);
  if (v == nullptr && !m.ref.location_name.empty()) v = o.if_contains(m.ref.location_name);
  return v != nullptr && !v->is_null() ? v : nullptr;
}

// A scalar as header text.
std::string HeaderText(const ShapeRef& ref, const json::value& v) {
  const Shape& shape = *ref.shape;
  if (shape.type == ShapeType::kTimestamp) {
    std::string format = !ref.timestamp_format.empty() ? ref.timestamp_format : shape.timestamp_format;
    if (format.empty()) format = "rfc822";
    if (auto t = TimestampValue(v)) return FormatTimestamp(*t, format);
  }
  if (v.is_string()) return std::string(v.get_string());
  if (v.is_bool()) return v.get_bool() ? "true" : "false";
  return json::serialize(v);
}

std::string ListItem(const std::string& text) {
  // A value holding a comma or quote is quoted, its quotes escaped (rest_router.h SplitHeaderList).
  if (text.find_first_of(",\"") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

WireResponse EncodeRestJsonResult(const OperationModel& operation, const json::object& result,
                                  std::string_view request_id) {
  WireResponse response;
  response.status = static_cast<unsigned>(operation.response_code);
  response.headers.emplace_back("x-amzn-RequestId", std::string(request_id));
  const Shape* output = operation.output;
  if (output == nullptr) {
    response.body = "{}";
    response.headers.emplace_back("Content-Type", kContentType);
    return response;
  }
  json::object body;
  bool payload_written = false;
  for (const Member& m : output->members) {
    const json::value* v = FindMember(result, m);
    const Shape& ms = *m.ref.shape;
    if (m.ref.location == "statusCode") {
      if (v != nullptr && v->is_number()) response.status = static_cast<unsigned>(v->to_number<int64_t>());
      continue;
    }
    if (v == nullptr) continue;
    if (m.ref.location == "header") {
      if (m.ref.json_value) {
        response.headers.emplace_back(RestWireName(m), crypto::Base64Encode(json::serialize(*v)));
      } else if (ms.type == ShapeType::kList && v->is_array()) {
        std::string joined;
        for (const json::value& item : v->get_array()) {
          joined += (joined.empty() ? "" : ",") + ListItem(HeaderText(ms.member, item));
        }
        response.headers.emplace_back(RestWireName(m), joined);
      } else {
        response.headers.emplace_back(RestWireName(m), HeaderText(m.ref, *v));
      }
    } else if (m.ref.location == "headers") {
      for (const auto& [key, item] : MapEntries(*v)) response.headers.emplace_back(RestWireName(m) + key, HeaderText(ms.value, *item));
    } else if (!output->payload.empty() && m.name == output->payload) {
      payload_written = true;
      if (ms.type == ShapeType::kBlob && v->is_string()) {
        auto bytes = crypto::Base64Decode(v->get_string());
        if (bytes.ok()) response.body = std::move(*bytes);
        response.headers.emplace_back("Content-Type", "application/octet-stream");
      } else if (ms.type == ShapeType::kString && v->is_string()) {
        response.body = std::string(v->get_string());
        response.headers.emplace_back("Content-Type", "text/plain");
      } else {
        response.body = json::serialize(JsonWireValue(ms, *v));
        response.headers.emplace_back("Content-Type", kContentType);
      }
    } else if (m.ref.location.empty()) {
      body[RestWireName(m)] = JsonWireValue(ms, *v);
    }
  }
  if (!payload_written && output->payload.empty()) {
    response.body = json::serialize(body);
    response.headers.emplace_back("Content-Type", kContentType);
  }
  return response;
}

WireResponse EncodeRestJsonError(const ServiceModel* model, const core::Error& error, std::string_view request_id) {
  WireResponse response;
  response.status = ShapeOfError(model, error.code).http_status;
  response.headers.emplace_back("x-amzn-RequestId", std::string(request_id));
  response.headers.emplace_back("Content-Type", kContentType);
  const Shape* shape = model != nullptr ? model->FindError(error.code) : nullptr;
  const std::string code = shape != nullptr ? shape->error_code : error.code;
  response.headers.emplace_back("x-amzn-ErrorType", code);
  json::object body;
  std::string message_key = "message";
  if (shape != nullptr) {
    for (const Member& m : shape->members) {
      if (m.name == "Message" || RestWireName(m) == "Message") message_key = "Message";
      if (m.name == "reason" && m.required) {
        for (const std::string& e : m.ref.shape->enum_values) {
          if (e == "fieldValidationFailed") body[RestWireName(m)] = e;
        }
      }
    }
  }
  body[message_key] = error.message;
  response.body = json::serialize(body);
  return response;
}

}  // namespace bulwark::protocol
