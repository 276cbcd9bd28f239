// Damage suite in the manner of LevelDB's corruption_test: each test seals a small trail, damages the
// exported files or the store in one way, and asserts the verifier names that damage and where.
#include <gtest/gtest.h>

#include <algorithm>

#include "crypto/hex.h"
#include "crypto/rsa.h"
#include "trail/chain_hash.h"
#include "trail/digest_file.h"
#include "trail/log_file.h"
#include "trail/public_key_list.h"
#include "trail/store_evidence.h"
#include "trail/trail_export.h"
#include "trail/trail_sealing.h"
#include "trail/trail_test_util.h"

namespace bulwark::trail {
namespace {

namespace fs = std::filesystem;
using testing::kMasterKey;
using testing::kT0;
using testing::ReadGz;
using testing::ReadRaw;
using testing::WriteGz;
using testing::WriteRaw;

class Corruption : public ::testing::Test {
 protected:
  // Two digests of two log files of three records each: seq 1..6 and 7..12.
  void SetUp() override {
    store_ = testing::OpenTrailStore(data_.path());
    SealOptions o;
    o.account_id = "123456789012";
    o.region = "us-east-1";
    o.max_records_per_file = 3;
    testing::AppendRecords(*store_, 1, 6);
    ASSERT_TRUE(SealTrail(*store_, kMasterKey, o, kT0 + 100).ok());
    testing::AppendRecords(*store_, 7, 6);
    ASSERT_TRUE(SealTrail(*store_, kMasterKey, o, kT0 + 200).ok());
    auto summary = store_->Read([&](store::ReadView& v) { return ExportTrail(v, out_.path()); });
    ASSERT_TRUE(summary.ok());
    digests_ = *store_->Read([](store::ReadView& v) { return LoadStoredDigests(v); });
    for (const auto& d : digests_) {
      for (const auto& f : d.digest.log_files) logs_.push_back(f.s3_object);
    }
    ASSERT_EQ(logs_.size(), 4u);
  }

  // --- verbs on an export ---
  fs::path Log(int i) const { return out_.path() / logs_[i]; }
  fs::path Digest(int i) const { return out_.path() / digests_[i].s3_object; }
  fs::path Metadata(int i) const { return out_.path() / "bulwark" / "metadata" / (digests_[i].s3_object + ".json"); }

  std::vector<std::string> Records(const std::string& body) {
    std::vector<std::string> out;
    auto spans = SplitLogFileBody(body);
    EXPECT_TRUE(spans.ok());
    if (!spans.ok()) return out;
    for (const RecordSpan& s : spans.value()) out.push_back(body.substr(s.offset, s.size));
    return out;
  }
  void RewriteRecords(int file, const std::function<void(std::vector<std::string>&)>& edit) {
    auto records = Records(ReadGz(Log(file)));
    edit(records);
    std::vector<std::string_view> views(records.begin(), records.end());
    WriteGz(Log(file), BuildLogFileBody(views));
  }
  void ChangeByte(int file, int record) {
    RewriteRecords(file, [&](std::vector<std::string>& r) {
      auto at = r[record].find("GetCallerIdentity");
      r[record][at] = 'g';
    });
  }
  void Truncate(const fs::path& path, std::size_t cut) {
    std::string raw = ReadRaw(path);
    WriteRaw(path, raw.substr(0, raw.size() - cut));
  }
  // Rewrites digest i's body and signs it with a stranger's key (added to the key list when `trust`).
  void ForgeDigest(int i, bool trust) {
    auto attacker = *crypto::GenerateRsaPrivateKey();
    auto pub = *crypto::RsaPublicKeyOf(attacker);
    DigestFile d = *ParseDigest(ReadGz(Digest(i)));
    d.digest_public_key_fingerprint = crypto::PublicKeyFingerprint(pub);
    const std::string body = SerializeDigest(d);
    WriteGz(Digest(i), body);
    WriteRaw(Metadata(i), "{\"signature\":\"" +
                              crypto::HexEncode(*crypto::SignSha256WithRsa(attacker, DigestSigningString(d, body))) +
                              "\",\"signature-algorithm\":\"SHA256withRSA\"}");
    if (trust) {
      const fs::path keys = out_.path() / "bulwark" / "public-keys.json";
      auto list = *ParsePublicKeyList(ReadRaw(keys));
      list.push_back(TrailPublicKey{crypto::PublicKeyFingerprint(pub), pub, 0, kT0 + 1000000});
      WriteRaw(keys, SerializePublicKeyList(list));
    }
  }

