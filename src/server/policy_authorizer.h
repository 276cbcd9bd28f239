// The authorizer that enforces IAM: for each call it gathers the policies that apply (the caller's
// identity policies, its permissions boundary, the session's policies, and the resource's policy
// where AWS requires one, such as a role's trust policy for sts:AssumeRole), adds what the store
// knows about the principal and the resource (aws:PrincipalTag/*, aws:ResourceTag/*), and asks the
// policy engine. A denial answers AccessDenied in AWS's message form, naming the layer that denied.
//
// Deny by default: a principal that no longer exists, a policy that does not parse, a store that
// cannot be read, each refuse the call. The account root user is allowed everything in its account
// except what AWS refuses root (assuming a role) and what its organization's SCPs deny: the
// guardrails (org/guardrails.h) add the SCP and RCP levels and the aws:*Org* context keys.
// Compiled policies are cached by their text (bounded); the documents themselves are read per
// call, so a change to a policy or an attachment applies to the very next request.
// Thread-safety: Authorize is called concurrently; the cache has its own mutex.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "org/guardrails.h"
#include "policy/compiled_policy.h"
#include "policy/evaluator.h"
#include "policy/parser.h"
#include "server/pipeline.h"
#include "store/store.h"

namespace bulwark::server {

class PolicyAuthorizer : public Authorizer {
 public:
  // With a `message_key` (iam/authorization_message.h), denials also carry an encoded authorization
  // failure message for sts:DecodeAuthorizationMessage, appended to AWS's text as AWS services that
  // encode do ("... Encoded authorization failure message: <message>").
  explicit PolicyAuthorizer(std::shared_ptr<store::Store> store, std::string message_key = "",
                            std::size_t cache_capacity = 4096,
                            std::shared_ptr<const org::Guardrails> guardrails = nullptr);
  core::Status Authorize(const core::Caller& caller, const AuthorizationRequest& request) const override;

 private:
  core::Status Decide(const core::Caller& caller, const AuthorizationRequest& request, policy::Decision* decision) const;
  std::string EncodedDetails(const core::Caller& caller, const AuthorizationRequest& request,
                             const policy::Decision& decision) const;

  struct Gathered;
  core::Result<Gathered> Gather(const core::Caller& caller, const AuthorizationRequest& request) const;
  core::Result<std::shared_ptr<const policy::CompiledPolicy>> Compile(const std::string& id, const std::string& text,
                                                                      policy::PolicyKind kind,
                                                                      policy::PolicyType type) const;

  std::shared_ptr<store::Store> store_;
  std::shared_ptr<const org::Guardrails> guardrails_;  // Null: no organization applies (tests).
  std::string message_key_;
  std::size_t cache_capacity_;
  mutable std::mutex mutex_;
  mutable std::unordered_map<std::string, std::shared_ptr<const policy::CompiledPolicy>> cache_;
};

// AWS's AccessDenied message for a decision ("User: <arn> is not authorized to perform: <action>
// on resource: <resource> because no identity-based policy allows the <action> action", "... with
// an explicit deny in a permissions boundary").
std::string AccessDeniedMessage(const std::string& principal_arn, const std::string& action, const std::string& resource,
                                const policy::Decision& decision);

}  // namespace bulwark::server
