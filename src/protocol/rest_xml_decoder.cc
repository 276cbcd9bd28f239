#include "protocol/rest_xml_decoder.h"

#include <charconv>
#include <cmath>
#include <optional>
#include <pugixml.hpp>
#include <set>
#include <string>

#include "core/utf8.h"
#include "protocol/model_pattern.h"
#include "protocol/rest_router.h"
#include "protocol/timestamp_format.h"

namespace bulwark::protocol {

namespace {

namespace json = boost::json;

constexpr std::size_t kEchoLimit = 256;
constexpr const char* kMalformedXml =
    "The XML you provided was not well-formed or did not validate against our published schema";

// Where a value came from decides S3's error code for it.
enum class Place { kUri, kQuery, kHeader, kBody };

std::string Echo(const Shape& shape, std::string_view value) {
  if (shape.sensitive) return "Value";
  std::string shown(value.substr(0, kEchoLimit));
  if (value.size() > kEchoLimit) {
    while (!shown.empty() && !core::IsValidUtf8(shown)) shown.pop_back();
    shown += "...";
  }
  return "Value '" + shown + "'";
}

std::string LocalName(std::string_view name) {
  const std::size_t colon = name.find(':');
  return std::string(colon == std::string_view::npos ? name : name.substr(colon + 1));
}

// The element or attribute name of a member in XML: the reference's, else the shape's, else the member's.
std::string XmlName(const Member& m) {
  if (!m.ref.location_name.empty()) return m.ref.location_name;
  if (!m.ref.shape->location_name.empty()) return m.ref.shape->location_name;
  return m.name;
}



class Decoder {
 public:
  Decoder(const RestRequest& request, const DecodeOptions& options) : request_(request), options_(options) {}

  bool failed() const { return error_.has_value(); }
  const core::Error& error() const { return *error_; }

  void Fail(std::string code, std::string message) {
    if (!error_) error_ = core::Error{std::move(code), std::move(message)};
  }

  void Invalid(Place place, const Shape& shape, std::string_view value, const std::string& name, const std::string& what) {
    if (place == Place::kBody) return Fail("MalformedXML", kMalformedXml);
    Fail("InvalidArgument", Echo(shape, value) + " at '" + name + "' failed to satisfy constraint: " + what);
  }

  void CheckString(Place place, const Shape& shape, std::string_view value, const std::string& name) {
    if (!options_.check_constraints) return;
    const int64_t length = static_cast<int64_t>(core::Utf8Length(value));
    if (shape.min && length < *shape.min) {
      return Invalid(place, shape, value, name, "Member must have length greater than or equal to " + std::to_string(*shape.min));
    }
    if (shape.max && length > *shape.max) {
      return Invalid(place, shape, value, name, "Member must have length less than or equal to " + std::to_string(*shape.max));
    }
    if (shape.pattern_matcher != nullptr && !shape.pattern_matcher->Matches(value)) {
      return Invalid(place, shape, value, name, "Member must satisfy regular expression pattern: " + shape.pattern);
    }
    if (!shape.enum_values.empty()) {
      for (const auto& e : shape.enum_values) {
        if (e == value) return;
      }
      std::string set;
      for (const auto& e : shape.enum_values) set += (set.empty() ? "" : ", ") + e;
      Invalid(place, shape, value, name, "Member must satisfy enum value set: [" + set + "]");
    }
  }

  void CheckCount(Place place, const Shape& shape, std::size_t count, const std::string& name) {
    if (!options_.check_constraints) return;
    const auto n = static_cast<int64_t>(count);
    if ((shape.min && n < *shape.min) || (shape.max && n > *shape.max)) {
      Invalid(place, shape, "[...]", name, "Member must have length between " + std::to_string(shape.min.value_or(0)) +
                                               " and " + std::to_string(shape.max.value_or(INT64_MAX)));
    }
  }