  VerifyReport VerifyExport(std::vector<std::string> pins = {}) {
    auto input = LoadExportedTrail(out_.path(), std::nullopt);
    EXPECT_TRUE(input.ok()) << input.error().message;
    input->pinned_fingerprints = std::move(pins);
    return VerifyTrail(*input);
  }

  // --- verbs on the store ---
  void Sql(const std::string& sql) {
    auto st = store_->Write([&](store::Transaction& t) -> core::Status { return t.Execute(sql).status(); });
    ASSERT_TRUE(st.ok()) << st.error().message;
  }
  VerifyReport VerifyStore() {
    return *store_->Read([](store::ReadView& v) { return VerifyStoredTrail(v, {}); });
  }

  static std::string Describe(const VerifyReport& r) {
    std::string out;
    for (const auto& f : r.findings) out += "  " + f.kind + " @ " + f.where + ": " + f.detail + "\n";
    return out;
  }
  // The report names `kind` at a place containing `where`.
  static void ExpectFinding(const VerifyReport& r, const std::string& kind, const std::string& where) {
    bool found = std::any_of(r.findings.begin(), r.findings.end(), [&](const Finding& f) {
      return f.kind == kind && f.where.find(where) != std::string::npos;
    });
    EXPECT_TRUE(found) << "expected " << kind << " @ " << where << "; got\n" << Describe(r);
  }

