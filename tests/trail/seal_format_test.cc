// The byte formats of sealed trail files: gzip, log file bodies, digest files and their signing
// string, object keys, public key lists.
#include <gtest/gtest.h>

#include "crypto/digest.h"
#include "crypto/hex.h"
#include "crypto/rsa.h"
#include "trail/digest_file.h"
#include "trail/gzip.h"
#include "trail/log_file.h"
#include "trail/public_key_list.h"
#include "trail/seal_layout.h"

namespace bulwark::trail {
namespace {

// The sample in "CloudTrail digest file structure" (CloudTrail User Guide, CC BY-SA 4.0), abridged to
// one signature-sized previousDigestSignature.
constexpr std::string_view kAwsSampleDigest = R"({
  "awsAccountId": "111122223333",
  "digestStartTime": "2015-08-17T14:01:31Z",
  "digestEndTime": "2015-08-17T15:01:31Z",
  "digestS3Bucket": "S3-bucket-name",
  "digestS3Object": "AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/17/111122223333_CloudTrail-Digest_us-east-2_your-trail-name_us-east-2_20150817T150131Z.json.gz",
  "digestPublicKeyFingerprint": "31e8b5433410dfb61a9dc45cc65b22ff",
  "digestSignatureAlgorithm": "SHA256withRSA",
  "newestEventTime": "2015-08-17T14:52:27Z",
  "oldestEventTime": "2015-08-17T14:42:27Z",
  "previousDigestS3Bucket": "S3-bucket-name",
  "previousDigestS3Object": "AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/17/111122223333_CloudTrail-Digest_us-east-2_your-trail-name_us-east-2_20150817T140131Z.json.gz",
  "previousDigestHashValue": "97fb791cf91ffc440d274f8190dbdd9aa09c34432aba82739df18b6d3c13df2d",
  "previousDigestHashAlgorithm": "SHA-256",
  "previousDigestSignature": "50887ccffad4c002b97caa37cc9dc626",
  "logFiles": [
    {
      "s3Bucket": "S3-bucket-name",
      "s3Object": "AWSLogs/111122223333/CloudTrail/us-east-2/2015/08/17/111122223333_CloudTrail_us-east-2_20150817T1445Z_9nYN7gp2eWAJHIfT.json.gz",
      "hashValue": "9bb6196fc6b84d6f075a56548feca262bd99ba3c2de41b618e5b6e22c1fc71f6",
      "hashAlgorithm": "SHA-256",
      "newestEventTime": "2015-08-17T14:52:27Z",
      "oldestEventTime": "2015-08-17T14:42:27Z"
    }
  ]
})";

DigestFile SampleDigest() {
  DigestFile d;
  d.aws_account_id = "111122223333";
  d.digest_start_time = "2015-08-12T03:01:31Z";
  d.digest_end_time = "2015-08-12T04:01:31Z";
  d.digest_s3_bucket = "S3-bucket-name";
  d.digest_s3_object = DigestObjectKey("111122223333", "us-east-2", "your-trail-name", 1439352091);
  d.digest_public_key_fingerprint = "31e8b5433410dfb61a9dc45cc65b22ff";
  return d;
}

TEST(SealLayout, ObjectKeysFollowCloudTrailLayout) {
  EXPECT_EQ(DigestObjectKey("111122223333", "us-east-2", "your-trail-name", 1439823691),
            "AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/17/"
            "111122223333_CloudTrail-Digest_us-east-2_your-trail-name_us-east-2_20150817T150131Z.json.gz");
  EXPECT_EQ(LogFileObjectKey("111122223333", "us-east-2", 1439822700, "9nYN7gp2eWAJHIfT"),
            "AWSLogs/111122223333/CloudTrail/us-east-2/2015/08/17/"
            "111122223333_CloudTrail_us-east-2_20150817T1445Z_9nYN7gp2eWAJHIfT.json.gz");
}

TEST(SealLayout, IsoTimeRoundTripsAndRejectsOtherForms) {
  EXPECT_EQ(IsoTime(1439823691), "2015-08-17T15:01:31Z");
  EXPECT_EQ(ParseIsoTime("2015-08-17T15:01:31Z"), 1439823691);
  EXPECT_FALSE(ParseIsoTime("2015-02-30T00:00:00Z"));
  EXPECT_FALSE(ParseIsoTime("2015-08-17 15:01:31Z"));
  EXPECT_FALSE(ParseIsoTime("2015-08-17T15:01:31"));
}

