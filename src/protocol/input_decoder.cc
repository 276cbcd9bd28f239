#include "protocol/input_decoder.h"

#include <charconv>
#include <string>
#include <vector>

#include "core/utf8.h"
#include "protocol/model_pattern.h"

namespace bulwark::protocol {

namespace {

namespace json = boost::json;

// Values echoed in messages are cut here: a message (and the record that carries it) stays bounded
// whatever the caller sent.
constexpr std::size_t kEchoLimit = 256;

std::string LowerCamel(std::string_view name) {
  std::string out(name);
  if (!out.empty() && out[0] >= 'A' && out[0] <= 'Z') out[0] = static_cast<char>(out[0] - 'A' + 'a');
  return out;
}

std::string WireName(const Member& m) { return m.ref.location_name.empty() ? m.name : m.ref.location_name; }

std::string Echo(const Shape& shape, std::string_view value) {
  if (shape.sensitive) return "Value";  // Coral's form for sensitive members: no value shown.
  std::string shown(value.substr(0, kEchoLimit));
  if (value.size() > kEchoLimit) {
    // Never cut inside a UTF-8 sequence.
    while (!shown.empty() && !core::IsValidUtf8(shown)) shown.pop_back();
    shown += "...";
  }
  return "Value '" + shown + "'";
}

// Collects constraint violations in AWS's wording; the caller turns them into one error.
class Problems {
 public:
  void Add(std::string text) { items_.push_back(std::move(text)); }
  void Null(const std::string& path) { Add("Value null at '" + path + "' failed to satisfy constraint: Member must not be null"); }
  void Constraint(const Shape& shape, std::string_view value, const std::string& path, const std::string& what) {
    Add(Echo(shape, value) + " at '" + path + "' failed to satisfy constraint: " + what);
  }
  bool empty() const { return items_.empty(); }
  std::size_t size() const { return items_.size(); }
  core::Error ToError(const char* code) const {
    std::string message = std::to_string(items_.size()) +
                          (items_.size() == 1 ? " validation error detected: " : " validation errors detected: ");
    for (std::size_t i = 0; i < items_.size(); ++i) {
      if (i != 0) message += "; ";
      message += items_[i];
    }
    return core::Error{code, std::move(message)};
  }

 private:
  std::vector<std::string> items_;
};

void CheckLength(const Shape& shape, std::size_t length, std::string_view shown, const std::string& path,
                 Problems& problems) {
  if (shape.min && static_cast<int64_t>(length) < *shape.min) {
    problems.Constraint(shape, shown, path, "Member must have length greater than or equal to " + std::to_string(*shape.min));
  } else if (shape.max && static_cast<int64_t>(length) > *shape.max) {
    problems.Constraint(shape, shown, path, "Member must have length less than or equal to " + std::to_string(*shape.max));
  }
}

void CheckString(const Shape& shape, std::string_view value, const std::string& path, Problems& problems) {
  const std::size_t before = problems.size();
  CheckLength(shape, core::Utf8Length(value), value, path, problems);
  if (problems.size() == before && shape.pattern_matcher != nullptr && !shape.pattern_matcher->Matches(value)) {
    problems.Constraint(shape, value, path, "Member must satisfy regular expression pattern: " + shape.pattern);
  }
  if (!shape.enum_values.empty()) {
    bool known = false;
    for (const auto& e : shape.enum_values) known = known || e == value;
    if (!known) {
      std::string set;
      for (const auto& e : shape.enum_values) set += (set.empty() ? "" : ", ") + e;
      problems.Constraint(shape, value, path, "Member must satisfy enum value set: [" + set + "]");
    }
  }
}

void CheckRange(const Shape& shape, int64_t value, const std::string& path, Problems& problems) {
  const std::string shown = std::to_string(value);
  if (shape.min && value < *shape.min) {
    problems.Constraint(shape, shown, path, "Member must have value greater than or equal to " + std::to_string(*shape.min));
  } else if (shape.max && value > *shape.max) {
    problems.Constraint(shape, shown, path, "Member must have value less than or equal to " + std::to_string(*shape.max));
  }
}

std::optional<int64_t> ParseInteger(std::string_view text) {
  int64_t v = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (ec != std::errc() || ptr != end || text.empty()) return std::nullopt;
  return v;
}

// Query protocol ---------------------------------------------------------------------------------

class QueryDecoder {
 public:
  QueryDecoder(const FormParams& raw, const DecodeOptions& options) : raw_(raw.all()), options_(options) {}