  // A scalar from its text on the wire; `format` is the timestamp format in force.
  json::value Scalar(Place place, const ShapeRef& ref, std::string_view text, const std::string& name) {
    const Shape& shape = *ref.shape;
    if (!core::IsValidUtf8(text)) {
      Invalid(place, shape, "", name, "Member must be valid UTF-8");
      return nullptr;
    }
    switch (shape.type) {
      case ShapeType::kInteger:
      case ShapeType::kLong: {
        int64_t v = 0;
        auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec != std::errc() || ptr != text.data() + text.size() || text.empty() ||
            (shape.type == ShapeType::kInteger && (v > INT32_MAX || v < INT32_MIN))) {
          Invalid(place, shape, text, name, "Member must be a number");
          return nullptr;
        }
        if (options_.check_constraints && ((shape.min && v < *shape.min) || (shape.max && v > *shape.max))) {
          Invalid(place, shape, text, name, "Member must have value between " + std::to_string(shape.min.value_or(INT64_MIN)) +
                                                " and " + std::to_string(shape.max.value_or(INT64_MAX)));
        }
        return json::value(v);
      }
      case ShapeType::kDouble:
      case ShapeType::kFloat: {
        double v = 0;
        auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec != std::errc() || ptr != text.data() + text.size() || text.empty() || !std::isfinite(v)) {
          Invalid(place, shape, text, name, "Member must be a number");
          return nullptr;
        }
        return json::value(v);
      }
      case ShapeType::kBoolean:
        if (text == "true") return json::value(true);
        if (text == "false") return json::value(false);
        Invalid(place, shape, text, name, "Member must be a boolean");
        return nullptr;
      case ShapeType::kTimestamp: {
        std::string format = !ref.timestamp_format.empty() ? ref.timestamp_format : shape.timestamp_format;
        if (format.empty()) format = place == Place::kHeader ? "rfc822" : "iso8601";
        auto t = ParseTimestamp(text, format);
        if (!t) {
          Invalid(place, shape, text, name, "Member must be a timestamp (" + format + ")");
          return nullptr;
        }
        return json::value(FormatTimestamp(*t, "iso8601"));
      }
      default:
        // Strings, and blobs (base64 text, as the JSON protocols hold them).
        if (shape.type == ShapeType::kString) CheckString(place, shape, text, name);
        return json::value(text);
    }
  }

  // Query and URI members --------------------------------------------------------------------------

  std::optional<json::value> QueryMember(const Member& m, const std::vector<core::FormPair>& query,
                                         const std::set<std::string, std::less<>>& named) {
    const Shape& shape = *m.ref.shape;
    const std::string wire = RestWireName(m);
    if (shape.type == ShapeType::kMap) {
      // The parameters no other member (nor the URI template) names.
      json::object out;
      for (const auto& pair : query) {
        if (named.count(pair.name) != 0) continue;
        if (shape.value.shape->type == ShapeType::kList) {
          json::value& list = out[pair.name];
          if (!list.is_array()) list = json::array();
          list.get_array().push_back(Scalar(Place::kQuery, shape.value.shape->member, pair.value, pair.name));
        } else if (out.contains(pair.name)) {
          Fail("InvalidArgument", "Parameter given more than once: " + pair.name);
        } else {
          out[pair.name] = Scalar(Place::kQuery, shape.value, pair.value, pair.name);
        }
      }
      if (out.empty()) return std::nullopt;
      return json::value(std::move(out));
    }
    std::vector<const std::string*> values;
    for (const auto& pair : query) {
      if (pair.name == wire) values.push_back(&pair.value);
    }
    if (values.empty()) return std::nullopt;
    if (shape.type == ShapeType::kList) {
      json::array out;
      for (const std::string* v : values) out.push_back(Scalar(Place::kQuery, shape.member, *v, wire));
      CheckCount(Place::kQuery, shape, out.size(), wire);
      return json::value(std::move(out));
    }
    // One value per name: SigV4 signs both of a repeated name, so "first wins" would let anyone
    // reorder a presigned URL into another call (docs/architecture.md, "Decoding").
    if (values.size() > 1) {
      Fail("InvalidArgument", "Parameter given more than once: " + wire);
      return std::nullopt;
    }
    return Scalar(Place::kQuery, m.ref, *values.front(), wire);
  }

