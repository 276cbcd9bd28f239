// Fuzzes evaluation: random bytes as an identity policy and as a resource policy, evaluated against a
// fixed set of requests (users, sessions, root, cross-account; IPs, dates, tags, multivalued keys).
// Any document the parser accepts must compile and evaluate without crashing or hanging.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "policy/compiled_policy.h"
#include "policy/evaluator.h"
#include "policy/parser.h"

namespace {

std::vector<bulwark::policy::EvalRequest> Requests() {
  using bulwark::policy::EvalRequest;
  std::vector<EvalRequest> out;
  const char* principals[] = {"arn:aws:iam::111111111111:user/alice", "arn:aws:sts::111111111111:assumed-role/r/s",
                              "arn:aws:iam::111111111111:root", "arn:aws:iam::222222222222:user/eve",
                              "s3.amazonaws.com"};
  const char* actions[] = {"s3:GetObject", "iam:PassRole", "kms:Decrypt", "ec2:RunInstances"};
  const char* resources[] = {"arn:aws:s3:::bucket/home/alice/x", "*", "arn:aws:iam::111111111111:role/app",
                             "arn:aws:kms:us-east-1:111111111111:key/1"};
  for (const char* p : principals) {
    for (std::size_t i = 0; i < 4; ++i) {
      EvalRequest r;
      r.principal = p;
      r.action = actions[i];
      r.resource = resources[i];
      r.resource_account = i % 2 ? "111111111111" : "";
      r.context.Set("aws:username", "alice");
      r.context.Set("aws:SourceIp", i % 2 ? "10.1.2.3" : "2001:db8::1");
      r.context.Set("aws:CurrentTime", "2026-11-28T23:45:00Z");
      r.context.Set("aws:PrincipalTag/team", "payments");
      r.context.SetList("aws:TagKeys", {"env", "team*"});
      out.push_back(std::move(r));
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace bulwark::policy;
  static const std::vector<EvalRequest> requests = Requests();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto identity = ParsePolicyText(text, ParseOptions{PolicyKind::kIdentity, 6144});
  auto resource = ParsePolicyText(text, ParseOptions{PolicyKind::kResource, 20480});
  if (!identity.document && !resource.document) return 0;
  PolicySet set;
  std::shared_ptr<const CompiledPolicy> a, b;
  if (identity.document) {
    a = CompiledPolicy::Compile(*identity.document, PolicyType::kIdentity, "fuzz");
    set.identity.push_back(a.get());
    set.boundaries = std::vector<const CompiledPolicy*>{a.get()};
  }
  if (resource.document) {
    b = CompiledPolicy::Compile(*resource.document, PolicyType::kResource, "fuzz-resource");
    set.resource = b.get();
  }
  Decision d;
  for (const auto& r : requests) {
    Evaluate(set, r, AnalyzePrincipal(r.principal), &d);
  }
  return 0;
}
