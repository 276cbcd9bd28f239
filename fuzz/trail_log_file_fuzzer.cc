// Fuzzes the log file readers: gzip decompression (bounded) and the Records splitter. Every span the
// splitter returns lies inside the body and starts with '{' and ends with '}'.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "trail/gzip.h"
#include "trail/log_file.h"

namespace {
void Split(std::string_view body) {
  bulwark::trail::LogFileLimits limits;
  limits.max_records = 1000;
  auto spans = bulwark::trail::SplitLogFileBody(body, limits);
  if (!spans.ok()) return;
  for (const auto& s : *spans) {
    if (s.offset + s.size > body.size() || s.size < 2 || body[s.offset] != '{' || body[s.offset + s.size - 1] != '}') {
      std::abort();
    }
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  Split(bytes);
  auto inflated = bulwark::trail::GzipDecompress(bytes, 1 << 20);
  if (inflated.ok()) Split(*inflated);
  return 0;
}