  // Header members ---------------------------------------------------------------------------------

  std::optional<std::string_view> HeaderValue(std::string_view name) const { return FindHeader(*request_.headers, name); }

  std::optional<json::value> HeaderMember(const Member& m) {
    const Shape& shape = *m.ref.shape;
    const std::string wire = RestWireName(m);
    auto text = HeaderValue(wire);
    if (!text) return std::nullopt;
    if (shape.type == ShapeType::kList) {
      json::array out;
      for (const std::string& item : SplitHeaderList(*text)) out.push_back(Scalar(Place::kHeader, shape.member, item, wire));
      CheckCount(Place::kHeader, shape, out.size(), wire);
      return json::value(std::move(out));
    }
    return Scalar(Place::kHeader, m.ref, *text, wire);
  }

  std::optional<json::value> HeaderMap(const Member& m) {
    const std::string prefix = RestWireName(m);
    json::object out;
    for (const auto& [rest, v] : HeadersWithPrefix(*request_.headers, prefix)) {
      out[rest] = Scalar(Place::kHeader, m.ref.shape->value, v, prefix + rest);
    }
    if (out.empty()) return std::nullopt;
    return json::value(std::move(out));
  }

  // XML --------------------------------------------------------------------------------------------

  std::vector<pugi::xml_node> Children(pugi::xml_node node, std::string_view name, std::string_view alias = {}) {
    std::vector<pugi::xml_node> out;
    for (pugi::xml_node child : node.children()) {
      if (child.type() != pugi::node_element) continue;
      const std::string local = LocalName(child.name());
      if (local == name || (!alias.empty() && local == alias)) out.push_back(child);
    }
    return out;
  }

  json::value Xml(const ShapeRef& ref, pugi::xml_node node, const std::string& path) {
    const Shape& shape = *ref.shape;
    switch (shape.type) {
      case ShapeType::kStructure:
        return XmlStructure(shape, node, path, /*body_only=*/false);
      case ShapeType::kList: {
        const std::string item = shape.member.location_name.empty() ? "member" : shape.member.location_name;
        json::array out;
        for (pugi::xml_node child : Children(node, item)) out.push_back(Xml(shape.member, child, path));
        CheckCount(Place::kBody, shape, out.size(), path);
        return out;
      }
      case ShapeType::kMap: {
        json::object out;
        for (pugi::xml_node entry : Children(node, "entry")) XmlMapEntry(shape, entry, path, out);
        return out;
      }
      default:
        return Scalar(Place::kBody, ref, node.text().get(), path);
    }
  }

  void XmlMapEntry(const Shape& shape, pugi::xml_node entry, const std::string& path, json::object& out) {
    const std::string key_name = shape.key.location_name.empty() ? "key" : shape.key.location_name;
    const std::string value_name = shape.value.location_name.empty() ? "value" : shape.value.location_name;
    auto keys = Children(entry, key_name);
    auto values = Children(entry, value_name);
    if (keys.empty() || values.empty()) return Fail("MalformedXML", kMalformedXml);
    const std::string key = keys.front().text().get();
    out[key] = Xml(shape.value, values.front(), path + "." + key);
  }

