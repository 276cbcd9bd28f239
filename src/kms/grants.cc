#include "kms/grants.h"

#include <algorithm>

namespace bulwark::kms {

bool GrantAllows(const Grant& grant, std::string_view caller_arn, std::string_view role_arn,
                 std::string_view operation, const EncryptionContext& context) {
  const bool grantee = grant.grantee_principal == caller_arn || (!role_arn.empty() && grant.grantee_principal == role_arn);
  if (!grantee) return false;
  if (std::find(grant.operations.begin(), grant.operations.end(), operation) == grant.operations.end()) return false;
  if (grant.context_equals && *grant.context_equals != context) return false;
  if (grant.context_subset) {
    for (const auto& [k, v] : *grant.context_subset) {
      auto it = context.find(k);
      if (it == context.end() || it->second != v) return false;
    }
  }
  return true;
}

std::string GrantOperationOf(std::string_view action) {
  const auto colon = action.find(':');
  return std::string(colon == std::string_view::npos ? action : action.substr(colon + 1));
}

}  // namespace bulwark::kms
