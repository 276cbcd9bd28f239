#include "protocol/rest_json_decoder.h"

#include <boost/json/parse.hpp>
#include <charconv>
#include <cmath>
#include <set>
#include <string>

#include "core/utf8.h"
#include "crypto/base64.h"
#include "protocol/timestamp_format.h"

namespace bulwark::protocol {

namespace {

namespace json = boost::json;

constexpr std::size_t kEchoLimit = 64;



core::Error Serialization(std::string message) { return core::Error{"SerializationException", std::move(message)}; }

std::string Shown(std::string_view text) {
  std::string shown = core::SanitizeUtf8(text.substr(0, kEchoLimit));
  if (text.size() > kEchoLimit) shown += "...";
  return shown;
}

// Where a text value came from decides its default timestamp format.
enum class Place { kUri, kQuery, kHeader };

// A scalar member's text as the JSON value the JSON decoder checks: numbers, booleans, epoch
// seconds for timestamps, strings as they are.
core::Result<json::value> Scalar(const ShapeRef& ref, std::string_view text, Place place, std::string_view name) {
  const Shape& shape = *ref.shape;
  if (!core::IsValidUtf8(text)) return Serialization("The value of '" + std::string(name) + "' is not valid UTF-8.");
  const auto bad = [&](const char* what) {
    return Serialization("Value '" + Shown(text) + "' at '" + std::string(name) + "' is not " + what + ".");
  };
  switch (shape.type) {
    case ShapeType::kInteger:
    case ShapeType::kLong: {
      int64_t v = 0;
      auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      if (ec != std::errc() || ptr != text.data() + text.size() || text.empty() ||
          (shape.type == ShapeType::kInteger && (v > INT32_MAX || v < INT32_MIN))) {
        return bad("an integer");
      }
      return json::value(v);
    }
    case ShapeType::kDouble:
    case ShapeType::kFloat: {
      double v = 0;
      auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      if (ec != std::errc() || ptr != text.data() + text.size() || text.empty() || !std::isfinite(v)) {
        return bad("a number");
      }
      return json::value(v);
    }
    case ShapeType::kBoolean:
      if (text == "true") return json::value(true);
      if (text == "false") return json::value(false);
      return bad("a boolean");
    case ShapeType::kTimestamp: {
      std::string format = !ref.timestamp_format.empty() ? ref.timestamp_format : shape.timestamp_format;
      if (format.empty()) format = place == Place::kHeader ? "rfc822" : "iso8601";
      auto t = ParseTimestamp(text, format);
      if (!t) return bad("a timestamp");
      return std::floor(*t) == *t ? json::value(static_cast<int64_t>(*t)) : json::value(*t);
    }
    default:
      return json::value(text);
  }
}

class Reader {
 public:
  Reader(const OperationModel& operation, const RestRequest& request, const RestJsonLimits& limits)
      : operation_(operation), request_(request), limits_(limits) {}

  core::Result<json::object> Read() {
    json::object raw;
    const Shape* input = operation_.input;
    if (input == nullptr) return raw;
    auto labels = MatchUriTemplate(operation_.request_uri, request_.path);
    if (!labels.ok() || !labels->has_value()) return Serialization("The request path does not match the operation.");
    auto query = core::DecodeForm(request_.query, limits_.query);
    if (!query.ok()) return Serialization("The query string is malformed.");
    std::set<std::string, std::less<>> named = NamedByTemplate();
    for (const Member& m : input->members) {
      if (m.ref.location == "querystring" && m.ref.shape->type != ShapeType::kMap) named.insert(RestWireName(m));
    }
    for (const Member& m : input->members) {
      core::Result<std::optional<json::value>> value = std::optional<json::value>();
      if (m.ref.location == "uri") {
        auto it = (*labels)->find(RestWireName(m));
        if (it != (*labels)->end()) value = Wrap(Scalar(m.ref, it->second, Place::kUri, RestWireName(m)));
      } else if (m.ref.location == "querystring") {
        value = QueryMember(m, *query, named);
      } else if (m.ref.location == "header") {
        value = HeaderMember(m);
      } else if (m.ref.location == "headers") {
        value = HeaderMap(m);
      } else {
        continue;  // Body members, read below; statusCode is output only.
      }
      if (!value.ok()) return value.error();
      if (value->has_value()) raw[m.name] = std::move(**value);
    }
    auto body = Body(*input);
    if (!body.ok()) return body.error();
    for (auto& [k, v] : *body) raw[k] = std::move(v);
    return raw;
  }

