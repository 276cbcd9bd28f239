#include "core/caller.h"

namespace bulwark::core {

const char* CloudTrailIdentityType(CallerKind kind) {
  switch (kind) {
    case CallerKind::kRoot: return "Root";
    case CallerKind::kIamUser: return "IAMUser";
    case CallerKind::kAssumedRole: return "AssumedRole";
    case CallerKind::kFederatedUser: return "FederatedUser";
    case CallerKind::kUserSession: return "IAMUser";
  }
  return "Unknown";
}

}  // namespace bulwark::core
