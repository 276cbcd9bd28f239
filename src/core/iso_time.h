// ISO 8601 UTC timestamps with second precision ("2026-11-29T05:44:49Z"), the form AWS uses in
// CloudTrail records, query-protocol timestamps and digest files.
// Thread-safety: pure function.
#pragma once

#include <cstdint>
#include <string>

namespace bulwark::core {

std::string IsoTime(int64_t epoch_seconds);

}  // namespace bulwark::core