 private:
  static core::Result<std::optional<json::value>> Wrap(core::Result<json::value> v) {
    if (!v.ok()) return v.error();
    return std::optional<json::value>(std::move(*v));
  }

  // Query keys the URI template requires as literals ("?versions"): never a map member's.
  std::set<std::string, std::less<>> NamedByTemplate() const {
    std::set<std::string, std::less<>> out;
    const std::size_t q = operation_.request_uri.find('?');
    if (q == std::string::npos) return out;
    std::string_view rest = std::string_view(operation_.request_uri).substr(q + 1);
    while (!rest.empty()) {
      const std::size_t amp = rest.find('&');
      const std::string_view item = rest.substr(0, amp);
      out.emplace(item.substr(0, item.find('=')));
      if (amp == std::string_view::npos) break;
      rest.remove_prefix(amp + 1);
    }
    return out;
  }

  core::Result<std::optional<json::value>> QueryMember(const Member& m, const std::vector<core::FormPair>& query,
                                                       const std::set<std::string, std::less<>>& named) {
    const Shape& shape = *m.ref.shape;
    const std::string wire = RestWireName(m);
    if (shape.type == ShapeType::kMap) {
      json::object out;
      for (const auto& pair : query) {
        if (named.count(pair.name) != 0) continue;
        if (shape.value.shape->type == ShapeType::kList) {
          auto v = Scalar(shape.value.shape->member, pair.value, Place::kQuery, pair.name);
          if (!v.ok()) return v.error();
          json::value& list = out[pair.name];
          if (!list.is_array()) list = json::array();
          list.get_array().push_back(std::move(*v));
        } else {
          if (out.contains(pair.name)) return Serialization("Parameter given more than once: " + Shown(pair.name));
          auto v = Scalar(shape.value, pair.value, Place::kQuery, pair.name);
          if (!v.ok()) return v.error();
          out[pair.name] = std::move(*v);
        }
      }
      if (out.empty()) return std::optional<json::value>();
      return std::optional<json::value>(std::move(out));
    }
    json::array values;
    for (const auto& pair : query) {
      if (pair.name != wire) continue;
      auto v = Scalar(shape.type == ShapeType::kList ? shape.member : m.ref, pair.value, Place::kQuery, wire);
      if (!v.ok()) return v.error();
      values.push_back(std::move(*v));
    }
    if (values.empty()) return std::optional<json::value>();
    if (shape.type == ShapeType::kList) return std::optional<json::value>(std::move(values));
    // One value per name: SigV4 signs both of a repeated name, so "first wins" would let anyone
    // reorder a presigned URL into another call (docs/architecture.md, "Decoding").
    if (values.size() > 1) return Serialization("Parameter given more than once: " + wire);
    return std::optional<json::value>(std::move(values.front()));
  }

  std::optional<std::string_view> Header(std::string_view name) const { return FindHeader(*request_.headers, name); }

  core::Result<std::optional<json::value>> HeaderMember(const Member& m) {
    const Shape& shape = *m.ref.shape;
    const std::string wire = RestWireName(m);
    auto text = Header(wire);
    if (!text) return std::optional<json::value>();
    if (m.ref.json_value) {
      // botocore: base64 of the JSON text (the "jsonvalue" trait, Smithy's @mediaType JSON).
      auto bytes = crypto::Base64Decode(*text);
      if (!bytes.ok()) return Serialization("The header '" + wire + "' is not base64.");
      if (bytes->size() > limits_.max_body_bytes) return Serialization("The header '" + wire + "' is too large.");
      boost::system::error_code ec;
      json::value parsed = json::parse(*bytes, ec);
      if (ec) return Serialization("The header '" + wire + "' is not JSON.");
      return std::optional<json::value>(std::move(parsed));
    }
    if (shape.type == ShapeType::kList) {
      json::array out;
      for (const std::string& item : SplitHeaderList(*text)) {
        auto v = Scalar(shape.member, item, Place::kHeader, wire);
        if (!v.ok()) return v.error();
        out.push_back(std::move(*v));
      }
      return std::optional<json::value>(std::move(out));
    }
    return Wrap(Scalar(m.ref, *text, Place::kHeader, wire));
  }

