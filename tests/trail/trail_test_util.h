// Small helper verbs for trail tests: a temporary folder, a store with the trail's tables, records
// appended at chosen times, and reading/writing the gzip'd files of an export.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "store/store.h"
#include "trail/event_record.h"

namespace bulwark::trail::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline const std::string kMasterKey(32, 'm');
inline constexpr int64_t kT0 = 1767225600;  // 2026-01-01T00:00:00Z

std::unique_ptr<store::Store> OpenTrailStore(const std::filesystem::path& dir);
EventRecord SampleRecord(int i);
// Appends records numbered [from, from + count) with event time kT0 + number.
void AppendRecords(store::Store& store, int from, int count);

std::string ReadGz(const std::filesystem::path& path);
void WriteGz(const std::filesystem::path& path, const std::string& body);
std::string ReadRaw(const std::filesystem::path& path);
void WriteRaw(const std::filesystem::path& path, const std::string& bytes);

}  // namespace bulwark::trail::testing
