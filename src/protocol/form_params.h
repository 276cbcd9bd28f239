// Parameters of the AWS query protocol: application/x-www-form-urlencoded bodies (or query
// strings), decoded with Boost.URL, with accessors for the protocol's flattened lists and maps
// ("Tags.member.1.Key", "PolicyArns.member.2.arn").
// Thread-safety: immutable after parsing.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace bulwark::protocol {

class FormParams {
 public:
  // Errors: "MalformedQueryString" for bad percent-encoding, "RequestEntityTooLarge" past the
  // bounds (bytes, parameter count).
  static core::Result<FormParams> Parse(std::string_view encoded, std::size_t max_params = 1000);

  std::optional<std::string> Get(std::string_view name) const;
  bool Has(std::string_view name) const { return values_.count(std::string(name)) != 0; }
  // "Prefix.member.N" for N = 1, 2, ... until the first gap.
  std::vector<std::string> List(std::string_view prefix) const;
  // Structures in a list: returns the N for which "Prefix.member.N.<anything>" exists, in order.
  std::vector<std::string> ListPrefixes(std::string_view prefix) const;
  const std::map<std::string, std::string>& all() const { return values_; }

 private:
  std::map<std::string, std::string> values_;
};

}  // namespace bulwark::protocol
