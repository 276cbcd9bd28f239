// A map member's entries as handlers give them: a JSON object, or an array of {"key", "value"}
// objects (the query protocol's habit, kept by older handlers). Shared by the encoders.
// Thread-safety: pure function; the pointers refer into `value`.
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <utility>
#include <vector>

namespace bulwark::protocol {

std::vector<std::pair<std::string, const boost::json::value*>> MapEntries(const boost::json::value& value);

}  // namespace bulwark::protocol
