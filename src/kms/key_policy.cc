#include "kms/key_policy.h"

#include "policy/compiled_policy.h"
#include "policy/evaluator.h"
#include "policy/parser.h"

namespace bulwark::kms {

namespace {

core::Error Malformed(std::string message) { return core::Error{"MalformedPolicyDocumentException", std::move(message)}; }

// Stands for "the caller's IAM policies allow it": the caller was authorized for this very request
// by them, and the check asks only whether the key policy still lets them count.
const policy::CompiledPolicy& AllowEverythingIdentity() {
  static const auto compiled = [] {
    auto doc = policy::ParsePolicy(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})");
    return policy::CompiledPolicy::Compile(*doc, policy::PolicyType::kIdentity, "lockout-check-identity");
  }();
  return *compiled;
}

}  // namespace

std::string DefaultKeyPolicy(std::string_view account_id) {
  return R"({
  "Version" : "2012-10-17",
  "Id" : "key-default-1",
  "Statement" : [ {
    "Sid" : "Enable IAM User Permissions",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "arn:aws:iam::)" +
         std::string(account_id) + R"(:root"
    },
    "Action" : "kms:*",
    "Resource" : "*"
  } ]
})";
}

core::Status CheckKeyPolicyGrammar(std::string_view text) {
  if (text.size() > kMaxKeyPolicyBytes) {
    return core::Error{"LimitExceededException", "Key policy exceeds the maximum size of 32768 bytes."};
  }
  policy::ParseOptions options;
  options.kind = policy::PolicyKind::kResource;
  auto parsed = policy::ParsePolicy(text, options);
  if (!parsed.ok()) return Malformed("The policy is malformed: " + parsed.error().message);
  return core::Status::Ok();
}

core::Status CheckPolicyLockout(std::string_view text, std::string_view caller_arn, std::string_view issuer_arn,
                                std::string_view key_arn) {
  policy::ParseOptions options;
  options.kind = policy::PolicyKind::kResource;
  auto parsed = policy::ParsePolicy(text, options);
  if (!parsed.ok()) return Malformed("The policy is malformed: " + parsed.error().message);
  auto compiled = policy::CompiledPolicy::Compile(*parsed, policy::PolicyType::kResource, std::string(key_arn));
  policy::PolicySet set;
  set.identity.push_back(&AllowEverythingIdentity());
  set.resource = compiled.get();
  set.resource_policy_required = true;
  policy::EvalRequest request;
  request.principal = policy::RequestPrincipal::FromArn(caller_arn);
  if (!issuer_arn.empty()) request.principal.issuer_arn = std::string(issuer_arn);
  request.action = "kms:PutKeyPolicy";
  request.resource = std::string(key_arn);
  const policy::Decision decision = policy::Evaluate(set, request);
  if (decision.decision == policy::EvalDecision::kAllowed) return core::Status::Ok();
  return Malformed("The new key policy will not allow you to update the key policy in the future.");
}

}  // namespace bulwark::kms
