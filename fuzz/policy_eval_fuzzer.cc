// Fuzzes evaluation: random bytes parsed as a policy (identity and resource grammar), compiled
// alone and bundled with a fixed policy, and evaluated in every role (identity, resource,
// boundary, session, SCP and RCP levels) against a fixed set of requests: users, role sessions,
// root, another account, a service principal; IPv4/IPv6 addresses, dates, tags, multivalued and
// empty keys. Any document the parser accepts must compile and evaluate without crashing, hanging
// or reading out of bounds, and the decision must be one of the three.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string_view>
#include <vector>

#include "policy/compiled_policy.h"
#include "policy/evaluator.h"
#include "policy/parser.h"

namespace {

using namespace bulwark::policy;

std::vector<EvalRequest> Requests() {
  std::vector<EvalRequest> out;
  const char* principals[] = {"arn:aws:iam::111111111111:user/alice",
                              "arn:aws:sts::111111111111:assumed-role/app/s1",
                              "arn:aws:iam::111111111111:root",
                              "arn:aws:iam::222222222222:user/eve",
                              "s3.amazonaws.com",
                              "arn:aws:sts::111111111111:federated-user/bob"};
  const char* actions[] = {"s3:GetObject", "iam:PassRole", "kms:Decrypt", "ec2:RunInstances",
                           "S3:listbucket"};
  const char* resources[] = {"arn:aws:s3:::bucket/home/alice/x", "*", "arn:aws:iam::111111111111:role/app",
                             "arn:aws:kms:us-east-1:111111111111:key/1", "arn:aws:s3:::bucket"};
  for (const char* p : principals) {
    for (std::size_t i = 0; i < 5; ++i) {
      EvalRequest r;
      r.principal = RequestPrincipal::FromArn(p);
      r.action = actions[i];
      r.resource = resources[i];
      r.resource_account = i % 2 ? "111111111111" : "";
      r.context.Set("aws:username", "alice");
      r.context.Set("aws:SourceIp", i % 2 ? "10.1.2.3" : "2001:db8::1");
      r.context.Set("aws:CurrentTime", "2026-11-28T23:45:00Z");
      r.context.Set("aws:EpochTime", "1795909500");
      r.context.Set("aws:PrincipalTag/team", "payments");
      r.context.Set("aws:MultiFactorAuthPresent", i % 2 ? "true" : "false");
      r.context.Set("s3:max-keys", "10");
      r.context.Set("k:binary", "QmluYXJ5");
      r.context.SetList("aws:TagKeys", {"env", "team*"});
      r.context.SetList("aws:Empty", {});
      out.push_back(std::move(r));
    }
  }
  return out;
}

std::shared_ptr<const CompiledPolicy> Fixed() {
  auto doc =
      ParsePolicy(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"},
      {"Effect":"Deny","NotAction":"iam:*","Resource":"arn:aws:s3:::secret/*"}]})");
  if (!doc.ok()) std::abort();
  return CompiledPolicy::Compile(*doc, PolicyType::kIdentity, "fixed");
}

void Check(const Decision& d) {
  if (d.decision != EvalDecision::kAllowed && d.decision != EvalDecision::kExplicitDeny &&
      d.decision != EvalDecision::kImplicitDeny) {
    std::abort();
  }
  if (d.decision == EvalDecision::kImplicitDeny && !d.matched.empty()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::vector<EvalRequest> requests = Requests();
  static const std::shared_ptr<const CompiledPolicy> fixed = Fixed();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto identity = ParsePolicyText(text, ParseOptions{PolicyKind::kIdentity, 6144});
  auto resource = ParsePolicyText(text, ParseOptions{PolicyKind::kResource, 20480});
  if (!identity.document && !resource.document) return 0;
  PolicySet set;
  std::shared_ptr<const CompiledPolicy> a, bundle, b, rcp;
  if (identity.document) {
    a = CompiledPolicy::Compile(*identity.document, PolicyType::kIdentity, "fuzz");
    const PolicyDocument& fixed_doc = *identity.document;
    const SourcePolicy sources[] = {{&fixed_doc, "fuzz"}, {&fixed_doc, "again"}};
    bundle = CompiledPolicy::CompileBundle(sources, PolicyType::kIdentity);
    set.identity = {a.get(), bundle.get(), fixed.get()};
    set.boundaries = std::vector<const CompiledPolicy*>{a.get()};
    set.session = std::vector<const CompiledPolicy*>{bundle.get()};
    set.scps = std::vector<std::vector<const CompiledPolicy*>>{{fixed.get()}, {a.get()}};
  }
  if (resource.document) {
    b = CompiledPolicy::Compile(*resource.document, PolicyType::kResource, "fuzz-resource");
    rcp = CompiledPolicy::Compile(*resource.document, PolicyType::kResourceControl, "fuzz-rcp");
    set.resource = b.get();
    set.rcps = std::vector<std::vector<const CompiledPolicy*>>{{rcp.get()}};
  }
  Decision d;
  for (const auto& r : requests) {
    Evaluate(set, r, &d);
    Check(d);
    set.resource_policy_required = !set.resource_policy_required;
  }
  return 0;
}
