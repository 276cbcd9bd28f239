#include "store/value.h"

#include <string>

#include "store/store.h"

namespace bulwark::store {

std::string_view KindName(Value::Kind kind) {
  switch (kind) {
    case Value::Kind::kNull: return "NULL";
    case Value::Kind::kInt64: return "INTEGER";
    case Value::Kind::kText: return "TEXT";
    case Value::Kind::kBlob: return "BLOB";
  }
  return "?";
}

bool Row::IsNull(std::size_t column) const {
  return column >= values_.size() || values_[column].is_null();
}

core::Status Row::Expect(std::size_t column, Value::Kind kind) const {
  if (column >= values_.size()) {
    return core::Error{std::string(kErrorInternal), "store: result has " + std::to_string(values_.size()) +
                                                        " columns, column " + std::to_string(column) +
                                                        " was requested"};
  }
  if (values_[column].kind() != kind) {
    return core::Error{std::string(kErrorInternal), "store: column " + std::to_string(column) + " holds " +
                                                        std::string(KindName(values_[column].kind())) +
                                                        ", expected " + std::string(KindName(kind))};
  }
  return core::Status::Ok();
}

core::Result<std::int64_t> Row::Int64(std::size_t column) const {
  if (auto st = Expect(column, Value::Kind::kInt64); !st.ok()) return st.error();
  return values_[column].int64();
}

core::Result<std::string_view> Row::Text(std::size_t column) const {
  if (auto st = Expect(column, Value::Kind::kText); !st.ok()) return st.error();
  return std::string_view(values_[column].text());
}

core::Result<std::span<const std::uint8_t>> Row::Blob(std::size_t column) const {
  if (auto st = Expect(column, Value::Kind::kBlob); !st.ok()) return st.error();
  return std::span<const std::uint8_t>(values_[column].blob());
}

core::Result<std::string> Row::BlobString(std::size_t column) const {
  if (auto st = Expect(column, Value::Kind::kBlob); !st.ok()) return st.error();
  const Bytes& b = values_[column].blob();
  return std::string(b.begin(), b.end());
}

}  // namespace bulwark::store
