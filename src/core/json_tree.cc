#include "core/json_tree.h"

#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>

namespace bulwark::core {

const JsonValue* JsonValue::Find(std::string_view key) const {
  for (const auto& [name, value] : members_) {
    if (name == key) return &value;
  }
  return nullptr;
}

const char* JsonValue::KindName(Kind kind) {
  switch (kind) {
    case Kind::kNull: return "null";
    case Kind::kBool: return "boolean";
    case Kind::kNumber: return "number";
    case Kind::kString: return "string";
    case Kind::kArray: return "array";
    case Kind::kObject: return "object";
  }
  return "unknown";
}

namespace {

// Maps byte offsets to 1-based line and column.
class LineTable {
 public:
  explicit LineTable(std::string_view text) {
    line_starts_.push_back(0);
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') line_starts_.push_back(static_cast<uint32_t>(i + 1));
    }
  }
  SourceLocation At(size_t offset) const {
    auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), static_cast<uint32_t>(offset));
    const auto line = static_cast<uint32_t>(it - line_starts_.begin());
    return SourceLocation{line, static_cast<uint32_t>(offset) - line_starts_[line - 1] + 1,
                          static_cast<uint32_t>(offset)};
  }

 private:
  std::vector<uint32_t> line_starts_;
};

}  // namespace

// RapidJSON SAX handler that assembles a JsonValue tree. SAX callbacks fire after a token is read,
// so a value's start is found by skipping white space, separators and closing brackets from where
// the previous event ended.
class JsonTreeBuilder {
 public:
  JsonTreeBuilder(std::string_view text, const rapidjson::MemoryStream& stream, size_t max_depth)
      : text_(text), lines_(text), stream_(stream), max_depth_(max_depth) {}

  bool Null() { return Scalar(JsonValue::Kind::kNull, "null"); }
  bool Bool(bool b) { return Scalar(JsonValue::Kind::kBool, b ? "true" : "false"); }
  bool Int(int) { return false; }  // Unused: numbers arrive as RawNumber.
  bool Uint(unsigned) { return false; }
  bool Int64(int64_t) { return false; }
  bool Uint64(uint64_t) { return false; }
  bool Double(double) { return false; }
  bool RawNumber(const char* str, rapidjson::SizeType length, bool) {
    return Scalar(JsonValue::Kind::kNumber, std::string_view(str, length));
  }
  bool String(const char* str, rapidjson::SizeType length, bool) {
    return Scalar(JsonValue::Kind::kString, std::string_view(str, length));
  }
  bool Key(const char* str, rapidjson::SizeType length, bool) {
    Frame& top = stack_.back();
    top.pending_key.assign(str, length);
    top.pending_key_location = TokenStart();
    MarkEnd();
    return true;
  }
  bool StartObject() { return Open(JsonValue::Kind::kObject); }
  bool EndObject(rapidjson::SizeType) { return Close(); }
  bool StartArray() { return Open(JsonValue::Kind::kArray); }
  bool EndArray(rapidjson::SizeType) { return Close(); }

  bool depth_exceeded() const { return depth_exceeded_; }
  JsonValue TakeRoot() { return std::move(root_); }

 private:
  struct Frame {
    JsonValue value;
    std::string pending_key;
    SourceLocation pending_key_location;
  };

  SourceLocation TokenStart() const {
    size_t pos = last_end_;
    while (pos < text_.size()) {
      const char c = text_[pos];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ':' || c == ']' || c == '}') {
        ++pos;
      } else {
        break;
      }
    }
    return lines_.At(pos);
  }
  void MarkEnd() { last_end_ = stream_.Tell(); }

  bool Scalar(JsonValue::Kind kind, std::string_view text) {
    JsonValue v;
    v.kind_ = kind;
    v.text_.assign(text);
    v.location_ = TokenStart();
    MarkEnd();
    Attach(std::move(v));
    return true;
  }
  bool Open(JsonValue::Kind kind) {
    if (stack_.size() >= max_depth_) {
      depth_exceeded_ = true;
      return false;
    }
    Frame frame;
    frame.value.kind_ = kind;
    frame.value.location_ = TokenStart();
    // The iterative reader reports a container before consuming its bracket: the first member
    // starts after it, whatever Tell() says now.
    last_end_ = std::max<size_t>(stream_.Tell(), frame.value.location_.offset + 1);
    stack_.push_back(std::move(frame));
    return true;
  }
  bool Close() {
    MarkEnd();
    JsonValue done = std::move(stack_.back().value);
    stack_.pop_back();
    Attach(std::move(done));
    return true;
  }
  void Attach(JsonValue v) {
    if (stack_.empty()) {
      root_ = std::move(v);
      return;
    }
    Frame& top = stack_.back();
    if (top.value.kind_ == JsonValue::Kind::kObject) {
      top.value.members_.emplace_back(std::move(top.pending_key), std::move(v));
      top.value.key_locations_.push_back(top.pending_key_location);
      top.pending_key.clear();
    } else {
      top.value.items_.push_back(std::move(v));
    }
  }

  std::string_view text_;
  LineTable lines_;
  const rapidjson::MemoryStream& stream_;
  size_t max_depth_;
  size_t last_end_ = 0;
  bool depth_exceeded_ = false;
  std::vector<Frame> stack_;
  JsonValue root_;
};

Result<JsonValue> ParseJson(std::string_view text, const JsonLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return Error{"MalformedJson", "document is " + std::to_string(text.size()) +
                                      " bytes, larger than the limit of " +
                                      std::to_string(limits.max_bytes)};
  }
  rapidjson::MemoryStream stream(text.data(), text.size());
  JsonTreeBuilder builder(text, stream, limits.max_depth);
  rapidjson::Reader reader;
  constexpr unsigned kFlags = rapidjson::kParseValidateEncodingFlag |
                              rapidjson::kParseNumbersAsStringsFlag |
                              rapidjson::kParseIterativeFlag;
  rapidjson::ParseResult result = reader.Parse<kFlags>(stream, builder);
  if (!result) {
    LineTable lines(text);
    const SourceLocation at = lines.At(std::min(result.Offset(), text.size()));
    std::string what = builder.depth_exceeded()
                           ? "nesting deeper than " + std::to_string(limits.max_depth) + " levels"
                           : rapidjson::GetParseError_En(result.Code());
    return Error{"MalformedJson", "invalid JSON at line " + std::to_string(at.line) + ", column " +
                                      std::to_string(at.column) + ": " + what};
  }
  return builder.TakeRoot();
}

namespace {

void Write(const JsonValue& v, rapidjson::Writer<rapidjson::StringBuffer>& w) {
  switch (v.kind()) {
    case JsonValue::Kind::kNull: w.Null(); break;
    case JsonValue::Kind::kBool: w.Bool(v.boolean()); break;
    case JsonValue::Kind::kNumber:
      w.RawValue(v.text().data(), v.text().size(), rapidjson::kNumberType);
      break;
    case JsonValue::Kind::kString:
      w.String(v.text().data(), static_cast<rapidjson::SizeType>(v.text().size()));
      break;
    case JsonValue::Kind::kArray:
      w.StartArray();
      for (const auto& item : v.items()) Write(item, w);
      w.EndArray();
      break;
    case JsonValue::Kind::kObject:
      w.StartObject();
      for (const auto& [key, value] : v.members()) {
        w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
        Write(value, w);
      }
      w.EndObject();
      break;
  }
}

}  // namespace

std::string ToJson(const JsonValue& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  Write(value, writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace bulwark::core