  testing::TempDir data_, out_;
  std::unique_ptr<store::Store> store_;
  std::vector<StoredDigest> digests_;
  std::vector<std::string> logs_;
};

TEST_F(Corruption, IntactExportAndStoreVerify) {
  VerifyReport r = VerifyExport();
  EXPECT_TRUE(r.ok()) << Describe(r);
  EXPECT_EQ(r.records_valid, 12);
  EXPECT_EQ(r.log_files_valid, 4);
  EXPECT_EQ(r.digests_valid, 2);
  VerifyReport s = VerifyStore();
  EXPECT_TRUE(s.ok()) << Describe(s);
}

TEST_F(Corruption, ChangedByteInARecordIsLocated) {
  ChangeByte(1, 2);  // seq 6
  VerifyReport r = VerifyExport();
  ExpectFinding(r, finding::kLogFileHashMismatch, logs_[1]);
  ExpectFinding(r, finding::kRecordChanged, "seq 6");
}

TEST_F(Corruption, DeletedRecordIsLocated) {
  RewriteRecords(2, [](std::vector<std::string>& r) { r.erase(r.begin() + 1); });  // seq 8
  VerifyReport r = VerifyExport();
  ExpectFinding(r, finding::kRecordDeleted, "seq 8");
}

TEST_F(Corruption, ReorderedRecordsAreNamed) {
  RewriteRecords(0, [](std::vector<std::string>& r) { std::swap(r[0], r[2]); });  // seq 1 and 3
  VerifyReport r = VerifyExport();
  ExpectFinding(r, finding::kRecordsReordered, "seq 1");
  ExpectFinding(r, finding::kRecordsReordered, "seq 3");
}

TEST_F(Corruption, InsertedRecordIsNamed) {
  RewriteRecords(3, [](std::vector<std::string>& r) { r.insert(r.begin() + 1, r[0]); });
  VerifyReport r = VerifyExport();
  ExpectFinding(r, finding::kRecordInserted, "seq 11");
}

TEST_F(Corruption, RecordsCutFromTheEndOfAFileAreNamed) {
  RewriteRecords(3, [](std::vector<std::string>& r) { r.pop_back(); });  // seq 12, the newest
  VerifyReport r = VerifyExport();
  ExpectFinding(r, finding::kRecordDeleted, "seq 12");
}

TEST_F(Corruption, TruncatedLogFileIsNamed) {
  Truncate(Log(3), 10);
  VerifyReport r = VerifyExport();
  ExpectFinding(r, finding::kLogFileTruncated, logs_[3]);
}

TEST_F(Corruption, GarbledGzipIsCorrupt) {
  std::string raw = ReadRaw(Log(0));
  raw[raw.size() / 2] ^= 0x55;
  WriteRaw(Log(0), raw);
  VerifyReport r = VerifyExport();
  EXPECT_FALSE(r.ok());
  ExpectFinding(r, finding::kLogFileCorrupt, logs_[0]);
}

TEST_F(Corruption, DeletedLogFileIsNamedWithItsRecords) {
  fs::remove(Log(1));
  VerifyReport r = VerifyExport();
  ExpectFinding(r, finding::kLogFileMissing, logs_[1]);
  EXPECT_NE(Describe(r).find("seq 4..6"), std::string::npos) << Describe(r);
}

TEST_F(Corruption, AddedLogFileIsUnreferenced) {
  fs::copy_file(Log(0), out_.path() / (logs_[0].substr(0, logs_[0].size() - 8) + "X.json.gz"));
  VerifyReport r = VerifyExport();
  ExpectFinding(r, finding::kLogFileUnreferenced, "X.json.gz");
}

TEST_F(Corruption, DeletedDigestBreaksTheChain) {
  fs::remove(Digest(0));
  fs::remove(Metadata(0));
  VerifyReport r = VerifyExport();
  ExpectFinding(r, finding::kDigestMissing, digests_[0].s3_object);
  ExpectFinding(r, finding::kSequenceGap, "seq 1..6");
}

TEST_F(Corruption, DeletedNewestDigestIsNamedByItsSignatureFile) {
  fs::remove(Digest(1));
  VerifyReport r = VerifyExport();
  ExpectFinding(r, finding::kDigestMissing, digests_[1].s3_object);
  ExpectFinding(r, finding::kLogFileUnreferenced, logs_[2]);
}

TEST_F(Corruption, ChangedDigestFailsItsSignature) {
  std::string body = ReadGz(Digest(0));
  body.replace(body.find(digests_[0].digest.log_files[0].hash_value), 64, std::string(64, 'f'));
  WriteGz(Digest(0), body);
  VerifyReport r = VerifyExport();
  ExpectFinding(r, finding::kDigestSignatureInvalid, digests_[0].s3_object);
  ExpectFinding(r, finding::kDigestChainBroken, digests_[0].s3_object);
}

TEST_F(Corruption, DigestSignedByAStrangerIsUnknownKey) {
  ForgeDigest(1, /*trust=*/false);
  ExpectFinding(VerifyExport(), finding::kUnknownKey, digests_[1].s3_object);
}

TEST_F(Corruption, ForgedKeyInTheListIsCaughtByPinning) {
  ForgeDigest(1, /*trust=*/true);
  EXPECT_TRUE(VerifyExport().ok()) << "a self-consistent forgery passes without pins: " << Describe(VerifyExport());
  VerifyReport r = VerifyExport({digests_[0].digest.digest_public_key_fingerprint});
  ExpectFinding(r, finding::kUnpinnedKey, digests_[1].s3_object);
}

TEST_F(Corruption, ForgedOlderDigestContradictsTheNextOne) {
  ForgeDigest(0, /*trust=*/true);
  VerifyReport r = VerifyExport();
  ExpectFinding(r, finding::kDigestSignatureConflict, digests_[0].s3_object);
  ExpectFinding(r, finding::kDigestChainBroken, digests_[0].s3_object);
}

TEST_F(Corruption, MissingSignatureOfNewestDigestIsNamed) {
  fs::remove(Metadata(1));
  ExpectFinding(VerifyExport(), finding::kDigestSignatureMissing, digests_[1].s3_object);
}

TEST_F(Corruption, MovedDigestIsNamed) {
  fs::path moved = out_.path() / (digests_[1].s3_object.substr(0, digests_[1].s3_object.size() - 8) + "0.json.gz");
  fs::rename(Digest(1), moved);
  ExpectFinding(VerifyExport(), finding::kDigestMoved, "0.json.gz");
}

TEST_F(Corruption, StoreChangedRecordIsLocated) {
  Sql("UPDATE trail_events SET record = replace(record, 'GetCallerIdentity', 'GetCallerIdentitY') WHERE seq = 9");
  VerifyReport r = VerifyStore();
  ExpectFinding(r, finding::kRecordChanged, "seq 9");
  ExpectFinding(r, finding::kLogFileHashMismatch, logs_[2]);
}

TEST_F(Corruption, StoreDeletedRecordIsLocated) {
  Sql("DELETE FROM trail_events WHERE seq = 4");
  VerifyReport r = VerifyStore();
  ExpectFinding(r, finding::kRecordDeleted, "seq 4");
}

TEST_F(Corruption, StoreReorderedRecordsAreNamed) {
  Sql("UPDATE trail_events SET seq = -1 WHERE seq = 2");
  Sql("UPDATE trail_events SET seq = 2 WHERE seq = 3");
  Sql("UPDATE trail_events SET seq = 3 WHERE seq = -1");
  VerifyReport r = VerifyStore();
  ExpectFinding(r, finding::kRecordsReordered, "seq 2");
}

TEST_F(Corruption, StoreTruncatedTailIsNamed) {
  Sql("DELETE FROM trail_events WHERE seq >= 11");
  VerifyReport r = VerifyStore();
  ExpectFinding(r, finding::kRecordDeleted, "seq 11..12");
}

TEST_F(Corruption, StoreChangedDigestFailsItsSignature) {
  Sql("UPDATE trail_digests SET body = replace(body, '\"awsAccountId\":\"123456789012\"', '\"awsAccountId\":\"999999999999\"') "
      "WHERE seq = 2");
  ExpectFinding(VerifyStore(), finding::kDigestSignatureInvalid, digests_[1].s3_object);
}

TEST_F(Corruption, StoreDeletedDigestIsMissing) {
  Sql("DELETE FROM trail_digests WHERE seq = 1");
  ExpectFinding(VerifyStore(), finding::kDigestMissing, digests_[0].s3_object);
}

// Issue 17, item 5: a record sealed as it was stored (hashes, chain and signature all consistent) but
// not JSON passed verification, though no CloudTrail reader can parse the file.
class MalformedSealedRecord : public Corruption {
 protected:
  // Appends raw record texts after seq 12, chained as AppendEvent would, and seals them.
  void AppendRawAndSeal(const std::vector<std::string>& texts, bool seal = true) {
    auto last = store_->Read([](store::ReadView& v) -> core::Result<std::string> {
      auto row = v.QueryOne("SELECT hash FROM trail_events WHERE seq = 12");
      if (!row.ok()) return row.error();
      return std::string(*(*row)->Text(0));
    });
    ASSERT_TRUE(last.ok());
    std::string prev = *last;
    int64_t seq = 13;
    for (const auto& text : texts) {
      const std::string hash = ChainHash(prev, text);
      auto st = store_->Write([&](store::Transaction& t) -> core::Status {
        return t
            .Execute(
                "INSERT INTO trail_events (seq, event_time, event_id, event_name, event_source, read_only, "
                "username, access_key_id, resource_type, resource_name, record, prev_hash, hash) "
                "VALUES (?,?,?,'x','x',0,'','','','',?,?,?)",
                {store::Value(seq), store::Value(kT0 + 250), store::Value("raw-" + std::to_string(seq)),
                 store::Value(text), store::Value(prev), store::Value(hash)})
            .status();
      });
      ASSERT_TRUE(st.ok()) << st.error().message;
      prev = hash;
      ++seq;
    }
    if (!seal) return;
    SealOptions o;
    o.account_id = "123456789012";
    o.region = "us-east-1";
    ASSERT_TRUE(SealTrail(*store_, kMasterKey, o, kT0 + 300).ok());
    ASSERT_TRUE(store_->Read([&](store::ReadView& v) { return ExportTrail(v, out_.path()); }).ok());
  }
};

TEST_F(MalformedSealedRecord, RecordThatIsNotJsonFailsVerificationThoughItsHashesMatch) {
  AppendRawAndSeal({R"({"eventVersion":"1.08","eventName":"GetCallerIdentity"})",
                    R"({"eventVersion":"1.08","eventName":GetCallerIdentity})"});  // seq 14: bare word
  for (const VerifyReport& r : {VerifyExport(), VerifyStore()}) {
    EXPECT_FALSE(r.ok());
    ExpectFinding(r, finding::kRecordNotJson, "seq 14");
    for (const auto& f : r.findings) {
      EXPECT_NE(f.kind, finding::kLogFileHashMismatch) << "the file is as signed: " << Describe(r);
      EXPECT_FALSE(f.kind == finding::kRecordNotJson && f.where.find("seq 13") != std::string::npos)
          << Describe(r);
    }
  }
}

// Rows not sealed yet are only in the store; `verify --store` checks them the same way.
TEST_F(MalformedSealedRecord, UnsealedRecordThatIsNotJsonFailsStoreVerification) {
  AppendRawAndSeal({R"({"eventVersion":"1.08"})", "{\"eventName\":\"\xff\"}"}, /*seal=*/false);
  VerifyReport r = VerifyStore();
  EXPECT_FALSE(r.ok());
  ExpectFinding(r, finding::kRecordNotJson, "seq 14");
  for (const auto& f : r.findings) EXPECT_EQ(f.where.find("seq 13"), std::string::npos) << Describe(r);
}

TEST_F(MalformedSealedRecord, RecordWithInvalidUtf8FailsVerification) {
  AppendRawAndSeal(
      {"{\"eventName\":\"Get\xff\xfe"
       "CallerIdentity\"}",
       "{\"userAgent\":\"\xc3\x28\"}",
       "{\"eventName\":\"caf\xc3\xa9\"}"});  // seq 13, 14 invalid; 15 valid UTF-8
  VerifyReport r = VerifyExport();
  ExpectFinding(r, finding::kRecordNotJson, "seq 13");
  ExpectFinding(r, finding::kRecordNotJson, "seq 14");
  for (const auto& f : r.findings) EXPECT_EQ(f.where.find("seq 15"), std::string::npos) << Describe(r);
}

TEST(RecordJson, AcceptsOneObjectAndRefusesTheRest) {
  EXPECT_EQ(RecordJsonError(R"({"a":[1,2.5,true,null,{"b":"é"}]})"), std::nullopt);
  EXPECT_NE(RecordJsonError(R"({"a":1,})"), std::nullopt);                                  // trailing comma
  EXPECT_NE(RecordJsonError(R"({"a":1 /* c */})"), std::nullopt);                           // comment
  EXPECT_NE(RecordJsonError(R"({"a":1}{"b":2})"), std::nullopt);                            // two values
  EXPECT_NE(RecordJsonError(R"(["a"])"), std::nullopt);                                     // not an object
  EXPECT_NE(RecordJsonError("{\"a\":\"\xed\xa0\x80\"}"), std::nullopt);                     // UTF-8 surrogate
  EXPECT_NE(RecordJsonError(std::string(100, '{') + std::string(100, '}')), std::nullopt);  // too deep
}

// Issue 17, item 13: an account id or region with path components (from a store made before they
// were validated) put exported files outside the target folder.
TEST(TrailExportPaths, KeysThatLeaveTheFolderAreRefused) {
  const fs::path dir = "/srv/export";
  EXPECT_EQ(*PathInside(dir, "AWSLogs/123456789012/CloudTrail/us-east-1/x.json.gz"),
            dir / "AWSLogs/123456789012/CloudTrail/us-east-1/x.json.gz");
  for (const char* bad : {"../x", "AWSLogs/../../x", "/etc/passwd", "AWSLogs//x", "AWSLogs/./x",
                          "AWSLogs/x/..", "", "AWSLogs\\..\\x"}) {
    auto p = PathInside(dir, bad);
    ASSERT_FALSE(p.ok()) << bad;
    EXPECT_EQ(p.error().code, "InvalidParameterValue");
  }
}

class HostileStoreExport : public ::testing::Test {
 protected:
  void SealAs(const std::string& account, const std::string& region) {
    store_ = testing::OpenTrailStore(data_.path());
    testing::AppendRecords(*store_, 1, 3);
    SealOptions o;
    o.account_id = account;
    o.region = region;
    ASSERT_TRUE(SealTrail(*store_, kMasterKey, o, kT0 + 100).ok());
  }
  core::Result<ExportSummary> Export(const fs::path& to) {
    return store_->Read([&](store::ReadView& v) { return ExportTrail(v, to); });
  }
  // Every regular file under `root`.
  static std::vector<std::string> Files(const fs::path& root) {
    std::vector<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(root)) {
      if (e.is_regular_file()) out.push_back(e.path().string());
    }
    return out;
  }

