#include "protocol/form_params.h"

#include <boost/url/parse_query.hpp>

namespace bulwark::protocol {

core::Result<FormParams> FormParams::Parse(std::string_view encoded, std::size_t max_params) {
  FormParams params;
  if (encoded.empty()) return params;
  auto parsed = boost::urls::parse_query(encoded);
  if (!parsed) {
    return core::Error{"MalformedQueryString", "The query string is malformed: " + parsed.error().message()};
  }
  if (parsed->size() > max_params) {
    return core::Error{"RequestEntityTooLarge",
                       "The request has more than " + std::to_string(max_params) + " parameters"};
  }
  boost::urls::encoding_opts form;
  form.space_as_plus = true;  // application/x-www-form-urlencoded
  for (const auto& p : *parsed) {
    // The first occurrence wins, as AWS's query parser does for repeated keys.
    params.values_.emplace(p.key.decode(form), p.has_value ? p.value.decode(form) : std::string());
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
