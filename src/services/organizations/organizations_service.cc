#include "services/organizations/organizations_service.h"

#include "org/org_store.h"

namespace bulwark::services {

OrganizationsService::OrganizationsService(org_ops::OrgDeps deps)
    : TableService("organizations", "organizations.amazonaws.com",
                   protocol::ServiceProtocol{protocol::Protocol::kJson11, "", "AWSOrganizationsV20161128"},
                   "2016-11-28") {
  for (auto* area : {&org_ops::OrganizationOperations, &org_ops::AccountOperations,
                     &org_ops::OrganizationalUnitOperations, &org_ops::PolicyOperations}) {
    for (auto& op : (*area)(deps)) Add(std::move(op));
  }
}

core::Error OrganizationsService::ServiceError(core::Error generic) const {
  if (generic.code != "ValidationException") return TableService::ServiceError(std::move(generic));
  // The first problem the decoder reported decides the Reason (InvalidInputException's Reason
  // values for each kind of constraint).
  const std::string& m = generic.message;
  std::string reason = "INVALID_PATTERN";
  const auto first = [&](std::string_view needle) {
    auto at = m.find(needle);
    return at == std::string::npos ? m.size() : at;
  };
  const std::size_t pattern = first("regular expression pattern");
  const std::size_t min_length = first("length greater than or equal");
  const std::size_t max_length = first("length less than or equal");
  const std::size_t min_value = first("value greater than or equal");
  const std::size_t max_value = first("value less than or equal");
  const std::size_t enumeration = first("enum value set");
  const std::size_t required = first("must not be null");
  std::size_t best = pattern;
  for (auto [at, r] : {std::pair{min_length, "MIN_LENGTH_EXCEEDED"}, std::pair{max_length, "MAX_LENGTH_EXCEEDED"},
                       std::pair{min_value, "MIN_VALUE_EXCEEDED"}, std::pair{max_value, "MAX_VALUE_EXCEEDED"},
                       std::pair{enumeration, "INVALID_ENUM"}, std::pair{required, "INPUT_REQUIRED"}}) {
    if (at < best) {
      best = at;
      reason = r;
    }
  }
  return org::InvalidInput(reason, std::move(generic.message));
}

}  // namespace bulwark::services
