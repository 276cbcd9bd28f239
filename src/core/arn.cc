#include "core/arn.h"

#include "core/wildcard.h"

namespace bulwark::core {

std::optional<ArnParts> SplitArn(std::string_view arn) {
  std::array<std::string_view, 5> head;
  std::size_t start = 0;
  for (auto& part : head) {
    const auto colon = arn.find(':', start);
    if (colon == std::string_view::npos) return std::nullopt;
    part = arn.substr(start, colon - start);
    start = colon + 1;
  }
  if (head[0] != "arn") return std::nullopt;
  return ArnParts{head[1], head[2], head[3], head[4], arn.substr(start)};
}

bool ArnMatch(const ArnParts& p, std::string_view arn) {
  auto a = SplitArn(arn);
  if (!a) return false;
  return WildcardMatch(p.partition, a->partition) && WildcardMatch(p.service, a->service) &&
         WildcardMatch(p.region, a->region) && WildcardMatch(p.account, a->account) &&
         WildcardMatch(p.resource, a->resource);
}

bool ArnMatch(std::string_view pattern, std::string_view arn) {
  if (pattern == "*") return true;
  auto p = SplitArn(pattern);
  if (p) return ArnMatch(*p, arn);
  // A pattern with fewer than six components never matches an ARN (its wildcards would otherwise
  // span component boundaries); against other text it is a plain glob.
  return !SplitArn(arn).has_value() && WildcardMatch(pattern, arn);
}

}  // namespace bulwark::core
