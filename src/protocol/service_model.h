// AWS's service models, as the binary embeds them (tools/models/generate.py, from botocore's
// service models): per service, its protocol and every operation's input shape, with the wire
// names, required members and constraints needed to decode and validate a request generically.
// REST protocols (S3's rest-xml) add each operation's HTTP binding (method, URI template, response
// code) and each member's location (uri, querystring, header, headers, statusCode or the body).
// Thread-safety: the models are built once on first use and immutable afterwards.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bulwark::protocol {

struct Shape;
class ModelPattern;

// An XML namespace the model puts on an element: xmlns="uri", or xmlns:prefix="uri".
struct XmlNamespace {
  std::string uri;
  std::string prefix;
};

// A reference to a shape from a structure member, a list member or a map key/value.
struct ShapeRef {
  const Shape* shape = nullptr;
  std::string location_name;  // Wire name when it differs from the member name.
  std::string query_name;     // EC2 protocol only.
  std::string location;       // "header", "uri", "querystring", ... (REST protocols)
  bool flattened = false;
  // REST-XML: the member is an attribute of its structure's element ("xsi:type"), the element
  // carries a namespace, the blob is streamed, the value is part of the host name.
  bool xml_attribute = false;
  XmlNamespace xml_namespace;
  bool streaming = false;
  bool host_label = false;
  bool json_value = false;       // REST header holding base64-encoded JSON (botocore's "jsonvalue").
  std::string timestamp_format;  // Overrides the shape's.
};

struct Member {
  std::string name;  // Model name: "UserName"
  ShapeRef ref;
  bool required = false;
};

enum class ShapeType { kStructure, kList, kMap, kString, kInteger, kLong, kBoolean, kTimestamp, kBlob, kDouble, kFloat };

struct Shape {
  std::string name;
  ShapeType type = ShapeType::kString;
  std::vector<Member> members;  // Structures, in model order.
  ShapeRef member;              // Lists.
  ShapeRef key, value;          // Maps.
  bool flattened = false;
  bool sensitive = false;       // Values never echoed in messages.
  std::optional<int64_t> min, max;  // Length (strings, lists, maps) or value (numbers).
  std::vector<std::string> enum_values;
  std::string pattern;          // Java regular expression, as the model writes it.
  std::shared_ptr<const ModelPattern> pattern_matcher;  // Null when unchecked (model_pattern.h).
  std::string timestamp_format;  // "iso8601", "unixTimestamp", ... when the model says.
  std::string location_name;     // XML element name the shape gives itself ("SSE-KMS").
  std::string payload;           // Structures: the member bound to the HTTP body (REST protocols).
  XmlNamespace xml_namespace;
  bool streaming = false;        // Blobs streamed rather than held.
  bool event_stream = false;     // Structures framed as an event stream (SelectObjectContent).
  bool union_type = false;       // Exactly one member is set.
  // Error shapes: the wire code, HTTP status and fault side the model gives (the awsQueryError
  // trait's code where there is one, else the shape's name; 400, or 500 for a server fault).
  bool is_error = false;
  std::string error_code;
  int http_status = 0;
  bool sender_fault = false;
};

struct OperationModel {
  std::string name;
  const Shape* input = nullptr;   // Null when the operation takes no input.
  const Shape* output = nullptr;  // Null when the operation answers nothing but metadata.
  std::string result_wrapper;     // Query protocol: "CreateUserResult".
  std::vector<const Shape*> errors;
  // REST protocols: the HTTP binding.
  std::string http_method;      // "GET"
  std::string request_uri;      // "/{Bucket}/{Key+}?uploads"
  int response_code = 200;
  bool deprecated = false;
  bool control_endpoint = false;  // S3: only on the directory-bucket control endpoint.
  // REST-XML inputs without a payload member: the body's root element and its namespace.
  std::string input_location_name;
  XmlNamespace input_xml_namespace;
};

struct ServiceModel {
  std::string name;          // "iam"
  std::string protocol;      // "query", "json", "rest-xml", "rest-json"
  std::string api_version;
  std::string target_prefix;
  std::string xml_namespace;
  std::string signing_name;  // Credential scope's service: "access-analyzer"
  bool aws_query_compatible = false;  // JSON errors also carry x-amzn-query-error.
  std::map<std::string, OperationModel, std::less<>> operations;
  std::map<std::string, std::unique_ptr<Shape>, std::less<>> shapes;
  // Every modelled error by its wire code, and by its shape name (the code JSON protocols send).
  std::map<std::string, const Shape*, std::less<>> errors;

  const OperationModel* Find(std::string_view operation) const {
    auto it = operations.find(operation);
    return it == operations.end() ? nullptr : &it->second;
  }
  // The modelled error with this wire code or shape name, or null.
  const Shape* FindError(std::string_view code) const {
    auto it = errors.find(code);
    return it == errors.end() ? nullptr : it->second;
  }
};

// The embedded model of a service, by botocore's name or its signing name ("iam", "sts",
// "cloudtrail", "s3", "accessanalyzer" or "access-analyzer"), or null when none is embedded.
const ServiceModel* FindServiceModel(std::string_view service);

// Which botocore release the embedded models came from ("botocore 1.43.11").
std::string_view ServiceModelSource();

}  // namespace bulwark::protocol