  // The members of `shape` found in `node`; `body_only` skips members bound elsewhere (headers, ...).
  json::object XmlStructure(const Shape& shape, pugi::xml_node node, const std::string& path, bool body_only) {
    json::object out;
    for (const Member& m : shape.members) {
      if (body_only && !m.ref.location.empty()) continue;
      const std::string name = XmlName(m);
      const std::string member_path = path + "." + m.name;
      const Shape& ms = *m.ref.shape;
      if (m.ref.xml_attribute) {
        pugi::xml_attribute found;
        for (pugi::xml_attribute a : node.attributes()) {
          if (std::string_view(a.name()) == name || LocalName(a.name()) == LocalName(name)) found = a;
        }
        if (found) {
          out[m.name] = Scalar(Place::kBody, m.ref, found.value(), member_path);
        } else if (m.required && options_.check_constraints) {
          Fail("MalformedXML", kMalformedXml);
        }
        continue;
      }
      const bool flattened = ms.flattened || m.ref.flattened;
      std::optional<json::value> value;
      if (ms.type == ShapeType::kList && flattened) {
        auto items = Children(node, name, ms.member.location_name);
        if (!items.empty()) {
          json::array list;
          for (pugi::xml_node item : items) list.push_back(Xml(ms.member, item, member_path));
          CheckCount(Place::kBody, ms, list.size(), member_path);
          value = json::value(std::move(list));
        }
      } else if (ms.type == ShapeType::kMap && flattened) {
        auto entries = Children(node, name);
        if (!entries.empty()) {
          json::object map;
          for (pugi::xml_node entry : entries) XmlMapEntry(ms, entry, member_path, map);
          value = json::value(std::move(map));
        }
      } else {
        auto found = Children(node, name);
        if (found.size() > 1) Fail("MalformedXML", kMalformedXml);
        if (!found.empty()) value = Xml(m.ref, found.front(), member_path);
      }
      if (value) {
        out[m.name] = std::move(*value);
      } else if (m.required && options_.check_constraints) {
        Fail("MalformedXML", kMalformedXml);
      }
    }
    return out;
  }

  // The body's document element, checked to be `root` (local name); null after a failure.
  pugi::xml_node ParseBody(pugi::xml_document& doc, std::string_view root, const RestXmlLimits& limits) {
    if (request_.body.size() > limits.max_xml_bytes) {
      Fail("MaxMessageLengthExceeded", "Your request was too big.");
      return {};
    }
    // No DTD is processed (pugixml never expands entities beyond the predefined five).
    const pugi::xml_parse_result parsed =
        doc.load_buffer(request_.body.data(), request_.body.size(), pugi::parse_default, pugi::encoding_utf8);
    pugi::xml_node element = doc.document_element();
    if (!parsed || !element || LocalName(element.name()) != root) {
      Fail("MalformedXML", kMalformedXml);
      return {};
    }
    return element;
  }

 private:
  const RestRequest& request_;
  DecodeOptions options_;
  std::optional<core::Error> error_;
};

bool BlankBody(std::string_view body) {
  return body.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

}  // namespace

