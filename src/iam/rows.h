// Reading store rows whose schema this layer owns: a NULL or mistyped column reads as empty/zero
// rather than aborting (the schema's NOT NULL constraints make that a corruption, not an input).
#pragma once

#include <cstdint>
#include <string>

#include "store/value.h"

namespace bulwark::iam {

inline std::string TextAt(const store::Row& row, std::size_t column) {
  auto t = row.Text(column);
  return t.ok() ? std::string(*t) : std::string();
}

inline int64_t IntAt(const store::Row& row, std::size_t column) {
  auto v = row.Int64(column);
  return v.ok() ? *v : 0;
}

}  // namespace bulwark::iam
