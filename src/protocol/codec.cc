#include "protocol/codec.h"

#include <boost/json/serialize.hpp>
#include <pugixml.hpp>
#include <sstream>

#include "protocol/error_codes.h"
#include "protocol/rest_json_encoder.h"
#include "protocol/rest_xml_encoder.h"
#include "protocol/service_model.h"

namespace bulwark::protocol {

namespace {

void AppendValue(pugi::xml_node parent, const boost::json::value& value);

void AppendObject(pugi::xml_node parent, const boost::json::object& object) {
  for (const auto& [key, value] : object) {
    if (value.is_null()) continue;  // Absent members are omitted, as AWS does.
    AppendValue(parent.append_child(std::string(key).c_str()), value);
  }
}

void AppendValue(pugi::xml_node node, const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::object:
      AppendObject(node, value.get_object());
      break;
    case boost::json::kind::array:
      for (const auto& item : value.get_array()) AppendValue(node.append_child("member"), item);
      break;
    case boost::json::kind::string:
      node.text().set(std::string(value.get_string()).c_str());
      break;
    case boost::json::kind::bool_:
      node.text().set(value.get_bool() ? "true" : "false");
      break;
    case boost::json::kind::null:
      break;
    default:  // Numbers.
      node.text().set(boost::json::serialize(value).c_str());
      break;
  }
}

std::string Serialize(const pugi::xml_document& doc) {
  std::ostringstream out;
  doc.save(out, "", pugi::format_raw | pugi::format_no_declaration, pugi::encoding_utf8);
  return out.str();
}

const char* JsonContentType(Protocol p) {
  return p == Protocol::kJson10 ? "application/x-amz-json-1.0" : "application/x-amz-json-1.1";
}

}  // namespace

std::string QueryXml(std::string_view root, std::string_view xml_namespace, const boost::json::object& body) {
  pugi::xml_document doc;
  pugi::xml_node top = doc.append_child(std::string(root).c_str());
  if (!xml_namespace.empty()) top.append_attribute("xmlns").set_value(std::string(xml_namespace).c_str());
  AppendObject(top, body);
  return Serialize(doc);
}

WireResponse EncodeResult(const ServiceProtocol& service, std::string_view operation,
                          const boost::json::object& result, std::string_view request_id) {
  WireResponse response;
  response.status = 200;
  response.headers.emplace_back("x-amzn-RequestId", std::string(request_id));
  if (service.protocol == Protocol::kQuery) {
    const std::string op(operation);
    boost::json::object body;
    body[op + "Result"] = result;
    body["ResponseMetadata"] = boost::json::object{{"RequestId", request_id}};
    response.body = QueryXml(op + "Response", service.xml_namespace, body);
    response.headers.emplace_back("Content-Type", "text/xml");
  } else {
    response.body = boost::json::serialize(result);
    response.headers.emplace_back("Content-Type", JsonContentType(service.protocol));
  }
  return response;
}

WireResponse EncodeError(const ServiceProtocol& service, const core::Error& error, std::string_view request_id) {
  if (service.protocol == Protocol::kRestJson) return EncodeRestJsonError(service.model, error, request_id);
  if (service.protocol == Protocol::kRestXml) return EncodeRestXmlError(service.model, error, request_id);
  const ErrorShape shape = ShapeOfError(service.model, error.code);
  WireResponse response;
  response.status = shape.http_status;
  response.headers.emplace_back("x-amzn-RequestId", std::string(request_id));
  if (service.protocol == Protocol::kQuery) {
    boost::json::object body;
    body["Error"] = boost::json::object{
        {"Type", shape.sender_fault ? "Sender" : "Receiver"}, {"Code", error.code}, {"Message", error.message}};
    body["RequestId"] = request_id;
    response.body = QueryXml("ErrorResponse", service.xml_namespace, body);
    response.headers.emplace_back("Content-Type", "text/xml");
  } else {
    boost::json::object body{{"__type", error.code}, {"message", error.message}};
    if (!error.reason.empty()) body["Reason"] = error.reason;
    response.body = boost::json::serialize(body);
    response.headers.emplace_back("Content-Type", JsonContentType(service.protocol));
    response.headers.emplace_back("x-amzn-ErrorType", error.code);
    // A JSON service that was a query service also says the query code and side, which botocore
    // reads (the awsQueryCompatible trait; the code is the modelled awsQueryError's).
    if (service.model != nullptr && service.model->aws_query_compatible) {
      if (const Shape* modelled = service.model->FindError(error.code)) {
        response.headers.emplace_back("x-amzn-query-error",
                                      modelled->error_code + (shape.sender_fault ? ";Sender" : ";Receiver"));
      }
    }
  }
  return response;
}

}  // namespace bulwark::protocol
