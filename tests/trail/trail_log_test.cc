#include "trail/trail_log.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "crypto/digest.h"
#include "store/sqlite_store.h"
#include <filesystem>
#include <random>

namespace bulwark::trail {
namespace {

// A fresh directory removed with its contents at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / ("bulwark-trail-" + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

EventRecord Call(const std::string& name, const std::string& user, bool read_only, const std::string& event_id) {
  EventRecord r;
  r.user_identity.type = user == "root" ? "Root" : "IAMUser";
  r.user_identity.user_name = user == "root" ? "" : user;
  r.user_identity.access_key_id = "AKIA" + user;
  r.event_time = "2026-11-28T23:45:00Z";
  r.event_source = "iam.amazonaws.com";
  r.event_name = name;
  r.read_only = read_only;
  r.event_id = event_id;
  r.request_id = "req-" + event_id;
  return r;
}

class TrailLog : public ::testing::Test {
 protected:
  void SetUp() override {
    store::SqliteStoreOptions options;
    options.data_dir = dir_.path();
    options.migrations = TrailMigrations();
    auto opened = store::OpenSqliteStore(std::move(options));
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(opened.value());
  }
  void Append(const EventRecord& r, int64_t time) {
    auto seq = store_->Write([&](store::Transaction& txn) { return AppendEvent(txn, r, time); });
    ASSERT_TRUE(seq.ok()) << seq.error().message;
  }
  LookupPage Lookup(const LookupQuery& q) {
    auto page = store_->Read([&](store::ReadView& view) { return LookupEvents(view, q); });
    EXPECT_TRUE(page.ok()) << (page.ok() ? "" : page.error().message);
    return page.ok() ? std::move(page.value()) : LookupPage{};
  }

