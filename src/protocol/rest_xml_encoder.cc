#include "protocol/rest_xml_encoder.h"

#include <boost/json/serialize.hpp>
#include <pugixml.hpp>
#include <sstream>

#include "crypto/base64.h"
#include "protocol/error_codes.h"
#include "protocol/map_entries.h"
#include "protocol/rest_router.h"
#include "protocol/timestamp_format.h"

namespace bulwark::protocol {

namespace {

namespace json = boost::json;

std::string XmlName(const Member& m) {
  if (!m.ref.location_name.empty()) return m.ref.location_name;
  if (!m.ref.shape->location_name.empty()) return m.ref.shape->location_name;
  return m.name;
}

const json::value* FindMember(const json::object& o, const Member& m) {
  const json::value* v = o.if_contains(m.name);
  return v != nullptr && !v->is_null() ? v : nullptr;
}

std::string TimestampFormatOf(const ShapeRef& ref, const char* fallback) {
  if (!ref.timestamp_format.empty()) return ref.timestamp_format;
  if (!ref.shape->timestamp_format.empty()) return ref.shape->timestamp_format;
  return fallback;
}

std::string ScalarText(const ShapeRef& ref, const json::value& v, const char* timestamp_format) {
  if (ref.shape->type == ShapeType::kTimestamp) {
    if (auto t = TimestampValue(v)) return FormatTimestamp(*t, TimestampFormatOf(ref, timestamp_format));
  }
  if (v.is_string()) return std::string(v.get_string());
  if (v.is_bool()) return v.get_bool() ? "true" : "false";
  if (v.is_double()) {
    std::ostringstream out;
    out.precision(17);
    out << v.get_double();
    return out.str();
  }
  return json::serialize(v);
}


void AddNamespace(pugi::xml_node node, const XmlNamespace& ns) {
  if (ns.uri.empty()) return;
  const std::string name = ns.prefix.empty() ? "xmlns" : "xmlns:" + ns.prefix;
  if (!node.attribute(name.c_str())) node.append_attribute(name.c_str()).set_value(ns.uri.c_str());
}

void AppendXml(pugi::xml_node node, const ShapeRef& ref, const json::value& v);

void AppendStructure(pugi::xml_node node, const Shape& shape, const json::value& v, bool body_only) {
  if (!v.is_object()) return;
  for (const Member& m : shape.members) {
    if (body_only && !m.ref.location.empty()) continue;
    const json::value* member = FindMember(v.get_object(), m);
    if (member == nullptr) continue;
    const Shape& ms = *m.ref.shape;
    const std::string name = XmlName(m);
    if (m.ref.xml_attribute) {
      node.append_attribute(name.c_str()).set_value(ScalarText(m.ref, *member, "iso8601").c_str());
      continue;
    }
    const bool flattened = ms.flattened || m.ref.flattened;
    if (ms.type == ShapeType::kList && flattened) {
      // Each item an element of its own; botocore reads them by the list member's name if it has one.
      const std::string item_name = ms.member.location_name.empty() ? name : ms.member.location_name;
      if (member->is_array()) {
        for (const auto& item : member->get_array()) AppendXml(node.append_child(item_name.c_str()), ms.member, item);
      }
    } else if (ms.type == ShapeType::kMap && flattened) {
      const std::string key_name = ms.key.location_name.empty() ? "key" : ms.key.location_name;
      const std::string value_name = ms.value.location_name.empty() ? "value" : ms.value.location_name;
      for (const auto& [k, item] : MapEntries(*member)) {
        pugi::xml_node entry = node.append_child(name.c_str());
        entry.append_child(key_name.c_str()).text().set(k.c_str());
        AppendXml(entry.append_child(value_name.c_str()), ms.value, *item);
      }
    } else {
      pugi::xml_node child = node.append_child(name.c_str());
      AddNamespace(child, m.ref.xml_namespace);
      AppendXml(child, m.ref, *member);
    }
  }
}

void AppendXml(pugi::xml_node node, const ShapeRef& ref, const json::value& v) {
  const Shape& shape = *ref.shape;
  AddNamespace(node, shape.xml_namespace);
  switch (shape.type) {
    case ShapeType::kStructure:
      AppendStructure(node, shape, v, false);
      return;
    case ShapeType::kList: {
      if (!v.is_array()) return;
      const std::string item_name = shape.member.location_name.empty() ? "member" : shape.member.location_name;
      for (const auto& item : v.get_array()) AppendXml(node.append_child(item_name.c_str()), shape.member, item);
      return;
    }
    case ShapeType::kMap: {
      const std::string key_name = shape.key.location_name.empty() ? "key" : shape.key.location_name;
      const std::string value_name = shape.value.location_name.empty() ? "value" : shape.value.location_name;
      for (const auto& [k, item] : MapEntries(v)) {
        pugi::xml_node entry = node.append_child("entry");
        entry.append_child(key_name.c_str()).text().set(k.c_str());
        AppendXml(entry.append_child(value_name.c_str()), shape.value, *item);
      }
      return;
    }
    default:
      node.text().set(ScalarText(ref, v, "iso8601").c_str());
      return;
  }
}

std::string Serialize(const pugi::xml_document& doc) {
  std::ostringstream out;
  doc.save(out, "", pugi::format_raw, pugi::encoding_utf8);
  return out.str();
}

}  // namespace

WireResponse EncodeRestXmlResult(const OperationModel& operation, const json::object& result,
                                 std::string_view request_id) {
  WireResponse response;
  response.status = static_cast<unsigned>(operation.response_code);
  response.headers.emplace_back("x-amz-request-id", std::string(request_id));
  if (operation.output == nullptr) return response;
  const Shape& output = *operation.output;
  bool body_members = false;
  for (const Member& m : output.members) {
    const json::value* v = FindMember(result, m);
    const std::string& location = m.ref.location;
    if (location.empty() && m.name != output.payload) body_members = true;
    if (v == nullptr) continue;
    if (location == "statusCode" && v->is_number()) {
      response.status = static_cast<unsigned>(v->to_number<double>());
    } else if (location == "header") {
      std::string text;
      if (m.ref.shape->type == ShapeType::kList && v->is_array()) {
        for (const auto& item : v->get_array()) {
          text += (text.empty() ? "" : ",") + ScalarText(m.ref.shape->member, item, "rfc822");
        }
      } else {
        text = ScalarText(m.ref, *v, "rfc822");
      }
      response.headers.emplace_back(RestWireName(m), std::move(text));
    } else if (location == "headers") {
      for (const auto& [k, item] : MapEntries(*v)) {
        response.headers.emplace_back(RestWireName(m) + k, ScalarText(m.ref.shape->value, *item, "rfc822"));
      }
    }
  }
  if (!output.payload.empty()) {
    for (const Member& m : output.members) {
      if (m.name != output.payload) continue;
      const json::value* v = FindMember(result, m);
      const Shape& ps = *m.ref.shape;
      if (v == nullptr || ps.event_stream) break;  // Event streams are framed by the pipeline.
      if (ps.type == ShapeType::kStructure) {
        pugi::xml_document doc;
        pugi::xml_node root = doc.append_child(XmlName(m).c_str());
        AddNamespace(root, m.ref.xml_namespace);
        AppendXml(root, m.ref, *v);
        response.body = Serialize(doc);
        response.headers.emplace_back("Content-Type", "application/xml");
      } else if (v->is_string() && ps.type == ShapeType::kBlob) {
        // Handlers hold blobs as base64; a marker object means the pipeline streams the bytes.
        auto bytes = crypto::Base64Decode(v->get_string());
        if (bytes.ok()) response.body = std::move(*bytes);
      } else if (v->is_string()) {
        response.body = std::string(v->get_string());
      }
      break;
    }
  } else if (body_members) {
    pugi::xml_document doc;
    pugi::xml_node root =
        doc.append_child((output.location_name.empty() ? output.name : output.location_name).c_str());
    AddNamespace(root, output.xml_namespace);
    AppendStructure(root, output, json::value(result), true);
    response.body = Serialize(doc);
    response.headers.emplace_back("Content-Type", "application/xml");
  }
  return response;
}

namespace {

struct S3Error {
  std::string_view code;
  unsigned status;
};

// Amazon S3's request errors that its model does not name (S3 API Reference, "Error responses",
// https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html): the ones the REST-XML
// decoder and router answer.
constexpr S3Error kS3RequestErrors[] = {
    {"InvalidRequest", 400},          {"InvalidArgument", 400},   {"InvalidURI", 400},
    {"MalformedXML", 400},            {"MissingRequestBodyError", 400}, {"MaxMessageLengthExceeded", 400},
    {"MethodNotAllowed", 405},        {"RequestTimeTooSkewed", 403},    {"InternalError", 500},
    {"NotImplemented", 501},
};

}  // namespace

WireResponse EncodeRestXmlError(const ServiceModel* model, const core::Error& error, std::string_view request_id) {
  WireResponse response;
  response.status = ShapeOfError(model, error.code).http_status;
  for (const auto& e : kS3RequestErrors) {
    if (e.code == error.code) response.status = e.status;
  }
  response.headers.emplace_back("x-amz-request-id", std::string(request_id));
  response.headers.emplace_back("Content-Type", "application/xml");
  pugi::xml_document doc;
  pugi::xml_node root = doc.append_child("Error");
  root.append_child("Code").text().set(error.code.c_str());
  root.append_child("Message").text().set(error.message.c_str());
  root.append_child("RequestId").text().set(std::string(request_id).c_str());
  response.body = Serialize(doc);
  return response;
}

}  // namespace bulwark::protocol