  // The value at `key` (a scalar) or under `key.` (structures, lists, maps); nullopt when absent.
  std::optional<json::value> Decode(const Shape& shape, const std::string& key, const std::string& path) {
    switch (shape.type) {
      case ShapeType::kStructure: return DecodeStructure(shape, key, path);
      case ShapeType::kList: return DecodeList(shape, key, path);
      case ShapeType::kMap: return DecodeMap(shape, key, path);
      default: return DecodeScalar(shape, key, path);
    }
  }

  std::optional<json::value> DecodeStructure(const Shape& shape, const std::string& key, const std::string& path) {
    if (!key.empty() && !HasUnder(key)) return std::nullopt;
    json::object out;
    for (const Member& m : shape.members) {
      const std::string member_key = key.empty() ? WireName(m) : key + "." + WireName(m);
      const std::string member_path = path.empty() ? LowerCamel(m.name) : path + "." + LowerCamel(m.name);
      auto v = Decode(*m.ref.shape, member_key, member_path);
      if (v) {
        out[m.name] = std::move(*v);
      } else if (m.required && options_.check_constraints) {
        problems_.Null(member_path);
      }
    }
    return json::value(std::move(out));
  }

  std::optional<json::value> DecodeList(const Shape& shape, const std::string& key, const std::string& path) {
    // An empty list is sent as "Name=" (botocore); a list with members as Name.member.N.
    auto empty = raw_.find(key);
    const bool flattened = shape.flattened || shape.member.flattened;
    const std::string element = flattened ? key : key + "." + (shape.member.location_name.empty() ? "member" : shape.member.location_name);
    json::array out;
    for (std::size_t i = 1;; ++i) {
      const std::string item_key = element + "." + std::to_string(i);
      auto v = Decode(*shape.member.shape, item_key, path + "." + std::to_string(i) + ".member");
      if (!v) break;
      out.push_back(std::move(*v));
    }
    if (out.empty()) {
      if (empty == raw_.end()) return std::nullopt;
      Consume(empty->first, empty->second);
    }
    CheckLength(shape, out.size(), "[...]", path, problems_);
    return json::value(std::move(out));
  }

  std::optional<json::value> DecodeMap(const Shape& shape, const std::string& key, const std::string& path) {
    const std::string entry = shape.flattened ? key : key + ".entry";
    const std::string key_name = shape.key.location_name.empty() ? "key" : shape.key.location_name;
    const std::string value_name = shape.value.location_name.empty() ? "value" : shape.value.location_name;
    json::object out;
    bool any = false;
    for (std::size_t i = 1;; ++i) {
      const std::string base = entry + "." + std::to_string(i);
      const std::string entry_path = path + ".entry." + std::to_string(i);
      auto k = Decode(*shape.key.shape, base + "." + key_name, entry_path + ".key");
      if (!k) break;
      any = true;
      auto v = Decode(*shape.value.shape, base + "." + value_name, entry_path + ".value");
      if (!v) {
        problems_.Null(entry_path + ".value");
        continue;
      }
      if (k->is_string()) out[k->get_string()] = std::move(*v);
    }
    if (!any) return std::nullopt;
    CheckLength(shape, out.size(), "{...}", path, problems_);
    return json::value(std::move(out));
  }