  TempDir dir_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(TrailLog, EachRecordChainsToThePreviousHash) {
  Append(Call("CreateUser", "alice", false, "e1"), 100);
  Append(Call("ListUsers", "alice", true, "e2"), 101);
  auto rows = store_->Read([](store::ReadView& view) {
    return view.QueryAll("SELECT record, prev_hash, hash FROM trail_events ORDER BY seq");
  });
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  const std::string genesis(64, '0');
  EXPECT_EQ(*(*rows)[0].Text(1), genesis);
  EXPECT_EQ(*(*rows)[0].Text(2), crypto::Sha256Hex(genesis + "\n" + std::string(*(*rows)[0].Text(0))));
  EXPECT_EQ(*(*rows)[1].Text(1), *(*rows)[0].Text(2));
  EXPECT_EQ(*(*rows)[1].Text(2),
            crypto::Sha256Hex(std::string(*(*rows)[0].Text(2)) + "\n" + std::string(*(*rows)[1].Text(0))));
}

TEST_F(TrailLog, LookupReturnsNewestFirstWithTheStoredRecord) {
  Append(Call("CreateUser", "alice", false, "e1"), 100);
  Append(Call("GetUser", "bob", true, "e2"), 200);
  LookupPage page = Lookup(LookupQuery{});
  ASSERT_EQ(page.events.size(), 2u);
  EXPECT_EQ(page.events[0].event_id, "e2");
  EXPECT_EQ(page.events[1].event_id, "e1");
  EXPECT_FALSE(page.next_before_seq.has_value());
  auto record = boost::json::parse(page.events[0].record).as_object();
  EXPECT_EQ(record["eventName"].as_string(), "GetUser");
}

// One server, many accounts: each account's lookups see only its own records, filters included.
TEST_F(TrailLog, LookupSeesOnlyTheAccountsOwnRecords) {
  EventRecord a = Call("CreateUser", "alice", false, "e1");
  a.recipient_account_id = "111111111111";
  EventRecord b = Call("CreateUser", "alice", false, "e2");
  b.recipient_account_id = "222222222222";
  Append(a, 100);
  Append(b, 200);
  LookupQuery q;
  q.account_id = "111111111111";
  LookupPage page = Lookup(q);
  ASSERT_EQ(page.events.size(), 1u);
  EXPECT_EQ(page.events[0].event_id, "e1");
  q.attribute_key = "Username";
  q.attribute_value = "alice";
  page = Lookup(q);
  ASSERT_EQ(page.events.size(), 1u);
  EXPECT_EQ(page.events[0].event_id, "e1");
  q.account_id = "333333333333";
  EXPECT_TRUE(Lookup(q).events.empty());
}

// Records written before the trail knew accounts go to the home account, and only those.
TEST_F(TrailLog, UnownedRecordsAreAdoptedByTheHomeAccountOnly) {
  Append(Call("CreateUser", "alice", false, "e1"), 100);  // No recipient: as stored before accounts.
  EventRecord b = Call("GetUser", "bob", true, "e2");
  b.recipient_account_id = "222222222222";
  Append(b, 200);
  ASSERT_TRUE(store_->Write([](store::Transaction& txn) { return AdoptUnownedRecords(txn, "111111111111"); }).ok());
  LookupQuery q;
  q.account_id = "111111111111";
  LookupPage page = Lookup(q);
  ASSERT_EQ(page.events.size(), 1u);
  EXPECT_EQ(page.events[0].event_id, "e1");
  q.account_id = "222222222222";
  page = Lookup(q);
  ASSERT_EQ(page.events.size(), 1u);
  EXPECT_EQ(page.events[0].event_id, "e2");
}

TEST_F(TrailLog, FiltersByEachAttributeAndTimeRange) {
  Append(Call("CreateUser", "alice", false, "e1"), 100);
  Append(Call("GetUser", "bob", true, "e2"), 200);
  Append(Call("GetCallerIdentity", "root", true, "e3"), 300);
  auto by = [](const char* key, const char* value) {
    LookupQuery q;
    q.attribute_key = key;
    q.attribute_value = value;
    return q;
  };
  auto ids = [&](LookupQuery q) {
    std::vector<std::string> out;
    for (const auto& e : Lookup(q).events) out.push_back(e.event_id);
    return out;
  };
  EXPECT_EQ(ids(by("Username", "bob")), std::vector<std::string>{"e2"});
  EXPECT_EQ(ids(by("Username", "root")), std::vector<std::string>{"e3"});
  EXPECT_EQ(ids(by("ReadOnly", "false")), std::vector<std::string>{"e1"});
  EXPECT_EQ(ids(by("EventName", "GetUser")), std::vector<std::string>{"e2"});
  EXPECT_EQ(ids(by("AccessKeyId", "AKIAalice")), std::vector<std::string>{"e1"});
  EXPECT_EQ(ids(by("EventId", "e3")), std::vector<std::string>{"e3"});
  LookupQuery range;
  range.start_time = 150;
  range.end_time = 300;
  EXPECT_EQ(ids(range), (std::vector<std::string>{"e3", "e2"}));
}

TEST_F(TrailLog, PagesWithMaxResultsAndAContinuation) {
  for (int i = 1; i <= 5; ++i) Append(Call("GetUser", "bob", true, "e" + std::to_string(i)), 100 + i);
  LookupQuery q;
  q.max_results = 2;
  std::vector<std::string> seen;
  for (int pages = 0; pages < 10; ++pages) {
    LookupPage page = Lookup(q);
    for (const auto& e : page.events) seen.push_back(e.event_id);
    if (!page.next_before_seq) break;
    q.before_seq = page.next_before_seq;
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"e5", "e4", "e3", "e2", "e1"}));
}

LookupQuery Unknown() {
  LookupQuery q;
  q.attribute_key = "Color";
  q.attribute_value = "red";
  return q;
}

TEST_F(TrailLog, RejectsUnknownAttributeKeys) {
  auto page = store_->Read([](store::ReadView& view) { return LookupEvents(view, Unknown()); });
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.error().code, "InvalidLookupAttributesException");
}

}  // namespace
}  // namespace bulwark::trail
