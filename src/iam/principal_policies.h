// The policy documents that apply to a principal's requests, read from the store: for a user its
// inline and attached policies and those of its groups; for a role (and its sessions) the role's;
// the permissions boundary of either; and the principal's tags (aws:PrincipalTag).
// Thread-safety: stateless functions over read views.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "iam/entities.h"
#include "iam/tags.h"
#include "store/store.h"

namespace bulwark::iam {

struct PolicySource {
  std::string id;        // Managed: the ARN; inline: "<kind>/<entity>/<policy name>".
  std::string type;      // SimulatePrincipalPolicy's SourcePolicyType: user | group | role | aws-managed | user-managed
  std::string document;
};

struct PrincipalPolicies {
  std::vector<PolicySource> identity;
  std::optional<PolicySource> boundary;
  std::vector<Tag> tags;
};

// NoSuchEntity when the principal no longer exists (its requests are then refused). With a non-empty
// `expected_id` (AIDA..., AROA...), an entity of that name with another unique id counts as absent: a
// user or role deleted and created again under the same name is a different principal, and the
// keys and sessions of the old one must not act with the new one's policies (IAM User Guide, "IAM
// identifiers", unique identifiers).
core::Result<PrincipalPolicies> LoadPrincipalPolicies(store::ReadView& view, std::string_view account, EntityKind kind,
                                                      std::string_view name, std::string_view expected_id = {});

// The documents of managed policies named by ARN (session PolicyArns), in order.
core::Result<std::vector<PolicySource>> LoadManagedPolicies(store::ReadView& view, const std::vector<std::string>& arns);

}  // namespace bulwark::iam
