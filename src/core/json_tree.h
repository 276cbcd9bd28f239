// A JSON document tree that remembers where each value came from (line, column, byte offset).
//
// Policies must be reported on with positions (like IAM Access Analyzer's ValidatePolicy), which
// generic JSON DOMs do not keep. The tree is built by RapidJSON's SAX reader (no hand-written JSON
// parsing); it keeps member order and duplicate keys so validators can flag them.
// Limits: total size and nesting depth are bounded by the caller's JsonLimits.
// Thread-safety: immutable after parsing; safe to share.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace bulwark::core {

struct SourceLocation {
  uint32_t line = 0;    // 1-based; 0 means unknown.
  uint32_t column = 0;  // 1-based, in bytes.
  uint32_t offset = 0;  // 0-based byte offset.
};

class JsonValue {
 public:
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };
  using Member = std::pair<std::string, JsonValue>;

  Kind kind() const { return kind_; }
  bool IsNull() const { return kind_ == Kind::kNull; }
  bool IsBool() const { return kind_ == Kind::kBool; }
  bool IsNumber() const { return kind_ == Kind::kNumber; }
  bool IsString() const { return kind_ == Kind::kString; }
  bool IsArray() const { return kind_ == Kind::kArray; }
  bool IsObject() const { return kind_ == Kind::kObject; }

  // For strings: the decoded text. For numbers: the literal as written. For bools: "true"/"false".
  const std::string& text() const { return text_; }
  bool boolean() const { return text_ == "true"; }
  const std::vector<JsonValue>& items() const { return items_; }
  const std::vector<Member>& members() const { return members_; }
  // Location of each member's key, parallel to members().
  const std::vector<SourceLocation>& key_locations() const { return key_locations_; }
  const SourceLocation& location() const { return location_; }

  // First member with this exact key, or nullptr.
  const JsonValue* Find(std::string_view key) const;

  static const char* KindName(Kind kind);

 private:
  friend class JsonTreeBuilder;
  Kind kind_ = Kind::kNull;
  std::string text_;
  std::vector<JsonValue> items_;
  std::vector<Member> members_;
  std::vector<SourceLocation> key_locations_;
  SourceLocation location_;
};

struct JsonLimits {
  size_t max_bytes = 1 << 20;
  size_t max_depth = 64;
};

// Parses `text` (UTF-8, one JSON value, surrounding white space allowed).
// Errors: "MalformedJson" with the position in the message.
Result<JsonValue> ParseJson(std::string_view text, const JsonLimits& limits = {});

// Serializes a value as compact JSON (used to echo policies and write results).
std::string ToJson(const JsonValue& value);

}  // namespace bulwark::core
