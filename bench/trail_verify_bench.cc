// Trail benchmarks (figures go in closing notes, never asserted):
//   BM_VerifyLogs        VerifyTrail over in-memory log files: SHA-256 of each file, record framing and
//                        the chain recomputed per record; bytes/s is MB/s of uncompressed log.
//   BM_VerifyGzipLogs    the same with each file gunzipped first, as `trail verify DIR` does.
//   (argument: threads checking log files at once)
//   BM_TrailAppendAsync  trail::AppendEvent through the SQLite store with durability on (group commit),
//                        64 appends in flight from one thread (the server's shape).
#include <benchmark/benchmark.h>

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>

#include "crypto/digest.h"
#include "crypto/hex.h"
#include "crypto/rsa.h"
#include "store/sqlite_store.h"
#include "trail/chain_hash.h"
#include "trail/digest_file.h"
#include "trail/gzip.h"
#include "trail/log_file.h"
#include "trail/seal_layout.h"
#include "trail/trail_log.h"
#include "trail/trail_verifier.h"

namespace bulwark::trail {
namespace {

constexpr int kFiles = 40;
constexpr int kRecordsPerFile = 5000;

// A sealed trail held in memory: one signed digest listing kFiles log files of ~1 KiB records.
struct Corpus {
  VerifyInput input;
  std::map<std::string, std::string> bodies;  // object -> uncompressed body (or gzip bytes)
  uint64_t bytes = 0;
};

std::string Record(int64_t seq) {
  std::string r = R"({"eventVersion":"1.11","userIdentity":{"type":"Root","principalId":"123456789012","arn":"arn:aws:iam::123456789012:root","accountId":"123456789012","accessKeyId":"AKIAIOSFODNN7EXAMPLE"},"eventTime":"2026-01-01T00:00:00Z","eventSource":"sts.amazonaws.com","eventName":"GetCallerIdentity","awsRegion":"us-east-1","sourceIPAddress":"127.0.0.1","userAgent":"aws-cli/1.45.11 md/Botocore#1.43.11 ua/2.1 os/linux#6.1 md/arch#x86_64 lang/python#3.11.7 md/pyimpl#CPython cfg/retry-mode#legacy botocore/1.43.11","requestParameters":null,"responseElements":null,"requestID":")";
  r += std::to_string(seq) + R"(","eventID":"0190f0f0-0000-7000-8000-)" + std::to_string(1000000000000 + seq) +
       R"(","readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"123456789012","eventCategory":"Management","tlsDetails":{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"sts.us-east-1.amazonaws.com"}})";
  return r;
}

Corpus Build(bool gzip) {
  Corpus c;
  const std::string priv = *crypto::GenerateRsaPrivateKey();
  const std::string pub = *crypto::RsaPublicKeyOf(priv);
  DigestFile d;
  d.aws_account_id = "123456789012";
  d.digest_start_time = IsoTime(1767225600);
  d.digest_end_time = IsoTime(1767229200);
  d.digest_s3_bucket = "bulwark-trail";
  d.digest_s3_object = DigestObjectKey("123456789012", "us-east-1", "bulwark", 1767229200);
  d.digest_public_key_fingerprint = crypto::PublicKeyFingerprint(pub);
  d.newest_event_time = d.oldest_event_time = IsoTime(1767225600);
  std::string prev(kGenesisChainHash);
  int64_t seq = 0;
  for (int f = 0; f < kFiles; ++f) {
    std::vector<std::string> records;
    DigestLogFile lf;
    lf.first_sequence = seq + 1;
    lf.previous_hash = prev;
    for (int i = 0; i < kRecordsPerFile; ++i) {
      records.push_back(Record(++seq));
      prev = ChainHash(prev, records.back());
    }
    std::vector<std::string_view> views(records.begin(), records.end());
    std::string body = BuildLogFileBody(views);
    lf.last_sequence = seq;
    lf.last_hash = prev;
    lf.hash_value = crypto::Sha256Hex(body);
    lf.newest_event_time = lf.oldest_event_time = IsoTime(1767225600);
    lf.s3_bucket = "bulwark-trail";
    lf.s3_object = LogFileObjectKey("123456789012", "us-east-1", 1767229200, prev.substr(0, 16));
    c.bytes += body.size();
    c.bodies[lf.s3_object] = gzip ? *GzipCompress(body) : std::move(body);
    d.log_files.push_back(std::move(lf));
  }
  const std::string dbody = SerializeDigest(d);
  const std::string sig = crypto::HexEncode(*crypto::SignSha256WithRsa(priv, DigestSigningString(d, dbody)));
  c.input.digests.push_back(DigestArtifact{d.digest_s3_object, dbody, "", sig});
  c.input.public_keys.push_back(TrailPublicKey{d.digest_public_key_fingerprint, pub, 0, int64_t{1767229200} * 2});
  for (const auto& [object, body] : c.bodies) c.input.present_log_objects.push_back(object);
  return c;
}

void RunVerify(benchmark::State& state, bool gzip) {
  static Corpus plain = Build(false);
  static Corpus zipped = Build(true);
  Corpus& c = gzip ? zipped : plain;
  c.input.load_log = [&c, gzip](const std::string& object) {
    LogArtifact log;
    log.state = LogArtifact::State::kPresent;
    log.body = gzip ? *GzipDecompress(c.bodies.at(object), 1u << 30) : c.bodies.at(object);
    return log;
  };
  c.input.threads = static_cast<unsigned>(state.range(0));
  for (auto _ : state) {
    VerifyReport r = VerifyTrail(c.input);
    if (!r.ok()) state.SkipWithError("the corpus does not verify");
    benchmark::DoNotOptimize(r.records_valid);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.bytes));
  state.counters["records/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * kFiles * kRecordsPerFile, benchmark::Counter::kIsRate);
}

void BM_VerifyLogs(benchmark::State& state) { RunVerify(state, false); }
void BM_VerifyGzipLogs(benchmark::State& state) { RunVerify(state, true); }
// Argument: threads (1, and the 2 cores of the reference machine).
BENCHMARK(BM_VerifyLogs)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);
BENCHMARK(BM_VerifyGzipLogs)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);

