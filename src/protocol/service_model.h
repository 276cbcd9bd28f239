// AWS's service models, as the binary embeds them (tools/models/generate.py, from botocore's
// service models): per service, its protocol and every operation's input shape, with the wire
// names, required members and constraints needed to decode and validate a request generically.
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

// A reference to a shape from a structure member, a list member or a map key/value.
struct ShapeRef {
  const Shape* shape = nullptr;
  std::string location_name;  // Wire name when it differs from the member name.
  std::string query_name;     // EC2 protocol only.
  std::string location;       // "header", "uri", "querystring", ... (REST protocols)
  bool flattened = false;
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
  // Error shapes: the wire code, HTTP status and fault side the model gives.
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
};

struct ServiceModel {
  std::string name;          // "iam"
  std::string protocol;      // "query", "json", "rest-xml", "rest-json"
  std::string api_version;
  std::string target_prefix;
  std::string xml_namespace;
  std::map<std::string, OperationModel, std::less<>> operations;
  std::map<std::string, std::unique_ptr<Shape>, std::less<>> shapes;

  const OperationModel* Find(std::string_view operation) const {
    auto it = operations.find(operation);
    return it == operations.end() ? nullptr : &it->second;
  }
};

// The embedded model of a service ("iam", "sts", "cloudtrail"), or null when none is embedded.
const ServiceModel* FindServiceModel(std::string_view service);

// Which botocore release the embedded models came from ("botocore 1.43.11").
std::string_view ServiceModelSource();

}  // namespace bulwark::protocol
