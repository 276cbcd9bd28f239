// ARN parsing and AWS's ARN matching ("arn:partition:service:region:account-id:resource").
// Matching is per component: each of the first five colon-delimited components is matched on its
// own (so a wildcard never spans a colon there), and the resource component, which may itself
// contain colons and slashes, is matched as a whole. This is how IAM matches Resource elements and
// how ArnLike/ArnEquals compare ("IAM JSON policy elements: Condition operators", ARN operators).
// Thread-safety: pure functions.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace bulwark::core {

struct ArnParts {
  std::string_view partition;
  std::string_view service;
  std::string_view region;
  std::string_view account;
  std::string_view resource;
};

// Splits "arn:p:s:r:a:resource"; nullopt when the text has fewer than six components.
std::optional<ArnParts> SplitArn(std::string_view arn);

// Case-sensitive, `*` and `?` wildcards (and the literal markers of wildcard.h) per component.
// A pattern that is exactly "*" matches any text, including non-ARNs.
bool ArnMatch(std::string_view pattern, std::string_view arn);
bool ArnMatch(const ArnParts& pattern, std::string_view arn);

}  // namespace bulwark::core
