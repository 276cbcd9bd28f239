#include "protocol/service_model.h"

#include "protocol/model_pattern.h"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <stdexcept>

extern "C" const char bulwark_service_models_begin[];
extern "C" const char bulwark_service_models_end[];

namespace bulwark::protocol {

namespace {

namespace json = boost::json;

ShapeType TypeOf(std::string_view t) {
  if (t == "structure") return ShapeType::kStructure;
  if (t == "list") return ShapeType::kList;
  if (t == "map") return ShapeType::kMap;
  if (t == "integer") return ShapeType::kInteger;
  if (t == "long") return ShapeType::kLong;
  if (t == "boolean") return ShapeType::kBoolean;
  if (t == "timestamp") return ShapeType::kTimestamp;
  if (t == "blob") return ShapeType::kBlob;
  if (t == "double") return ShapeType::kDouble;
  if (t == "float") return ShapeType::kFloat;
  return ShapeType::kString;
}

std::string StringOr(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

bool BoolOr(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_bool() && v->get_bool();
}

std::optional<int64_t> NumberOf(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr) return std::nullopt;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64()) return static_cast<int64_t>(v->get_uint64());
  if (v->is_double()) return static_cast<int64_t>(v->get_double());
  return std::nullopt;
}

XmlNamespace NamespaceOf(const json::object& o, std::string_view key) {
  XmlNamespace out;
  const json::value* v = o.if_contains(key);
  if (v == nullptr) return out;
  if (v->is_string()) {
    out.uri = std::string(v->get_string());
  } else if (v->is_object()) {
    out.uri = StringOr(v->get_object(), "uri");
    out.prefix = StringOr(v->get_object(), "prefix");
  }
  return out;
}

ShapeRef RefOf(const ServiceModel& model, const json::object& ref) {
  ShapeRef out;
  auto it = model.shapes.find(StringOr(ref, "shape"));
  if (it == model.shapes.end()) throw std::runtime_error("service model: unknown shape " + StringOr(ref, "shape"));
  out.shape = it->second.get();
  out.location_name = StringOr(ref, "locationName");
  out.query_name = StringOr(ref, "queryName");
  out.location = StringOr(ref, "location");
  out.flattened = BoolOr(ref, "flattened");
  out.xml_attribute = BoolOr(ref, "xmlAttribute");
  out.xml_namespace = NamespaceOf(ref, "xmlNamespace");
  out.streaming = BoolOr(ref, "streaming");
  out.host_label = BoolOr(ref, "hostLabel");
  out.json_value = BoolOr(ref, "jsonvalue");
  out.timestamp_format = StringOr(ref, "timestampFormat");
  return out;
}

std::unique_ptr<ServiceModel> BuildService(std::string name, const json::object& in) {
  auto model = std::make_unique<ServiceModel>();
  model->name = std::move(name);
  model->protocol = StringOr(in, "protocol");
  model->api_version = StringOr(in, "apiVersion");
  model->target_prefix = StringOr(in, "targetPrefix");
  model->xml_namespace = StringOr(in, "xmlNamespace");
  model->signing_name = StringOr(in, "signingName");
  model->aws_query_compatible = BoolOr(in, "awsQueryCompatible");
  const json::object& shapes = in.at("shapes").as_object();
  // Two passes: every shape exists before references between them are resolved.
  for (const auto& [shape_name, _] : shapes) {
    auto shape = std::make_unique<Shape>();
    shape->name = std::string(shape_name);
    model->shapes.emplace(shape->name, std::move(shape));
  }
  for (const auto& [shape_name, value] : shapes) {
    const json::object& s = value.as_object();
    Shape& shape = *model->shapes.at(std::string(shape_name));
    shape.type = TypeOf(StringOr(s, "type"));
    shape.flattened = BoolOr(s, "flattened");
    shape.sensitive = BoolOr(s, "sensitive");
    shape.min = NumberOf(s, "min");
    shape.max = NumberOf(s, "max");
    shape.pattern = StringOr(s, "pattern");
    if (!shape.pattern.empty()) shape.pattern_matcher = ModelPattern::Compile(shape.pattern);
    shape.timestamp_format = StringOr(s, "timestampFormat");
    shape.location_name = StringOr(s, "locationName");
    shape.payload = StringOr(s, "payload");
    shape.xml_namespace = NamespaceOf(s, "xmlNamespace");
    shape.streaming = BoolOr(s, "streaming");
    shape.event_stream = BoolOr(s, "eventstream");
    shape.union_type = BoolOr(s, "union");
    if (const json::value* e = s.if_contains("error"); e != nullptr && e->is_object()) {
      shape.is_error = true;
      shape.error_code = StringOr(e->get_object(), "code");
      if (shape.error_code.empty()) shape.error_code = shape.name;
      shape.http_status = static_cast<int>(NumberOf(e->get_object(), "httpStatusCode").value_or(400));
      shape.sender_fault = BoolOr(e->get_object(), "senderFault");
      model->errors.emplace(shape.error_code, &shape);
      model->errors.emplace(shape.name, &shape);
    }
    if (const json::value* e = s.if_contains("enum")) {
      for (const json::value& v : e->as_array()) shape.enum_values.emplace_back(v.as_string());
    }
    if (shape.type == ShapeType::kStructure) {
      std::vector<std::string> required;
      if (const json::value* r = s.if_contains("required")) {
        for (const json::value& v : r->as_array()) required.emplace_back(v.as_string());
      }
      for (const auto& [member_name, ref] : s.at("members").as_object()) {
        Member m;
        m.name = std::string(member_name);
        m.ref = RefOf(*model, ref.as_object());
        for (const auto& r : required) m.required = m.required || r == m.name;
        shape.members.push_back(std::move(m));
      }
    } else if (shape.type == ShapeType::kList) {
      shape.member = RefOf(*model, s.at("member").as_object());
    } else if (shape.type == ShapeType::kMap) {
      shape.key = RefOf(*model, s.at("key").as_object());
      shape.value = RefOf(*model, s.at("value").as_object());
    }
  }
  for (const auto& [op_name, value] : in.at("operations").as_object()) {
    OperationModel op;
    op.name = std::string(op_name);
    const json::object& o = value.as_object();
    const std::string input = StringOr(o, "input");
    if (!input.empty()) op.input = model->shapes.at(input).get();
    const std::string output = StringOr(o, "output");
    if (!output.empty()) op.output = model->shapes.at(output).get();
    op.result_wrapper = StringOr(o, "resultWrapper");
    if (const json::value* http = o.if_contains("http"); http != nullptr && http->is_object()) {
      op.http_method = StringOr(http->get_object(), "method");
      op.request_uri = StringOr(http->get_object(), "requestUri");
      op.response_code = static_cast<int>(NumberOf(http->get_object(), "responseCode").value_or(200));
    }
    op.deprecated = BoolOr(o, "deprecated");
    op.control_endpoint = BoolOr(o, "controlEndpoint");
    op.input_location_name = StringOr(o, "inputLocationName");
    op.input_xml_namespace = NamespaceOf(o, "inputXmlNamespace");
    if (const json::value* errors = o.if_contains("errors")) {
      for (const json::value& e : errors->as_array()) op.errors.push_back(model->shapes.at(std::string(e.as_string())).get());
    }
    model->operations.emplace(op.name, std::move(op));
  }
  return model;
}

struct Models {
  std::string source;
  std::map<std::string, std::unique_ptr<ServiceModel>, std::less<>> services;
};

const Models& Embedded() {
  // Built from data compiled into the binary by the build; a failure is a build defect.
  static const Models models = [] {
    Models out;
    const std::string_view text(bulwark_service_models_begin,
                                static_cast<std::size_t>(bulwark_service_models_end - bulwark_service_models_begin));
    const json::value root = json::parse(text);
    out.source = std::string(root.at("source").as_string());
    for (const auto& [name, service] : root.at("services").as_object()) {
      out.services.emplace(std::string(name), BuildService(std::string(name), service.as_object()));
    }
    return out;
  }();
  return models;
}

}  // namespace

const ServiceModel* FindServiceModel(std::string_view service) {
  const auto& services = Embedded().services;
  auto it = services.find(service);
  if (it != services.end()) return it->second.get();
  for (const auto& [name, model] : services) {
    if (model->signing_name == service) return model.get();
  }
  return nullptr;
}

std::string_view ServiceModelSource() { return Embedded().source; }

}  // namespace bulwark::protocol
