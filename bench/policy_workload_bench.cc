// Decisions per second on the shared policy workload (../shared/bench/policy-workload), single
// thread, policies compiled once. Before timing, every decision must agree with expected.json.
//
//   build/bench/policy_workload_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
//
// The workload folder comes from $BULWARK_POLICY_WORKLOAD, else <source>/../shared/bench/policy-workload.
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "policy/workload.h"

namespace bulwark::policy::testing {
namespace {

std::string WorkloadDir() {
  if (const char* env = std::getenv("BULWARK_POLICY_WORKLOAD")) return env;
  return std::string(BULWARK_SOURCE_DIR) + "/../shared/bench/policy-workload";
}

const Workload& LoadedWorkload() {
  static const Workload workload = [] {
    auto w = LoadWorkload(WorkloadDir());
    if (!w.ok()) {
      std::fprintf(stderr, "cannot load the workload: %s\n", w.error().message.c_str());
      std::exit(2);
    }
    return std::move(w.value());
  }();
  return workload;
}

// Refuses to time an engine that decides differently from the reference.
void CheckAgreement(const Workload& w) {
  PolicySet set;
  for (const auto& p : w.identity) set.identity.push_back(p.get());
  Decision d;
  int wrong = 0;
  for (std::size_t i = 0; i < w.cases.size(); ++i) {
    set.resource = w.cases[i].resource_policy;
    Evaluate(set, w.cases[i].request, w.cases[i].principal, &d);
    if (w.cases[i].expected != WorkloadDecisionName(d.decision)) {
      if (++wrong <= 5) {
        std::fprintf(stderr, "request %zu: got %s, expected %s\n", i, WorkloadDecisionName(d.decision),
                     w.cases[i].expected.c_str());
      }
    }
  }
  if (wrong != 0) {
    std::fprintf(stderr, "%d of %zu decisions disagree with expected.json: not timing\n", wrong, w.cases.size());
    std::exit(1);
  }
}

void BM_PolicyWorkloadDecisions(benchmark::State& state) {
  const Workload& w = LoadedWorkload();
  PolicySet set;
  for (const auto& p : w.identity) set.identity.push_back(p.get());
  Decision d;
  std::size_t i = 0;
  for (auto _ : state) {
    const WorkloadCase& c = w.cases[i];
    set.resource = c.resource_policy;
    Evaluate(set, c.request, c.principal, &d);
    benchmark::DoNotOptimize(d.decision);
    if (++i == w.cases.size()) i = 0;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.counters["decisions_per_second"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_PolicyWorkloadDecisions);

// The same decisions, but each builds its request context from strings first, as the server does
// for every call (typed values parsed, keys folded).
void BM_PolicyWorkloadDecisionsIncludingContextBuild(benchmark::State& state) {
  const Workload& w = LoadedWorkload();
  PolicySet set;
  for (const auto& p : w.identity) set.identity.push_back(p.get());
  Decision d;
  EvalRequest request;
  std::size_t i = 0;
  for (auto _ : state) {
    const WorkloadCase& c = w.cases[i];
    request.principal = c.request.principal;
    request.action = c.request.action;
    request.resource = c.request.resource;
    request.resource_account = c.request.resource_account;
    request.context = RequestContext();
    for (const auto& [k, v] : c.raw_context) request.context.Set(k, v);
    set.resource = c.resource_policy;
    Evaluate(set, request, c.principal, &d);
    benchmark::DoNotOptimize(d.decision);
    if (++i == w.cases.size()) i = 0;
  }
  state.counters["decisions_per_second"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_PolicyWorkloadDecisionsIncludingContextBuild);

// Memory held by the compiled policy set (11 identity policies, 150 statements, plus resource
// policies), measured as the heap growth while compiling them.
void BM_CompiledSetMemory(benchmark::State& state) {
  const std::string dir = WorkloadDir();
  for (auto _ : state) {
    state.PauseTiming();
    const auto before = mallinfo2().uordblks;
    auto w = LoadWorkload(dir);
    const auto with_requests = mallinfo2().uordblks;
    // Drop the requests: what stays is the compiled policies.
    w->cases.clear();
    w->cases.shrink_to_fit();
    const auto after = mallinfo2().uordblks;
    state.counters["compiled_set_bytes"] = static_cast<double>(after - before);
    (void)with_requests;
    state.ResumeTiming();
  }
}
BENCHMARK(BM_CompiledSetMemory)->Iterations(1);

}  // namespace
}  // namespace bulwark::policy::testing

int main(int argc, char** argv) {
  bulwark::policy::testing::CheckAgreement(bulwark::policy::testing::LoadedWorkload());
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
