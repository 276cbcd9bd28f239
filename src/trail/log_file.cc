#include "trail/log_file.h"

#include <cstring>

namespace bulwark::trail {

namespace {

constexpr std::string_view kPrefix = "{\"Records\":[";
constexpr std::string_view kSuffix = "]}";

core::Error Invalid(std::size_t at, const std::string& what) {
  return core::Error{"InvalidLogFile", "not a CloudTrail log body at byte " + std::to_string(at) + ": " + what};
}

}  // namespace

std::string BuildLogFileBody(const std::vector<std::string_view>& records) {
  std::size_t size = kPrefix.size() + kSuffix.size() + records.size();
  for (auto r : records) size += r.size();
  std::string body;
  body.reserve(size);
  body += kPrefix;
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (i != 0) body += ',';
    body += records[i];
  }
  body += kSuffix;
  return body;
}

core::Result<std::vector<RecordSpan>> SplitLogFileBody(std::string_view body, const LogFileLimits& limits) {
  if (!body.starts_with(kPrefix)) return Invalid(0, "expected {\"Records\":[");
  std::vector<RecordSpan> spans;
  std::size_t i = kPrefix.size();
  if (i < body.size() && body[i] == ']') {
    if (body.substr(i) != kSuffix) return Invalid(i, "expected ]} at the end");
    return spans;
  }
  while (true) {
    if (i >= body.size()) return Invalid(i, "the body ends inside the Records list");
    if (body[i] != '{') return Invalid(i, "a record must be a JSON object");
    const std::size_t start = i;
    std::size_t depth = 0;
    bool in_string = false;
    for (; i < body.size(); ++i) {
      if (in_string) {
        // Records are mostly string bytes: jump to the next quote (memchr is vectorised) and count the
        // backslashes before it; an odd number escapes it.
        const void* quote = std::memchr(body.data() + i, '"', body.size() - i);
        if (quote == nullptr) return Invalid(body.size(), "the body ends inside a string");
        i = static_cast<std::size_t>(static_cast<const char*>(quote) - body.data());
        std::size_t backslashes = 0;
        while (backslashes < i - start && body[i - 1 - backslashes] == '\\') ++backslashes;
        if (backslashes % 2 == 0) in_string = false;
        continue;
      }
      const char c = body[i];
      if (c == '"') {
        in_string = true;
      } else if (c == '{' || c == '[') {
        if (++depth > limits.max_depth) return Invalid(i, "records nest too deeply");
      } else if (c == '}' || c == ']') {
        if (depth == 0) return Invalid(i, "unbalanced bracket");
        if (--depth == 0) break;
      }
    }
    if (i >= body.size()) return Invalid(body.size(), "the body ends inside a record");
    ++i;  // Past the record's closing brace.
    spans.push_back(RecordSpan{start, i - start});
    if (spans.size() > limits.max_records) return Invalid(start, "more than " + std::to_string(limits.max_records) + " records");
    if (i >= body.size()) return Invalid(i, "the body ends inside the Records list");
    if (body[i] == ',') {
      ++i;
      continue;
    }
    if (body.substr(i) != kSuffix) return Invalid(i, "expected , or ]} after a record");
    return spans;
  }
}

}  // namespace bulwark::trail