TEST(DigestFile, AwsSampleParses) {
  auto d = ParseDigest(kAwsSampleDigest);
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(d->digest_end_time, "2015-08-17T15:01:31Z");
  EXPECT_EQ(d->previous_digest_hash_algorithm, "SHA-256");
  ASSERT_EQ(d->log_files.size(), 1u);
  EXPECT_EQ(d->log_files[0].hash_value, "9bb6196fc6b84d6f075a56548feca262bd99ba3c2de41b618e5b6e22c1fc71f6");
  EXPECT_TRUE(d->log_files[0].previous_hash.empty());  // AWS's digests carry no chain fields.
}

TEST(DigestFile, SerializesDocumentedFieldsInDocumentedOrder) {
  DigestFile d = SampleDigest();
  std::string body = SerializeDigest(d);
  const char* order[] = {"awsAccountId", "digestStartTime", "digestEndTime", "digestS3Bucket", "digestS3Object",
                         "digestPublicKeyFingerprint", "digestSignatureAlgorithm", "newestEventTime",
                         "oldestEventTime", "previousDigestS3Bucket", "previousDigestS3Object",
                         "previousDigestHashValue", "previousDigestHashAlgorithm", "previousDigestSignature",
                         "logFiles"};
  std::size_t at = 0;
  for (const char* field : order) {
    auto found = body.find(std::string("\"") + field + "\":", at);
    ASSERT_NE(found, std::string::npos) << field;
    at = found;
  }
  // A starting digest: the previous-digest fields are null, as the documentation's "Starting digest file" says.
  EXPECT_NE(body.find("\"previousDigestSignature\":null"), std::string::npos);
  EXPECT_NE(body.find("\"digestSignatureAlgorithm\":\"SHA256withRSA\""), std::string::npos);
}

TEST(DigestFile, RoundTripsThroughParse) {
  DigestFile d = SampleDigest();
  d.previous_digest_signature = "abcd";
  d.previous_digest_s3_bucket = "b";
  d.previous_digest_s3_object = "o";
  d.previous_digest_hash_value = std::string(64, 'a');
  d.previous_digest_hash_algorithm = "SHA-256";
  d.newest_event_time = "2015-08-12T04:00:00Z";
  d.oldest_event_time = "2015-08-12T03:30:00Z";
  d.log_files.push_back(DigestLogFile{"b", "k", std::string(64, 'c'), "SHA-256", "2015-08-12T04:00:00Z",
                                      "2015-08-12T03:30:00Z", 7, 9, std::string(64, '1'), std::string(64, '2')});
  auto parsed = ParseDigest(SerializeDigest(d));
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(*parsed, d);
}

TEST(DigestFile, SigningStringMatchesDocumentedFormat) {
  // "Recreate the Data Signing String": end time, bucket/object, hex SHA-256 of the uncompressed
  // digest, previous signature, joined by newlines (the documentation's example has this shape).
  DigestFile d = SampleDigest();
  d.previous_digest_signature = "6e8540b83c3ac86a0312d971a225361d28ed0af20d70c211a2d405e32abf529a";
  const std::string body = SerializeDigest(d);
  EXPECT_EQ(DigestSigningString(d, body),
            "2015-08-12T04:01:31Z\n"
            "S3-bucket-name/AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/12/"
            "111122223333_CloudTrail-Digest_us-east-2_your-trail-name_us-east-2_20150812T040131Z.json.gz\n" +
                crypto::Sha256Hex(body) + "\n6e8540b83c3ac86a0312d971a225361d28ed0af20d70c211a2d405e32abf529a");
}

TEST(DigestFile, StartingDigestSignsTheWordNull) {
  // AWS's validator substitutes "null" for a missing previous signature ("to match the Java implementation").
  DigestFile d = SampleDigest();
  EXPECT_TRUE(DigestSigningString(d, "{}").ends_with("\nnull"));
}

TEST(DigestFile, RejectsMistypedAndMissingFields) {
  EXPECT_FALSE(ParseDigest("[]").ok());
  EXPECT_FALSE(ParseDigest("{\"awsAccountId\": 5}").ok());
  std::string body = SerializeDigest(SampleDigest());
  std::string no_files = body.substr(0, body.find(",\"logFiles\"")) + "}";
  EXPECT_FALSE(ParseDigest(no_files).ok());
  EXPECT_FALSE(ParseDigest(std::string(kMaxDigestBytes + 1, ' ')).ok());
}