  testing::TempDir data_, sandbox_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(HostileStoreExport, AccountIdWithDotDotWritesNothingOutsideTheFolder) {
  SealAs("../../../escaped", "us-east-1");
  const fs::path to = sandbox_.path() / "a" / "b" / "export";
  auto summary = Export(to);
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.error().code, "InvalidParameterValue");
  for (const auto& f : Files(sandbox_.path())) {
    EXPECT_EQ(f.rfind(to.string() + "/", 0), 0u) << f << " was written outside " << to;
  }
}

TEST_F(HostileStoreExport, RegionWithDotDotWritesNothingOutsideTheFolder) {
  SealAs("123456789012", "../../../../../escaped");
  const fs::path to = sandbox_.path() / "a" / "b" / "export";
  auto summary = Export(to);
  ASSERT_FALSE(summary.ok());
  for (const auto& f : Files(sandbox_.path())) {
    EXPECT_EQ(f.rfind(to.string() + "/", 0), 0u) << f << " was written outside " << to;
  }
}

TEST_F(HostileStoreExport, SymbolicLinkOutOfTheFolderIsNotFollowed) {
  SealAs("123456789012", "us-east-1");
  const fs::path to = sandbox_.path() / "export";
  const fs::path elsewhere = sandbox_.path() / "elsewhere";
  fs::create_directories(to);
  fs::create_directories(elsewhere);
  fs::create_directory_symlink(elsewhere, to / "AWSLogs");
  auto summary = Export(to);
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.error().code, "InvalidParameterValue");
  EXPECT_TRUE(fs::is_empty(elsewhere)) << "not even a folder may be made through the link";
}

TEST_F(HostileStoreExport, ValidSettingsExportAndVerify) {
  SealAs("123456789012", "us-gov-west-1");
  const fs::path to = sandbox_.path() / "export";
  auto summary = Export(to);
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  EXPECT_EQ(summary->log_files, 1);
  auto input = LoadExportedTrail(to, std::nullopt);
  ASSERT_TRUE(input.ok());
  EXPECT_TRUE(VerifyTrail(*input).ok());
}

}  // namespace
}  // namespace bulwark::trail
