// The shared benchmark workload doubles as a correctness suite: every one of its 10,000 decisions
// must agree with expected.json before the engine's speed means anything.
#include <gtest/gtest.h>

#include <filesystem>

#include "policy/workload.h"

namespace bulwark::policy::testing {
namespace {

// Evaluates every case with `identity` as the identity-based policies; returns the disagreements
// (the first ten are reported as failures).
int Disagreements(const Workload& w, const std::vector<const CompiledPolicy*>& identity) {
  PolicySet set;
  set.identity = identity;
  Decision decision;
  int disagreements = 0;
  for (std::size_t i = 0; i < w.cases.size(); ++i) {
    const auto& c = w.cases[i];
    set.resource = c.resource_policy;
    Evaluate(set, c.request, &decision);
    const std::string got = WorkloadDecisionName(decision.decision);
    if (got != c.expected && ++disagreements <= 10) {
      ADD_FAILURE() << "request " << i << " " << c.request.principal.arn << " " << c.request.action << " "
                    << c.request.resource << ": got " << got << ", expected " << c.expected;
    }
  }
  return disagreements;
}

class PolicyWorkload : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string dir = WorkloadDir(BULWARK_SOURCE_DIR);
    if (!std::filesystem::exists(dir + "/expected.json")) GTEST_SKIP() << "workload not found at " << dir;
    auto w = LoadWorkload(dir);
    ASSERT_TRUE(w.ok()) << w.error().message;
    workload_ = std::move(w.value());
    ASSERT_EQ(workload_.cases.size(), 10000u);
  }
  Workload workload_;
};

TEST_F(PolicyWorkload, AgreesWithExpectedOnEveryRequest) {
  std::vector<const CompiledPolicy*> identity;
  for (const auto& p : workload_.identity) identity.push_back(p.get());
  EXPECT_EQ(Disagreements(workload_, identity), 0);
}

TEST_F(PolicyWorkload, BundleDecidesAsThePoliciesOneByOne) {
  EXPECT_EQ(Disagreements(workload_, {workload_.identity_bundle.get()}), 0);
}

TEST_F(PolicyWorkload, BundleExplainsWithTheSameStatements) {
  PolicySet singles;
  for (const auto& p : workload_.identity) singles.identity.push_back(p.get());
  PolicySet bundle;
  bundle.identity = {workload_.identity_bundle.get()};
  Decision a, b;
  for (const auto& c : workload_.cases) {
    singles.resource = bundle.resource = c.resource_policy;
    Evaluate(singles, c.request, &a);
    Evaluate(bundle, c.request, &b);
    ASSERT_EQ(a.matched.size(), b.matched.size()) << c.request.action << " " << c.request.resource;
    for (std::size_t i = 0; i < a.matched.size(); ++i) {
      EXPECT_EQ(a.matched[i].policy->SourceId(*a.matched[i].statement),
                b.matched[i].policy->SourceId(*b.matched[i].statement));
      EXPECT_EQ(a.matched[i].statement->index, b.matched[i].statement->index);
    }
    ASSERT_EQ(a.missing_context_keys, b.missing_context_keys);
  }
}

}  // namespace
}  // namespace bulwark::policy::testing
