// The shared benchmark workload doubles as a correctness suite: every one of its 10,000 decisions
// must agree with expected.json before the engine's speed means anything.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "policy/workload.h"

namespace bulwark::policy::testing {
namespace {

std::string WorkloadDir() {
  if (const char* env = std::getenv("BULWARK_POLICY_WORKLOAD")) return env;
  return std::string(BULWARK_SOURCE_DIR) + "/../shared/bench/policy-workload";
}

TEST(PolicyWorkload, AgreesWithExpectedOnEveryRequest) {
  if (!std::filesystem::exists(WorkloadDir() + "/expected.json")) GTEST_SKIP() << "workload not found at " << WorkloadDir();
  auto workload = LoadWorkload(WorkloadDir());
  ASSERT_TRUE(workload.ok()) << workload.error().message;
  ASSERT_EQ(workload->cases.size(), 10000u);
  PolicySet set;
  for (const auto& p : workload->identity) set.identity.push_back(p.get());
  Decision decision;
  int disagreements = 0;
  for (std::size_t i = 0; i < workload->cases.size(); ++i) {
    const auto& c = workload->cases[i];
    set.resource = c.resource_policy;
    Evaluate(set, c.request, c.principal, &decision);
    const std::string got = WorkloadDecisionName(decision.decision);
    if (got != c.expected && ++disagreements <= 10) {
      ADD_FAILURE() << "request " << i << " " << c.request.principal << " " << c.request.action << " "
                    << c.request.resource << ": got " << got << ", expected " << c.expected;
    }
  }
  EXPECT_EQ(disagreements, 0);
}

}  // namespace
}  // namespace bulwark::policy::testing
