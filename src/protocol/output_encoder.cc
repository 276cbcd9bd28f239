#include "protocol/output_encoder.h"

#include <boost/json/serialize.hpp>
#include <cmath>
#include <pugixml.hpp>
#include <sstream>

#include "core/iso_time.h"
#include "protocol/map_entries.h"
#include "protocol/rest_json_encoder.h"
#include "protocol/rest_xml_encoder.h"
#include "protocol/timestamp_format.h"

namespace bulwark::protocol {

namespace {

namespace json = boost::json;

std::string WireName(const Member& m) { return m.ref.location_name.empty() ? m.name : m.ref.location_name; }

const json::value* FindMember(const json::object& o, const Member& m) {
  const json::value* v = o.if_contains(m.name);
  if (v == nullptr && !m.ref.location_name.empty()) v = o.if_contains(m.ref.location_name);
  return v != nullptr && !v->is_null() ? v : nullptr;
}


std::string ScalarText(const Shape& shape, const json::value& v) {
  if (v.is_string()) {
    return std::string(v.get_string());
  }
  if (v.is_bool()) return v.get_bool() ? "true" : "false";
  if (shape.type == ShapeType::kTimestamp && v.is_number()) {
    return core::IsoTime(static_cast<int64_t>(v.to_number<double>()));
  }
  return json::serialize(v);
}


// Query protocol XML ------------------------------------------------------------------------------

void AppendXml(pugi::xml_node node, const Shape& shape, const json::value& v);

void AppendStructureXml(pugi::xml_node node, const Shape& shape, const json::value& v) {
  if (!v.is_object()) return;
  for (const Member& m : shape.members) {
    const json::value* member = FindMember(v.get_object(), m);
    if (member == nullptr) continue;
    const Shape& ms = *m.ref.shape;
    const bool flattened = ms.flattened || m.ref.flattened;
    if (ms.type == ShapeType::kList && flattened) {
      // Each item is an element of its own, named as the member is.
      const std::string item_name = ms.member.location_name.empty() ? WireName(m) : ms.member.location_name;
      if (member->is_array()) {
        for (const auto& item : member->get_array()) AppendXml(node.append_child(item_name.c_str()), *ms.member.shape, item);
      }
    } else if (ms.type == ShapeType::kMap && flattened) {
      const std::string key_name = ms.key.location_name.empty() ? "key" : ms.key.location_name;
      const std::string value_name = ms.value.location_name.empty() ? "value" : ms.value.location_name;
      for (const auto& [k, item] : MapEntries(*member)) {
        pugi::xml_node entry = node.append_child(WireName(m).c_str());
        entry.append_child(key_name.c_str()).text().set(k.c_str());
        AppendXml(entry.append_child(value_name.c_str()), *ms.value.shape, *item);
      }
    } else {
      AppendXml(node.append_child(WireName(m).c_str()), ms, *member);
    }
  }
}

void AppendXml(pugi::xml_node node, const Shape& shape, const json::value& v) {
  switch (shape.type) {
    case ShapeType::kStructure:
      AppendStructureXml(node, shape, v);
      return;
    case ShapeType::kList: {
      if (!v.is_array()) return;
      const std::string item_name = shape.member.location_name.empty() ? "member" : shape.member.location_name;
      for (const auto& item : v.get_array()) AppendXml(node.append_child(item_name.c_str()), *shape.member.shape, item);
      return;
    }
    case ShapeType::kMap: {
      const std::string key_name = shape.key.location_name.empty() ? "key" : shape.key.location_name;
      const std::string value_name = shape.value.location_name.empty() ? "value" : shape.value.location_name;
      for (const auto& [k, item] : MapEntries(v)) {
        pugi::xml_node entry = node.append_child("entry");
        entry.append_child(key_name.c_str()).text().set(k.c_str());
        AppendXml(entry.append_child(value_name.c_str()), *shape.value.shape, *item);
      }
      return;
    }
    default:
      node.text().set(ScalarText(shape, v).c_str());
      return;
  }
}

// JSON protocols -------------------------------------------------------------------------------

json::value ToJsonWire(const Shape& shape, const json::value& v) {
  switch (shape.type) {
    case ShapeType::kStructure: {
      json::object out;
      if (!v.is_object()) return out;
      for (const Member& m : shape.members) {
        const json::value* member = FindMember(v.get_object(), m);
        if (member != nullptr) out[WireName(m)] = ToJsonWire(*m.ref.shape, *member);
      }
      return out;
    }
    case ShapeType::kList: {
      json::array out;
      if (v.is_array()) {
        for (const auto& item : v.get_array()) out.push_back(ToJsonWire(*shape.member.shape, item));
      }
      return out;
    }
    case ShapeType::kMap: {
      json::object out;
      for (const auto& [k, item] : MapEntries(v)) out[k] = ToJsonWire(*shape.value.shape, *item);
      return out;
    }
    case ShapeType::kTimestamp:
      // JSON protocols send epoch seconds unless the shape says otherwise.
      if (v.is_string() && shape.timestamp_format != "iso8601") {
        if (auto t = ParseTimestamp(v.get_string(), "iso8601")) {
          return std::floor(*t) == *t ? json::value(static_cast<int64_t>(*t)) : json::value(*t);
        }
      }
      return v;
    case ShapeType::kBoolean:
      if (v.is_string()) return json::value(v.get_string() == "true");
      return v;
    case ShapeType::kInteger:
    case ShapeType::kLong:
      if (v.is_string()) {
        try {
          return json::value(static_cast<int64_t>(std::stoll(std::string(v.get_string()))));
        } catch (...) {
          return v;
        }
      }
      return v;
    case ShapeType::kString:
      if (!v.is_string() && !v.is_null()) return json::value(json::serialize(v));
      return v;
    default:
      return v;
  }
}

const char* JsonContentType(Protocol p) {
  return p == Protocol::kJson10 ? "application/x-amz-json-1.0" : "application/x-amz-json-1.1";
}

}  // namespace

json::value JsonWireValue(const Shape& shape, const json::value& value) { return ToJsonWire(shape, value); }

WireResponse EncodeModelledResult(const ServiceProtocol& service, const OperationModel& operation,
                                  const json::object& result, std::string_view request_id) {
  if (service.protocol == Protocol::kRestJson) return EncodeRestJsonResult(operation, result, request_id);
  if (service.protocol == Protocol::kRestXml) return EncodeRestXmlResult(operation, result, request_id);
  WireResponse response;
  response.status = 200;
  response.headers.emplace_back("x-amzn-RequestId", std::string(request_id));
  if (service.protocol == Protocol::kQuery) {
    pugi::xml_document doc;
    pugi::xml_node top = doc.append_child((operation.name + "Response").c_str());
    if (!service.xml_namespace.empty()) top.append_attribute("xmlns").set_value(service.xml_namespace.c_str());
    if (operation.output != nullptr) {
      const std::string wrapper = operation.result_wrapper.empty() ? operation.name + "Result" : operation.result_wrapper;
      AppendXml(top.append_child(wrapper.c_str()), *operation.output, json::value(result));
    }
    top.append_child("ResponseMetadata").append_child("RequestId").text().set(std::string(request_id).c_str());
    std::ostringstream out;
    doc.save(out, "", pugi::format_raw | pugi::format_no_declaration, pugi::encoding_utf8);
    response.body = out.str();
    response.headers.emplace_back("Content-Type", "text/xml");
  } else {
    response.body = operation.output != nullptr ? json::serialize(ToJsonWire(*operation.output, json::value(result)))
                                                : std::string("{}");
    response.headers.emplace_back("Content-Type", JsonContentType(service.protocol));
  }
  return response;
}

}  // namespace bulwark::protocol
