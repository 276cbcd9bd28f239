// Parameters of the AWS query protocol: application/x-www-form-urlencoded bodies (or query
// strings), decoded by core::DecodeForm (the decoder SigV4 canonicalises with), with accessors for the protocol's flattened lists and maps
// ("Tags.member.1.Key", "PolicyArns.member.2.arn").
// Thread-safety: immutable after parsing.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/form_encoding.h"
#include "core/result.h"

namespace bulwark::protocol {

class FormParams {
 public:
  // Errors: "MalformedQueryString" for bad percent-encoding, invalid UTF-8 or a name given twice;
  // "RequestEntityTooLarge" past the parameter count.
  static core::Result<FormParams> Parse(std::string_view encoded, std::size_t max_params = 1000);
  // From decoded pairs; a name given twice is MalformedQueryString.
  static core::Result<FormParams> FromPairs(std::vector<core::FormPair> pairs);
  // Exactly these values (the canonical parameters a model decoder produced).
  static FormParams FromMap(std::map<std::string, std::string> values) {
    FormParams p;
    p.values_ = std::move(values);
    return p;
  }

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
