// The primitives every request pays for: HMAC-SHA256 (SigV4 signing-key derivation and signature)
// and SHA-256 of short inputs (payload hashes, the trail's hash chain).
//   build/bench/crypto_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <string>

#include "crypto/digest.h"
#include "crypto/hmac.h"

namespace {

void BM_HmacSha256_Signature(benchmark::State& state) {
  const std::string key(32, 'k');
  const std::string string_to_sign(200, 's');
  for (auto _ : state) benchmark::DoNotOptimize(bulwark::crypto::HmacSha256(key, string_to_sign));
}
BENCHMARK(BM_HmacSha256_Signature);

void BM_Sha256_Short(benchmark::State& state) {
  const std::string data(static_cast<std::size_t>(state.range(0)), 'd');
  for (auto _ : state) benchmark::DoNotOptimize(bulwark::crypto::Sha256(data));
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Sha256_Short)->Arg(64)->Arg(1024);

// A trail record's chain link: one hasher reused, as the verifier does.
void BM_Sha256Hasher_Record(benchmark::State& state) {
  bulwark::crypto::Sha256Hasher hasher;
  const std::string record(1024, 'r');
  for (auto _ : state) {
    hasher.Update(record);
    benchmark::DoNotOptimize(hasher.Finish());
  }
  state.SetBytesProcessed(state.iterations() * 1024);
}
BENCHMARK(BM_Sha256Hasher_Record);

}  // namespace

BENCHMARK_MAIN();
