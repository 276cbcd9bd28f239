// Value and Row: the typed cells that cross the store interface.
//
// A Value is what a statement parameter or a result column holds: SQL NULL, a 64-bit integer, UTF-8
// text or bytes. These four are the types every backend (SQLite, PostgreSQL) stores without loss, so
// schemas use BIGINT, TEXT and BYTEA columns only (see store.h for the portable SQL subset).
// Floating-point values are deliberately absent: nothing in Bulwark's state needs them, and their
// text forms differ between backends.
//
// A Row is one materialized result row. Its typed getters return an InternalFailure error, never
// undefined behaviour, when the column is missing or holds another type, so a damaged or unexpected
// database fails closed.
// Thread-safety: value types.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/result.h"

namespace bulwark::store {

using Bytes = std::vector<std::uint8_t>;

class Value {
 public:
  enum class Kind { kNull, kInt64, kText, kBlob };

  Value() = default;                                    // NULL
  Value(std::nullptr_t) {}                              // NOLINT: NULL
  Value(std::int64_t v) : data_(v) {}                   // NOLINT
  Value(int v) : data_(std::int64_t{v}) {}              // NOLINT
  Value(std::string v) : data_(std::move(v)) {}         // NOLINT
  Value(std::string_view v) : data_(std::string(v)) {}  // NOLINT
  Value(const char* v) : data_(std::string(v)) {}       // NOLINT
  Value(Bytes v) : data_(std::move(v)) {}               // NOLINT
  // Bytes from a string's octets (keys, ciphertexts and hashes are often held in std::string).
  static Value Blob(std::string_view octets) { return Value(Bytes(octets.begin(), octets.end())); }

  Kind kind() const { return static_cast<Kind>(data_.index()); }
  bool is_null() const { return kind() == Kind::kNull; }
  // Preconditions: kind() is the matching kind.
  std::int64_t int64() const { return std::get<std::int64_t>(data_); }
  const std::string& text() const { return std::get<std::string>(data_); }
  const Bytes& blob() const { return std::get<Bytes>(data_); }

  friend bool operator==(const Value&, const Value&) = default;

 private:
  std::variant<std::monostate, std::int64_t, std::string, Bytes> data_;
};

// "NULL", "INTEGER", "TEXT", "BLOB": for error messages.
std::string_view KindName(Value::Kind kind);

class Row {
 public:
  Row() = default;
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}

  std::size_t size() const { return values_.size(); }
  const std::vector<Value>& values() const { return values_; }

  // True when the column is NULL or missing.
  bool IsNull(std::size_t column) const;
  // Errors: InternalFailure when the column is missing, NULL or of another type.
  core::Result<std::int64_t> Int64(std::size_t column) const;
  // The views point into this row and live as long as it does.
  core::Result<std::string_view> Text(std::size_t column) const;
  core::Result<std::span<const std::uint8_t>> Blob(std::size_t column) const;
  // The bytes of a BLOB column as a std::string.
  core::Result<std::string> BlobString(std::size_t column) const;

 private:
  core::Status Expect(std::size_t column, Value::Kind kind) const;

  std::vector<Value> values_;
};

}  // namespace bulwark::store