  std::optional<json::value> DecodeScalar(const Shape& shape, const std::string& key, const std::string& path) {
    auto it = raw_.find(key);
    if (it == raw_.end()) return std::nullopt;
    const std::string& text = it->second;
    Consume(it->first, text);
    switch (shape.type) {
      case ShapeType::kInteger:
      case ShapeType::kLong: {
        auto n = ParseInteger(text);
        if (!n) {
          problems_.Constraint(shape, text, path, "Member must be a number");
          return json::value(text);
        }
        if (options_.check_constraints) CheckRange(shape, *n, path, problems_);
        return json::value(*n);
      }
      case ShapeType::kBoolean:
        if (text == "true") return json::value(true);
        if (text == "false") return json::value(false);
        problems_.Constraint(shape, text, path, "Member must be a boolean");
        return json::value(text);
      default:
        if (options_.check_constraints) CheckString(shape, text, path, problems_);
        return json::value(text);
    }
  }

  const Problems& problems() const { return problems_; }
  std::map<std::string, std::string> TakeConsumed() { return std::move(consumed_); }

 private:
  bool HasUnder(const std::string& key) const {
    const std::string prefix = key + ".";
    auto it = raw_.lower_bound(prefix);
    return it != raw_.end() && it->first.compare(0, prefix.size(), prefix) == 0;
  }
  void Consume(const std::string& key, const std::string& value) { consumed_.emplace(key, value); }

  const std::map<std::string, std::string>& raw_;
  DecodeOptions options_;
  Problems problems_;
  std::map<std::string, std::string> consumed_;
};

// JSON protocols ---------------------------------------------------------------------------------

class JsonDecoder {
 public:
  explicit JsonDecoder(const DecodeOptions& options) : options_(options) {}

  // The modelled part of `in`; a type mismatch is remembered as a SerializationException.
  json::value Decode(const Shape& shape, const json::value& in, const std::string& path) {
    switch (shape.type) {
      case ShapeType::kStructure: {
        if (!in.is_object()) return TypeError(path, "a structure");
        json::object out;
        for (const Member& m : shape.members) {
          const std::string member_path = path.empty() ? LowerCamel(m.name) : path + "." + LowerCamel(m.name);
          // REST members bound to the URI, query or headers (rest_json_decoder.h) are handed in
          // under their model names: their wire names are header or parameter names.
          const std::string key = path.empty() && !m.ref.location.empty() ? m.name : WireName(m);
          const json::value* v = in.get_object().if_contains(key);
          if (v == nullptr || v->is_null()) {
            if (m.required && options_.check_constraints) problems_.Null(member_path);
            continue;
          }
          // A "jsonvalue" header holds any JSON document, already parsed.
          out[key] = m.ref.json_value ? *v : Decode(*m.ref.shape, *v, member_path);
        }
        return out;
      }
      case ShapeType::kList: {
        if (!in.is_array()) return TypeError(path, "a list");
        json::array out;
        std::size_t i = 0;
        for (const json::value& item : in.get_array()) {
          out.push_back(Decode(*shape.member.shape, item, path + "." + std::to_string(++i) + ".member"));
        }
        if (options_.check_constraints) CheckLength(shape, out.size(), "[...]", path, problems_);
        return out;
      }
      case ShapeType::kMap: {
        if (!in.is_object()) return TypeError(path, "a map");
        json::object out;
        for (const auto& [k, v] : in.get_object()) {
          out[k] = Decode(*shape.value.shape, v, path + "." + std::string(k));
        }
        if (options_.check_constraints) CheckLength(shape, out.size(), "{...}", path, problems_);
        return out;
      }
      case ShapeType::kInteger:
      case ShapeType::kLong: {
        if (!in.is_int64() && !in.is_uint64()) return TypeError(path, "an integer");
        const int64_t n = in.is_int64() ? in.get_int64() : static_cast<int64_t>(in.get_uint64());
        if (options_.check_constraints) CheckRange(shape, n, path, problems_);
        return in;
      }
      case ShapeType::kDouble:
      case ShapeType::kFloat:
        if (!in.is_number()) return TypeError(path, "a number");
        return in;
      case ShapeType::kBoolean:
        if (!in.is_bool()) return TypeError(path, "a boolean");
        return in;
      case ShapeType::kTimestamp:
        // Epoch seconds, as the JSON protocols send them; a date string only where the shape says
        // its format is ISO 8601.
        if (in.is_number()) return in;
        if (in.is_string() && shape.timestamp_format == "iso8601") return in;
        return TypeError(path, "a timestamp");
      case ShapeType::kBlob: {
        // Blobs travel as base64; their length bounds count the decoded bytes (KMS's 4096-byte
        // Plaintext is 5464 characters on the wire).
        if (!in.is_string()) return TypeError(path, "a blob");
        const json::string& text = in.get_string();
        std::size_t padding = 0;
        for (std::size_t i = text.size(); i > 0 && text[i - 1] == '=' && padding < 2; --i) ++padding;
        const std::size_t bytes = text.size() / 4 * 3 - (text.size() % 4 == 0 ? padding : 0);
        if (options_.check_constraints) CheckLength(shape, bytes, "", path, problems_);
        return in;
      }
      default:
        if (!in.is_string()) return TypeError(path, "a string");
        if (options_.check_constraints) CheckString(shape, in.get_string(), path, problems_);
        return in;
    }
  }

