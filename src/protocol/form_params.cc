#include "protocol/form_params.h"


namespace bulwark::protocol {

core::Result<FormParams> FormParams::Parse(std::string_view encoded, std::size_t max_params) {
  auto pairs = core::DecodeForm(encoded, core::FormLimits{encoded.size(), max_params});
  if (!pairs.ok()) return pairs.error();
  return FromPairs(std::move(*pairs));
}

core::Result<FormParams> FormParams::FromPairs(std::vector<core::FormPair> pairs) {
  FormParams params;
  for (auto& pair : pairs) {
    // One value per name: a repeated name would let the verifier (which signs both values), the
    // handler and the record each read a different one. AWS reads one value; we refuse the ambiguity.
    auto [it, inserted] = params.values_.emplace(std::move(pair.name), std::move(pair.value));
    if (!inserted) {
      return core::Error{"MalformedQueryString", "The parameter '" + it->first + "' appears more than once."};
    }
  }
  return params;
}

std::optional<std::string> FormParams::Get(std::string_view name) const {
  auto it = values_.find(std::string(name));
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> FormParams::List(std::string_view prefix) const {
  std::vector<std::string> out;
  for (std::size_t i = 1;; ++i) {
    auto v = Get(std::string(prefix) + ".member." + std::to_string(i));
    if (!v) break;
    out.push_back(std::move(*v));
  }
  return out;
}

std::vector<std::string> FormParams::ListPrefixes(std::string_view prefix) const {
  std::vector<std::string> out;
  for (std::size_t i = 1;; ++i) {
    const std::string item = std::string(prefix) + ".member." + std::to_string(i);
    auto it = values_.lower_bound(item + ".");
    if (it == values_.end() || it->first.compare(0, item.size() + 1, item + ".") != 0) break;
    out.push_back(item);
  }
  return out;
}

}  // namespace bulwark::protocol
