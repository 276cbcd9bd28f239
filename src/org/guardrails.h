// The organization's guardrails as the authorizer applies them to every call ("Service control
// policies", "Resource control policies", "Policy evaluation logic"):
//  - a principal of a member account (its root user included; not a service-linked role) is
//    filtered by the SCPs attached at each level from the root through its OUs to its account:
//    every level must allow; the management account is never restricted;
//  - a resource of a member account is filtered by the RCPs at each level, for the services that
//    support RCPs (STS, S3, KMS, SQS, Secrets Manager); never the management account's resources;
//  - the context keys aws:PrincipalOrgID, aws:PrincipalOrgPaths, aws:ResourceOrgID,
//    aws:ResourceOrgPaths (and aws:ResourceAccount) describe where both sides stand.
// An account's placement (organization, path, compiled policies per level) is built once and
// cached under the credential epoch (core/credential_epoch.h): Organizations handlers advance it in
// the transaction of every change and the executor again after the commit, so an entry read before
// a change can never outlive it; a steady member-account call costs one hash lookup per side.
// Thread-safety: Apply is called concurrently; the caches have their own mutex.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/caller.h"
#include "core/credential_epoch.h"
#include "core/result.h"
#include "org/org_store.h"
#include "policy/compiled_policy.h"
#include "policy/evaluator.h"
#include "store/store.h"

namespace bulwark::org {

// Where one account stands in its organization, compiled.
struct Placement {
  bool in_organization = false;
  bool management = false;
  std::string org_id;
  std::string org_path;  // "o-.../r-.../ou-.../" down to the account's parent
  // Per level, root first, then each OU, then the account (each level's policies compiled as one
  // bundle); empty when the type is not enabled.
  std::vector<std::vector<const policy::CompiledPolicy*>> scps;
  std::vector<std::vector<const policy::CompiledPolicy*>> rcps;
  bool scps_enabled = false;
  bool rcps_enabled = false;
  std::vector<std::shared_ptr<const policy::CompiledPolicy>> keep;
};

// What Apply added; keeps the policies the PolicySet points to alive.
struct AppliedGuardrails {
  std::shared_ptr<const Placement> principal;
  std::shared_ptr<const Placement> resource;
};

// Whether a role ARN names a service-linked role (path /aws-service-role/), which SCPs and RCPs
// never restrict.
bool IsServiceLinkedRole(const std::string& arn);
// Whether RCPs apply to the action's service ("RCPs apply to ... Amazon S3, AWS STS, AWS KMS,
// Amazon SQS, AWS Secrets Manager").
bool RcpsApplyTo(const std::string& action);

class Guardrails {
 public:
  Guardrails(std::shared_ptr<store::Store> store, std::shared_ptr<const core::CredentialEpoch> epoch,
             std::size_t capacity = 4096);

  // The account's placement. Errors: the store's (the caller denies); an SCP that no longer parses
  // is MalformedPolicyDocument (the caller denies).
  core::Result<std::shared_ptr<const Placement>> PlacementOf(const std::string& account_id) const;

  // Adds the SCP levels (for the caller) and RCP levels (for the resource) that apply, and the
  // organization context keys, to a request. `resource_account` is the account owning the resource.
  core::Result<AppliedGuardrails> Apply(const core::Caller& caller, const std::string& action,
                                        const std::string& resource_account, policy::PolicySet* set,
                                        std::map<std::string, std::vector<std::string>>* context) const;

 private:
  core::Result<std::shared_ptr<const Placement>> Build(const std::string& account_id) const;
  core::Result<std::shared_ptr<const policy::CompiledPolicy>> Compile(const std::vector<Policy>& level, bool rcp) const;

  std::shared_ptr<store::Store> store_;
  std::shared_ptr<const core::CredentialEpoch> epoch_;
  std::size_t capacity_;
  struct Entry {
    uint64_t epoch = 0;
    std::shared_ptr<const Placement> placement;
  };
  mutable std::mutex mutex_;
  mutable std::unordered_map<std::string, Entry> placements_;
  mutable std::unordered_map<std::string, std::shared_ptr<const policy::CompiledPolicy>> compiled_;
};

}  // namespace bulwark::org