void BM_TrailAppendAsync(benchmark::State& state) {
  std::random_device rd;
  const auto dir = std::filesystem::temp_directory_path() / ("bulwark-trail-bench-" + std::to_string(rd()));
  store::SqliteStoreOptions options;
  options.data_dir = dir;
  options.migrations = TrailMigrations();
  auto store = std::move(store::OpenSqliteStore(std::move(options)).value());
  std::mutex m;
  std::condition_variable cv;
  int in_flight = 0;
  std::atomic<int64_t> n{0}, failed{0};
  EventRecord base;
  base.user_identity.type = "Root";
  base.event_time = "2026-01-01T00:00:00Z";
  base.event_source = "sts.amazonaws.com";
  base.event_name = "GetCallerIdentity";
  for (auto _ : state) {
    {
      std::unique_lock lock(m);
      cv.wait(lock, [&] { return in_flight < 64; });
      ++in_flight;
    }
    EventRecord r = base;
    const int64_t id = ++n;
    r.event_id = "ev-" + std::to_string(id);
    r.request_id = "rq-" + std::to_string(id);
    store->WriteAsync([r](store::Transaction& txn) { return AppendEvent(txn, r, 1767225600); },
                      [&](core::Result<int64_t> done) {
                        if (!done.ok()) ++failed;
                        std::lock_guard lock(m);
                        --in_flight;
                        cv.notify_one();
                      });
  }
  {
    std::unique_lock lock(m);
    cv.wait(lock, [&] { return in_flight == 0; });
  }
  if (failed > 0) state.SkipWithError("appends failed");
  state.counters["appends/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  store.reset();
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_TrailAppendAsync)->UseRealTime()->MinTime(3.0);

}  // namespace
}  // namespace bulwark::trail

BENCHMARK_MAIN();
