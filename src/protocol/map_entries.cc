#include "protocol/map_entries.h"

#include <boost/json/serialize.hpp>

namespace bulwark::protocol {

std::vector<std::pair<std::string, const boost::json::value*>> MapEntries(const boost::json::value& value) {
  std::vector<std::pair<std::string, const boost::json::value*>> out;
  if (value.is_object()) {
    for (const auto& [k, item] : value.get_object()) out.emplace_back(std::string(k), &item);
  } else if (value.is_array()) {
    for (const auto& item : value.get_array()) {
      if (!item.is_object()) continue;
      const boost::json::value* k = item.get_object().if_contains("key");
      const boost::json::value* v = item.get_object().if_contains("value");
      if (k == nullptr || v == nullptr) continue;
      out.emplace_back(k->is_string() ? std::string(k->get_string()) : boost::json::serialize(*k), v);
    }
  }
  return out;
}

}  // namespace bulwark::protocol
