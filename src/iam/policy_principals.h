// Principals a role's trust policy names, bound to their unique ids when the policy is saved. AWS
// transforms an IAM user or role ARN in a trust policy into that principal's unique id on save
// ("IAM JSON policy elements: Principal": "This helps mitigate the risk of someone escalating their
// privileges by removing and recreating the role"), so a principal deleted and recreated under the
// same name is no longer trusted. The stored document keeps the ARN; the binding decides whether
// the ARN still means the entity it meant (see TrustPolicyFor).
// Thread-safety: functions over the caller's transaction or view.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "store/migrations.h"
#include "store/store.h"

namespace bulwark::iam {

struct PrincipalBinding {
  std::string arn;  // As written in the policy.
  std::string id;   // The unique id it named when the policy was saved.
};

// Replaces the bindings of `owner_id`'s policy: every IAM user or role ARN of `account_id` in its
// Principal/NotPrincipal "AWS" values. One that names no existing entity is MalformedPolicyDocument
// ("Invalid principal in policy"), as IAM answers.
core::Status BindPolicyPrincipals(store::Transaction& txn, const std::string& owner_id, const std::string& policy,
                                  const std::string& account_id);
// Bindings are kept per account, like everything a service stores.
core::Result<std::vector<PrincipalBinding>> LoadPolicyPrincipals(store::ReadView& view, const std::string& account_id,
                                                                 const std::string& owner_id);
core::Status DeletePolicyPrincipals(store::Transaction& txn, const std::string& account_id, const std::string& owner_id);

// The trust policy as it applies to a caller whose ARN is `caller_arn` and unique id `caller_id`: a
// bound ARN that the caller's ARN equals but that was bound to another id is replaced by that id,
// which no ARN matches (as AWS's stored form would show it).
std::string TrustPolicyFor(const std::string& policy, const std::vector<PrincipalBinding>& bindings,
                           const std::string& caller_arn, const std::string& caller_id);

std::vector<store::Migration> PolicyPrincipalMigrations();

}  // namespace bulwark::iam
