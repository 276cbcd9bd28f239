// Sealing records into signed digests, key rotation, and verification of an intact trail.
#include "trail/trail_sealing.h"

#include <gtest/gtest.h>

#include "crypto/hex.h"
#include "crypto/rsa.h"
#include "trail/digest_file.h"
#include "trail/seal_layout.h"
#include "trail/store_evidence.h"
#include "trail/trail_export.h"
#include "trail/trail_test_util.h"

namespace bulwark::trail {
namespace {

using testing::AppendRecords;
using testing::kMasterKey;
using testing::kT0;

SealOptions Options() {
  SealOptions o;
  o.account_id = "123456789012";
  o.region = "us-east-1";
  o.max_records_per_file = 4;
  return o;
}

class Sealing : public ::testing::Test {
 protected:
  Sealing() : store_(testing::OpenTrailStore(dir_.path())) {}
  SealOutcome Seal(int64_t now) {
    auto out = SealTrail(*store_, kMasterKey, Options(), now);
    EXPECT_TRUE(out.ok()) << out.error().message;
    return out.ok() ? *out : SealOutcome{};
  }
  std::vector<StoredDigest> Digests() {
    return *store_->Read([](store::ReadView& v) { return LoadStoredDigests(v); });
  }
  VerifyReport VerifyStore() {
    auto r = store_->Read([](store::ReadView& v) { return VerifyStoredTrail(v, {}); });
    EXPECT_TRUE(r.ok());
    return *r;
  }
  static std::string Kinds(const VerifyReport& r) {
    std::string out;
    for (const auto& f : r.findings) out += f.kind + " @ " + f.where + ": " + f.detail + "\n";
    return out;
  }

  testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(Sealing, SplitsRecordsIntoBoundedLogFilesUnderOneDigest) {
  AppendRecords(*store_, 1, 10);
  SealOutcome out = Seal(kT0 + 100);
  EXPECT_EQ(out.records, 10);
  EXPECT_EQ(out.log_files, 3);  // 4 + 4 + 2
  auto digests = Digests();
  ASSERT_EQ(digests.size(), 1u);
  const DigestFile& d = digests[0].digest;
  EXPECT_EQ(d.digest_end_time, "2026-01-01T00:01:40Z");
  EXPECT_EQ(d.oldest_event_time, "2026-01-01T00:00:01Z");
  EXPECT_EQ(d.newest_event_time, "2026-01-01T00:00:10Z");
  EXPECT_FALSE(d.previous_digest_signature);
  ASSERT_EQ(d.log_files.size(), 3u);
  EXPECT_EQ(d.log_files[2].first_sequence, 9);
  EXPECT_EQ(d.log_files[2].last_sequence, 10);
  EXPECT_EQ(d.log_files[1].previous_hash, d.log_files[0].last_hash);
}

TEST_F(Sealing, DigestSignatureVerifiesWithListedKey) {
  AppendRecords(*store_, 1, 3);
  Seal(kT0 + 10);
  auto d = Digests()[0];
  auto keys = *store_->Read([](store::ReadView& v) { return TrailPublicKeysBetween(v, kT0 + 10, kT0 + 10); });
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_EQ(keys[0].fingerprint, d.digest.digest_public_key_fingerprint);
  auto sig = crypto::HexDecode(d.signature_hex);
  EXPECT_TRUE(*crypto::VerifySha256WithRsa(keys[0].der, DigestSigningString(d.digest, d.body), *sig));
}

TEST_F(Sealing, LinksEachDigestToThePreviousOne) {
  AppendRecords(*store_, 1, 2);
  Seal(kT0 + 10);
  AppendRecords(*store_, 3, 2);
  Seal(kT0 + 20);
  auto digests = Digests();
  ASSERT_EQ(digests.size(), 2u);
  const DigestFile& second = digests[1].digest;
  EXPECT_EQ(second.previous_digest_s3_object, digests[0].s3_object);
  EXPECT_EQ(second.previous_digest_signature, digests[0].signature_hex);
  EXPECT_EQ(second.digest_start_time, digests[0].digest.digest_end_time);
  EXPECT_EQ(second.log_files[0].first_sequence, 3);
  EXPECT_TRUE(VerifyStore().ok()) << Kinds(VerifyStore());
}

TEST_F(Sealing, EmptyPeriodGivesEmptyDigest) {
  Seal(kT0 + 10);
  Seal(kT0 + 20);
  auto digests = Digests();
  ASSERT_EQ(digests.size(), 2u);
  EXPECT_TRUE(digests[1].digest.log_files.empty());
  EXPECT_FALSE(digests[1].digest.newest_event_time);
  EXPECT_TRUE(VerifyStore().ok());
}

TEST_F(Sealing, SameSecondSealsGetDistinctEndTimes) {
  Seal(kT0 + 10);
  Seal(kT0 + 10);
  auto digests = Digests();
  ASSERT_EQ(digests.size(), 2u);
  EXPECT_NE(digests[0].s3_object, digests[1].s3_object);
  EXPECT_EQ(digests[1].digest.digest_end_time, IsoTime(kT0 + 11));
}

TEST_F(Sealing, RotationClosesOldWindowAndSignsWithNewKey) {
  AppendRecords(*store_, 1, 2);
  Seal(kT0 + 10);
  auto rotated = RotateTrailKeyNow(*store_, kMasterKey, kT0 + 15);
  ASSERT_TRUE(rotated.ok());
  AppendRecords(*store_, 3, 2);
  Seal(kT0 + 20);
  auto digests = Digests();
  EXPECT_NE(digests[0].digest.digest_public_key_fingerprint, digests[1].digest.digest_public_key_fingerprint);
  EXPECT_EQ(digests[1].digest.digest_public_key_fingerprint, *rotated);
  auto old_only = *store_->Read([](store::ReadView& v) { return TrailPublicKeysBetween(v, kT0 + 5, kT0 + 12); });
  ASSERT_EQ(old_only.size(), 1u);
  EXPECT_EQ(old_only[0].validity_end, kT0 + 15);
  auto both = *store_->Read([](store::ReadView& v) { return TrailPublicKeysBetween(v, kT0, kT0 + 30); });
  EXPECT_EQ(both.size(), 2u);
  EXPECT_TRUE(VerifyStore().ok()) << Kinds(VerifyStore());
}

TEST_F(Sealing, ExpiredKeyRotatesAutomatically) {
  Seal(kT0);
  Seal(kT0 + kDefaultKeyValiditySeconds + 1);
  auto digests = Digests();
  EXPECT_NE(digests[0].digest.digest_public_key_fingerprint, digests[1].digest.digest_public_key_fingerprint);
  EXPECT_TRUE(VerifyStore().ok()) << Kinds(VerifyStore());
}

TEST_F(Sealing, BacklogBeyondOneSealIsReportedPending) {
  AppendRecords(*store_, 1, 5);
  SealOptions o = Options();
  o.max_records_per_seal = 3;
  auto first = SealTrail(*store_, kMasterKey, o, kT0 + 10);
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(first->more_pending);
  EXPECT_EQ(first->records, 3);
  auto second = SealTrail(*store_, kMasterKey, o, kT0 + 10);
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(second->more_pending);
  EXPECT_TRUE(VerifyStore().ok()) << Kinds(VerifyStore());
}

TEST_F(Sealing, RefusesToSealADamagedTrail) {
  AppendRecords(*store_, 1, 3);
  ASSERT_TRUE(store_->Write([](store::Transaction& t) -> core::Status {
                  return t.Execute("UPDATE trail_events SET record = '{\"x\":1}' WHERE seq = 2").status();
                }).ok());
  auto out = SealTrail(*store_, kMasterKey, Options(), kT0 + 10);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code, "TrailDamaged");
  EXPECT_NE(out.error().message.find("seq 2"), std::string::npos);
}

TEST_F(Sealing, WrongMasterKeyCannotSign) {
  Seal(kT0);
  auto out = SealTrail(*store_, std::string(32, 'x'), Options(), kT0 + 10);
  EXPECT_FALSE(out.ok());
}

TEST_F(Sealing, PrivateKeyIsStoredSealed) {
  Seal(kT0);
  auto key = *store_->Read([](store::ReadView& v) { return CurrentTrailKey(v); });
  ASSERT_TRUE(key);
  auto plain = UnsealTrailKey(kMasterKey, *key);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(key->sealed_private_key.find(*plain), std::string::npos);
  EXPECT_EQ(*crypto::RsaPublicKeyOf(*plain), key->public_key.der);
}

TEST_F(Sealing, UnsealedTailIsCountedNotFlagged) {
  AppendRecords(*store_, 1, 2);
  Seal(kT0 + 10);
  AppendRecords(*store_, 3, 3);
  VerifyReport r = VerifyStore();
  EXPECT_TRUE(r.ok()) << Kinds(r);
  EXPECT_EQ(r.unsealed_records, 3);
  EXPECT_EQ(r.records_valid, 2);
}

TEST_F(Sealing, ExportVerifiesOffline) {
  AppendRecords(*store_, 1, 9);
  Seal(kT0 + 10);
  AppendRecords(*store_, 10, 2);
  Seal(kT0 + 20);
  testing::TempDir out;
  auto summary = store_->Read([&](store::ReadView& v) { return ExportTrail(v, out.path()); });
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  EXPECT_EQ(summary->digests, 2);
  EXPECT_EQ(summary->log_files, 4);
  auto input = LoadExportedTrail(out.path(), std::nullopt);
  ASSERT_TRUE(input.ok()) << input.error().message;
  VerifyReport r = VerifyTrail(*input);
  EXPECT_TRUE(r.ok()) << Kinds(r);
  EXPECT_EQ(r.records_valid, 11);
  EXPECT_EQ(r.digests_valid, 2);
}

}  // namespace
}  // namespace bulwark::trail