  core::Result<std::optional<json::value>> HeaderMap(const Member& m) {
    const std::string prefix = RestWireName(m);
    json::object out;
    for (const auto& [rest, v] : HeadersWithPrefix(*request_.headers, prefix)) {
      auto value = Scalar(m.ref.shape->value, v, Place::kHeader, prefix + rest);
      if (!value.ok()) return value.error();
      out[rest] = std::move(*value);
    }
    if (out.empty()) return std::optional<json::value>();
    return std::optional<json::value>(std::move(out));
  }

  // The body's members: the payload member, or the unbound members of a JSON object.
  core::Result<json::object> Body(const Shape& input) {
    json::object out;
    if (request_.body.size() > limits_.max_body_bytes) return Serialization("The request body is too large.");
    const Member* payload = nullptr;
    for (const Member& m : input.members) {
      if (!input.payload.empty() && m.name == input.payload) payload = &m;
    }
    if (payload != nullptr && payload->ref.shape->type != ShapeType::kStructure) {
      if (request_.body.empty()) return out;
      if (payload->ref.shape->type == ShapeType::kBlob) {
        out[payload->name] = crypto::Base64Encode(request_.body);
      } else {
        if (!core::IsValidUtf8(request_.body)) return Serialization("The request body is not valid UTF-8.");
        out[payload->name] = std::string(request_.body);
      }
      return out;
    }
    if (request_.body.empty()) return out;
    boost::system::error_code ec;
    json::value parsed = json::parse(request_.body, ec);
    if (ec || !parsed.is_object()) return Serialization("The request body is not a JSON object.");
    if (payload != nullptr) {
      out[RestWireName(*payload)] = std::move(parsed);
      return out;
    }
    for (const Member& m : input.members) {
      if (!m.ref.location.empty()) continue;
      if (json::value* v = parsed.get_object().if_contains(RestWireName(m))) out[RestWireName(m)] = std::move(*v);
    }
    return out;
  }

  const OperationModel& operation_;
  const RestRequest& request_;
  const RestJsonLimits& limits_;
};

}  // namespace

core::Result<const OperationModel*> RouteRestJsonOperation(const ServiceModel& model, const RestRequest& request,
                                                           const RestJsonLimits& limits) {
  auto query = core::DecodeForm(request.query, limits.query);
  if (!query.ok()) return Serialization("The query string is malformed.");
  static const std::vector<Header> kNoHeaders;
  auto routed = RouteRestOperation(model, request.method, request.path, *query,
                                   request.headers != nullptr ? *request.headers : kNoHeaders);
  if (!routed.ok()) {
    // The router speaks S3's language (InvalidURI, MethodNotAllowed); REST-JSON services answer
    // a request no operation takes as an unknown operation.
    return core::Error{"UnknownOperationException", "The requested operation is not known."};
  }
  return routed;
}

core::Result<DecodedInput> DecodeRestJsonInput(const OperationModel& operation, const RestRequest& request,
                                               const DecodeOptions& options, const RestJsonLimits& limits) {
  static const std::vector<Header> kNoHeaders;
  RestRequest with_headers = request;
  if (with_headers.headers == nullptr) with_headers.headers = &kNoHeaders;
  Reader reader(operation, with_headers, limits);
  auto raw = reader.Read();
  if (!raw.ok()) return raw.error();
  return DecodeJsonInput(operation, *raw, options);
}

}  // namespace bulwark::protocol