  const Problems& problems() const { return problems_; }
  const std::optional<core::Error>& type_error() const { return type_error_; }

 private:
  json::value TypeError(const std::string& path, const char* expected) {
    if (!type_error_) {
      type_error_ = core::Error{"SerializationException", "Expected " + std::string(expected) + " at '" + path + "'."};
    }
    return nullptr;
  }

  DecodeOptions options_;
  Problems problems_;
  std::optional<core::Error> type_error_;
};

// Model member names -> lowerCamelCase, sensitive values hidden.
json::value Recorded(const Shape& shape, const json::value& value) {
  if (shape.sensitive) return json::value("HIDDEN_DUE_TO_SECURITY_REASONS");
  switch (shape.type) {
    case ShapeType::kStructure: {
      if (!value.is_object()) return value;
      json::object out;
      for (const Member& m : shape.members) {
        const json::value* v = value.get_object().if_contains(m.name);
        if (v == nullptr) v = value.get_object().if_contains(WireName(m));
        if (v != nullptr) out[LowerCamel(m.name)] = Recorded(*m.ref.shape, *v);
      }
      return out;
    }
    case ShapeType::kList: {
      if (!value.is_array()) return value;
      json::array out;
      for (const json::value& item : value.get_array()) out.push_back(Recorded(*shape.member.shape, item));
      return out;
    }
    case ShapeType::kMap: {
      if (!value.is_object()) return value;
      json::object out;
      for (const auto& [k, v] : value.get_object()) out[k] = Recorded(*shape.value.shape, v);
      return out;
    }
    default:
      return value;
  }
}

}  // namespace

core::Result<DecodedInput> DecodeQueryInput(const OperationModel& operation, const FormParams& raw,
                                            const DecodeOptions& options) {
  DecodedInput out;
  if (operation.input == nullptr) return out;
  QueryDecoder decoder(raw, options);
  auto members = decoder.DecodeStructure(*operation.input, "", "");
  if (!decoder.problems().empty()) return decoder.problems().ToError("ValidationError");
  out.members = std::move(members->as_object());
  out.form = FormParams::FromMap(decoder.TakeConsumed());
  return out;
}

core::Result<DecodedInput> DecodeJsonInput(const OperationModel& operation, const boost::json::object& raw,
                                           const DecodeOptions& options) {
  DecodedInput out;
  if (operation.input == nullptr) {
    out.json = json::object();
    return out;
  }
  JsonDecoder decoder(options);
  json::value decoded = decoder.Decode(*operation.input, raw, "");
  if (decoder.type_error()) return *decoder.type_error();
  if (!decoder.problems().empty()) return decoder.problems().ToError("ValidationException");
  out.members = decoded.as_object();
  out.json = std::move(decoded);
  return out;
}

boost::json::value RecordedParameters(const OperationModel& operation, const DecodedInput& input) {
  if (operation.input == nullptr || input.members.empty()) return nullptr;
  return Recorded(*operation.input, input.members);
}

}  // namespace bulwark::protocol
