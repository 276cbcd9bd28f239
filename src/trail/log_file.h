// The body of a CloudTrail log file, `{"Records":[r1,r2,...]}`: built from stored record texts with
// nothing added or re-serialised, so the bytes are reproducible from the store, and split back into
// the exact record texts (offsets into the body) to recompute the hash chain.
// The splitter only frames: it checks the fixed prefix/suffix, string escapes and bracket nesting of
// each element; it does not validate record contents (the hashes do that).
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace bulwark::trail {

struct LogFileLimits {
  std::size_t max_records = 100000;
  std::size_t max_depth = 64;
};

std::string BuildLogFileBody(const std::vector<std::string_view>& records);

struct RecordSpan {
  std::size_t offset = 0;  // into the body
  std::size_t size = 0;
};

// Errors: InvalidLogFile with the byte offset where the body stops being a log file.
core::Result<std::vector<RecordSpan>> SplitLogFileBody(std::string_view body, const LogFileLimits& limits = {});

}  // namespace bulwark::trail
