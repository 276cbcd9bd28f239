#include "trail/trail_test_util.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>

#include "store/sqlite_store.h"
#include "trail/gzip.h"
#include "trail/seal_layout.h"
#include "trail/trail_log.h"

namespace bulwark::trail::testing {

TempDir::TempDir() {
  std::random_device rd;
  path_ = std::filesystem::temp_directory_path() / ("bulwark-seal-" + std::to_string(rd()) + std::to_string(rd()));
  std::filesystem::create_directories(path_);
}
TempDir::~TempDir() { std::filesystem::remove_all(path_); }

std::unique_ptr<store::Store> OpenTrailStore(const std::filesystem::path& dir) {
  store::SqliteStoreOptions options;
  options.data_dir = dir;
  options.migrations = TrailMigrations();
  auto opened = store::OpenSqliteStore(std::move(options));
  EXPECT_TRUE(opened.ok()) << opened.error().message;
  return std::move(opened.value());
}

EventRecord SampleRecord(int i) {
  EventRecord r;
  r.user_identity.type = "Root";
  r.user_identity.account_id = "123456789012";
  r.event_time = IsoTime(kT0 + i);
  r.event_source = "sts.amazonaws.com";
  r.event_name = "GetCallerIdentity";
  r.aws_region = "us-east-1";
  r.event_id = "00000000-0000-4000-8000-" + std::string(12 - std::to_string(i).size(), '0') + std::to_string(i);
  r.request_id = "req-" + std::to_string(i);
  r.recipient_account_id = "123456789012";
  return r;
}

void AppendRecords(store::Store& store, int from, int count) {
  for (int i = from; i < from + count; ++i) {
    auto seq = store.Write([&](store::Transaction& txn) { return AppendEvent(txn, SampleRecord(i), kT0 + i); });
    ASSERT_TRUE(seq.ok()) << seq.error().message;
  }
}

std::string ReadRaw(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteRaw(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

std::string ReadGz(const std::filesystem::path& path) {
  auto body = GzipDecompress(ReadRaw(path), 1 << 30);
  EXPECT_TRUE(body.ok());
  return body.ok() ? *body : std::string();
}

void WriteGz(const std::filesystem::path& path, const std::string& body) { WriteRaw(path, *GzipCompress(body)); }

}  // namespace bulwark::trail::testing