core::Result<DecodedInput> DecodeRestXmlInput(const OperationModel& operation, const RestRequest& request,
                                              const DecodeOptions& options, const RestXmlLimits& limits) {
  static const std::vector<Header> kNoHeaders;
  RestRequest req = request;
  if (req.headers == nullptr) req.headers = &kNoHeaders;
  DecodedInput out;
  if (operation.input == nullptr) return out;
  const Shape& input = *operation.input;

  auto query = core::DecodeForm(req.query, limits.query);
  if (!query.ok()) {
    if (query.error().code == "MalformedQueryString") return core::Error{"InvalidURI", "Couldn't parse the specified URI."};
    return query.error();
  }
  auto labels = MatchUriTemplate(operation.request_uri, req.path);
  if (!labels.ok()) return labels.error();
  if (!labels->has_value()) return core::Error{"InvalidURI", "Couldn't parse the specified URI."};

  // Names a querystring map must not take: other members' and the template's literal keys.
  std::set<std::string, std::less<>> named;
  for (const Member& m : input.members) {
    if (m.ref.location == "querystring" && m.ref.shape->type != ShapeType::kMap) named.insert(RestWireName(m));
  }
  if (const std::size_t q = operation.request_uri.find('?'); q != std::string::npos) {
    std::string_view literals = std::string_view(operation.request_uri).substr(q + 1);
    while (!literals.empty()) {
      const std::size_t amp = literals.find('&');
      const std::string_view item = literals.substr(0, amp);
      named.emplace(item.substr(0, item.find('=')));
      literals = amp == std::string_view::npos ? std::string_view() : literals.substr(amp + 1);
    }
  }

  Decoder decoder(req, options);
  bool body_members = false;
  for (const Member& m : input.members) {
    const std::string& location = m.ref.location;
    std::optional<json::value> value;
    if (location == "uri") {
      auto it = (*labels)->find(RestWireName(m));
      if (it != (*labels)->end()) value = decoder.Scalar(Place::kUri, m.ref, it->second, RestWireName(m));
    } else if (location == "querystring") {
      value = decoder.QueryMember(m, *query, named);
      if (!value && m.required && options.check_constraints) {
        decoder.Fail("InvalidRequest", "Missing required parameter for this request: " + RestWireName(m));
      }
    } else if (location == "header") {
      value = decoder.HeaderMember(m);
      if (!value && m.required && options.check_constraints) {
        decoder.Fail("InvalidRequest", "Missing required header for this request: " + RestWireName(m));
      }
    } else if (location == "headers") {
      value = decoder.HeaderMap(m);
    } else if (location.empty() && m.name != input.payload) {
      body_members = true;
    }
    if (value) out.members[m.name] = std::move(*value);
    if (decoder.failed()) return decoder.error();
  }

  if (!input.payload.empty()) {
    const Member* payload = nullptr;
    for (const Member& m : input.members) {
      if (m.name == input.payload) payload = &m;
    }
    if (payload == nullptr) return out;
    const Shape& ps = *payload->ref.shape;
    if (ps.type == ShapeType::kBlob) {
      // Streamed later by the pipeline; the members only say there is one.
      if (!req.body.empty() || payload->ref.streaming || ps.streaming) {
        if (!req.body.empty()) out.members[payload->name] = json::object{{"payload", "body"}, {"size", req.body.size()}};
      }
    } else if (ps.type == ShapeType::kString) {
      if (!req.body.empty()) out.members[payload->name] = decoder.Scalar(Place::kBody, payload->ref, req.body, payload->name);
    } else if (ps.type == ShapeType::kStructure) {
      if (BlankBody(req.body)) {
        if (payload->required && options.check_constraints) {
          return core::Error{"MissingRequestBodyError", "Request Body is empty"};
        }
      } else {
        pugi::xml_document doc;
        pugi::xml_node root = decoder.ParseBody(doc, XmlName(*payload), limits);
        if (root) out.members[payload->name] = decoder.XmlStructure(ps, root, payload->name, false);
      }
    }
  } else if (body_members && !BlankBody(req.body)) {
    // No payload member: the input's own unbound members, under the operation's root element.
    pugi::xml_document doc;
    const std::string root_name = !operation.input_location_name.empty() ? operation.input_location_name
                                  : !input.location_name.empty()          ? input.location_name
                                                                          : input.name;
    pugi::xml_node root = decoder.ParseBody(doc, root_name, limits);
    if (root) {
      for (auto& [k, v] : decoder.XmlStructure(input, root, "", true)) out.members[k] = std::move(v);
    }
  } else if (body_members && options.check_constraints) {
    for (const Member& m : input.members) {
      if (m.ref.location.empty() && m.required) return core::Error{"MissingRequestBodyError", "Request Body is empty"};
    }
  }
  if (decoder.failed()) return decoder.error();
  return out;
}

core::Result<RestXmlCall> ReadRestXmlRequest(const ServiceModel& model, const RestRequest& request,
                                             const DecodeOptions& options, const RestXmlLimits& limits) {
  static const std::vector<Header> kNoHeaders;
  const std::vector<Header>& headers = request.headers != nullptr ? *request.headers : kNoHeaders;
  auto query = core::DecodeForm(request.query, limits.query);
  if (!query.ok()) {
    if (query.error().code == "MalformedQueryString") return core::Error{"InvalidURI", "Couldn't parse the specified URI."};
    return query.error();
  }
  auto operation = RouteRestOperation(model, request.method, request.path, *query, headers);
  if (!operation.ok()) return operation.error();
  auto input = DecodeRestXmlInput(**operation, request, options, limits);
  if (!input.ok()) return input.error();
  return RestXmlCall{*operation, std::move(*input)};
}

}  // namespace bulwark::protocol
