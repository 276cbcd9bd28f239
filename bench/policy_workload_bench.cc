// Decisions per second on the shared policy workload (../shared/bench/policy-workload), single
// thread, policies compiled once. Before timing, every decision must agree with expected.json.
//
//   build/bench/policy_workload_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
//
// The workload folder comes from $BULWARK_POLICY_WORKLOAD, else <source>/../shared/bench/policy-workload.
//
//   BM_Decisions/bundle      the 11 identity policies compiled as one bundle (as the server holds a
//                            principal's policies), requests prepared in advance
//   BM_Decisions/singles     the same policies compiled one by one
//   BM_DecisionsWithContext  each request's context built from strings first, as the server does
//   BM_CompiledSetMemory     heap held by the compiled policies (counters, no timing)
//   BM_AdversarialPattern    one decision on a 120,000-character ARN against a pattern that makes a
//                            backtracking matcher take O(text * pattern) steps (issue 17):
//                            /0 "*aaa...ab*" (only stars), /1 "*a?a?...b*" (with '?'),
//                            /2 "*a?*a?...*b*" (many stars); the long segments are 6,000
//                            characters (/1 took 1.1 s before the fix; with 60,000, 9 s)
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "policy/parser.h"
#include "policy/workload.h"

namespace bulwark::policy::testing {
namespace {

const Workload& LoadedWorkload() {
  static const Workload workload = [] {
    auto w = LoadWorkload(WorkloadDir(BULWARK_SOURCE_DIR));
    if (!w.ok()) {
      std::fprintf(stderr, "cannot load the workload: %s\n", w.error().message.c_str());
      std::exit(2);
    }
    return std::move(w.value());
  }();
  return workload;
}

PolicySet IdentitySet(const Workload& w, bool bundle) {
  PolicySet set;
  if (bundle) {
    set.identity.push_back(w.identity_bundle.get());
  } else {
    for (const auto& p : w.identity) set.identity.push_back(p.get());
  }
  return set;
}

// Refuses to time an engine that decides differently from the reference.
void CheckAgreement(const Workload& w, bool bundle) {
  PolicySet set = IdentitySet(w, bundle);
  Decision d;
  int wrong = 0;
  for (std::size_t i = 0; i < w.cases.size(); ++i) {
    set.resource = w.cases[i].resource_policy;
    Evaluate(set, w.cases[i].request, &d);
    if (w.cases[i].expected != WorkloadDecisionName(d.decision) && ++wrong <= 10) {
      const auto& r = w.cases[i].request;
      std::fprintf(stderr, "request %zu (%s %s %s): got %s, expected %s\n", i, r.principal.arn.c_str(),
                   r.action.c_str(), r.resource.c_str(), WorkloadDecisionName(d.decision),
                   w.cases[i].expected.c_str());
    }
  }
  if (wrong != 0) {
    std::fprintf(stderr, "%d of %zu decisions disagree with expected.json (%s): not timing\n", wrong,
                 w.cases.size(), bundle ? "bundle" : "singles");
    std::exit(1);
  }
}

void BM_Decisions(benchmark::State& state) {
  const Workload& w = LoadedWorkload();
  PolicySet set = IdentitySet(w, state.range(0) == 1);
  Decision d;
  std::size_t i = 0;
  for (auto _ : state) {
    const WorkloadCase& c = w.cases[i];
    set.resource = c.resource_policy;
    Evaluate(set, c.request, &d);
    benchmark::DoNotOptimize(d.decision);
    if (++i == w.cases.size()) i = 0;
  }
  state.SetLabel(state.range(0) == 1 ? "bundle" : "singles");
  state.counters["decisions_per_second"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Decisions)->Arg(1)->Arg(0);

// The same decisions, but each builds its request from strings first, as the server does for
// every call (keys folded, typed values read), in a request object a worker reuses.
void BM_DecisionsWithContext(benchmark::State& state) {
  const Workload& w = LoadedWorkload();
  PolicySet set = IdentitySet(w, true);
  Decision d;
  EvalRequest request;
  std::size_t i = 0;
  for (auto _ : state) {
    const WorkloadCase& c = w.cases[i];
    request.principal = c.request.principal;
    request.action = c.request.action;
    request.resource = c.request.resource;
    request.resource_account = c.request.resource_account;
    request.context.Clear();
    for (const auto& [k, v] : c.raw_context) request.context.Set(k, v);
    set.resource = c.resource_policy;
    Evaluate(set, request, &d);
    benchmark::DoNotOptimize(d.decision);
    if (++i == w.cases.size()) i = 0;
  }
  state.counters["decisions_per_second"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_DecisionsWithContext);

// Heap growth while compiling the workload's policies from parsed documents: the 11 identity
// policies (150 statements) one by one, as one bundle, and the 2 resource policies.
void BM_CompiledSetMemory(benchmark::State& state) {
  auto docs = LoadWorkloadDocuments(WorkloadDir(BULWARK_SOURCE_DIR));
  if (!docs.ok()) {
    state.SkipWithError(docs.error().message.c_str());
    return;
  }
  for (auto _ : state) {
    std::vector<std::shared_ptr<const CompiledPolicy>> singles, resources;
    const auto start = mallinfo2().uordblks;
    std::vector<SourcePolicy> sources;
    for (const auto& [name, doc] : docs->identity) sources.push_back(SourcePolicy{&doc, name});
    const auto with_sources = mallinfo2().uordblks;
    auto bundle = CompiledPolicy::CompileBundle(sources, PolicyType::kIdentity);
    const auto with_bundle = mallinfo2().uordblks;
    for (const auto& [name, doc] : docs->identity) {
      singles.push_back(CompiledPolicy::Compile(doc, PolicyType::kIdentity, name));
    }
    const auto with_singles = mallinfo2().uordblks;
    for (const auto& [name, doc] : docs->resource) {
      resources.push_back(CompiledPolicy::Compile(doc, PolicyType::kResource, name));
    }
    const auto with_resources = mallinfo2().uordblks;
    state.counters["identity_bundle_bytes"] = static_cast<double>(with_bundle - with_sources);
    state.counters["identity_singles_bytes"] = static_cast<double>(with_singles - with_bundle);
    state.counters["resource_policies_bytes"] = static_cast<double>(with_resources - with_singles);
    (void)start;
  }
}
BENCHMARK(BM_CompiledSetMemory)->Iterations(1);

// The decision SimulateCustomPolicy makes for an attacker's policy and ARN, compiled once.
void BM_AdversarialPattern(benchmark::State& state) {
  std::string pattern = "arn:aws:s3:::";
  switch (state.range(0)) {
    case 0: pattern += "*" + std::string(6000, 'a') + "b*"; break;
    case 1:
      pattern += "*";
      for (int i = 0; i < 3000; ++i) pattern += "a?";
      pattern += "b*";
      break;
    default:
      for (int i = 0; i < 3000; ++i) pattern += "*a?";
      pattern += "*b*";
  }
  auto doc = ParsePolicy(
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":")" +
      pattern + R"("}]})");
  if (!doc.ok()) {
    state.SkipWithError(doc.error().message.c_str());
    return;
  }
  auto policy = CompiledPolicy::Compile(*doc, PolicyType::kIdentity, "adversarial");
  PolicySet set;
  set.identity.push_back(policy.get());
  EvalRequest request;
  request.principal.kind = PrincipalKind::kUser;
  request.principal.arn = "arn:aws:iam::123456789012:user/attacker";
  request.principal.account = "123456789012";
  request.action = "s3:GetObject";
  request.resource = "arn:aws:s3:::" + std::string(120'000, 'a');
  Decision d;
  for (auto _ : state) {
    Evaluate(set, request, &d);
    benchmark::DoNotOptimize(d.decision);
  }
  if (d.decision != EvalDecision::kImplicitDeny)
    state.SkipWithError("the adversarial pattern should not match");
}
BENCHMARK(BM_AdversarialPattern)->DenseRange(0, 2)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace bulwark::policy::testing

int main(int argc, char** argv) {
  const auto& workload = bulwark::policy::testing::LoadedWorkload();
  bulwark::policy::testing::CheckAgreement(workload, /*bundle=*/false);
  bulwark::policy::testing::CheckAgreement(workload, /*bundle=*/true);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