TEST(LogFile, BodyIsRecordsJoinedVerbatim) {
  EXPECT_EQ(BuildLogFileBody({}), "{\"Records\":[]}");
  EXPECT_EQ(BuildLogFileBody({"{\"a\":1}", "{\"b\":\"}\"}"}), "{\"Records\":[{\"a\":1},{\"b\":\"}\"}]}");
}

TEST(LogFile, SplitFindsExactRecordTexts) {
  const std::string body = BuildLogFileBody({"{\"a\":\"x\\\"}\"}", "{\"n\":{\"m\":[1,{}]}}"});
  auto spans = SplitLogFileBody(body);
  ASSERT_TRUE(spans.ok()) << spans.error().message;
  ASSERT_EQ(spans->size(), 2u);
  EXPECT_EQ(body.substr((*spans)[0].offset, (*spans)[0].size), "{\"a\":\"x\\\"}\"}");
  EXPECT_EQ(body.substr((*spans)[1].offset, (*spans)[1].size), "{\"n\":{\"m\":[1,{}]}}");
  EXPECT_TRUE(SplitLogFileBody("{\"Records\":[]}")->empty());
}

TEST(LogFile, SplitRejectsDamagedFramingWithOffset) {
  EXPECT_FALSE(SplitLogFileBody("{\"Records\":[{\"a\":1}").ok());
  EXPECT_FALSE(SplitLogFileBody("{\"Records\":[{\"a\":1}]} ").ok());
  EXPECT_FALSE(SplitLogFileBody("{\"Records\":[1]}").ok());
  auto bad = SplitLogFileBody("{\"Records\":[{\"a\":1}}]}");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("byte"), std::string::npos);
  LogFileLimits tight;
  tight.max_depth = 2;
  EXPECT_FALSE(SplitLogFileBody("{\"Records\":[{\"a\":[[1]]}]}", tight).ok());
}

TEST(Gzip, RoundTripsDeterministically) {
  const std::string data(100000, 'x');
  auto a = GzipCompress(data);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(*a, *GzipCompress(data));
  EXPECT_EQ(*GzipDecompress(*a, data.size()), data);
}

TEST(Gzip, NamesTruncationAndCorruption) {
  const std::string gz = *GzipCompress(std::string(5000, 'y') + "tail");
  auto cut = GzipDecompress(gz.substr(0, gz.size() - 6), 1 << 20);
  ASSERT_FALSE(cut.ok());
  EXPECT_EQ(cut.error().code, kGzipTruncated);
  std::string flipped = gz;
  flipped[gz.size() - 3] ^= 0x40;  // In the CRC/length trailer.
  auto bad = GzipDecompress(flipped, 1 << 20);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, kGzipCorrupt);
  EXPECT_EQ(GzipDecompress("plain text", 100).error().code, kGzipCorrupt);
  EXPECT_EQ(GzipDecompress(gz + "junk", 1 << 20).error().code, kGzipCorrupt);
  EXPECT_EQ(GzipDecompress(gz, 100).error().code, kGzipCorrupt);  // Beyond the output bound.
}

TEST(PublicKeyList, RoundTripsAndChecksFingerprints) {
  auto priv = crypto::GenerateRsaPrivateKey();
  auto der = *crypto::RsaPublicKeyOf(*priv);
  std::vector<TrailPublicKey> keys{{crypto::PublicKeyFingerprint(der), der, 100, 200}};
  auto parsed = ParsePublicKeyList(SerializePublicKeyList(keys));
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  ASSERT_EQ(parsed->size(), 1u);
  EXPECT_EQ((*parsed)[0].der, der);
  EXPECT_EQ((*parsed)[0].validity_end, 200);
  keys[0].fingerprint = std::string(32, '0');
  EXPECT_FALSE(ParsePublicKeyList(SerializePublicKeyList(keys)).ok());
}

TEST(PublicKeyList, AcceptsTimesAsTheAwsCliPrintsThem) {
  auto der = *crypto::RsaPublicKeyOf(*crypto::GenerateRsaPrivateKey());
  std::string value = SerializePublicKeyList({{crypto::PublicKeyFingerprint(der), der, 0, 0}});
  std::string iso = value;
  iso.replace(iso.find("\"ValidityStartTime\":0"), 21, "\"ValidityStartTime\":\"2015-07-08T01:04:01+00:00\"");
  auto parsed = ParsePublicKeyList(iso);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ((*parsed)[0].validity_start, 1436317441);
}

}  // namespace
}  // namespace bulwark::trail
