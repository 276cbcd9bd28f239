// Reading an operation's decoded input (CallContext::input) the way the API reference describes it:
// members by model name, typed. The model decoder has already enforced what the model says
// (required members present, lengths, ranges, enums, patterns), so handlers check only the rules
// the model cannot express (cross-member rules, policy grammar, quotas, existence).
// Thread-safety: pure functions over the call's own input.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/service.h"

namespace bulwark::services {

// A member's value, or null when absent.
const boost::json::value* Member(const CallContext& ctx, std::string_view name);

std::optional<std::string> OptionalString(const CallContext& ctx, std::string_view name);
// A member the model requires (the decoder refused the call without it); "" if it is absent
// anyway (a handler reached without the decoder, as in tests).
std::string RequiredString(const CallContext& ctx, std::string_view name);
std::optional<int64_t> OptionalInt(const CallContext& ctx, std::string_view name);
std::optional<bool> OptionalBool(const CallContext& ctx, std::string_view name);
// A timestamp member as epoch seconds (fractions dropped): JSON protocols send epoch seconds, the
// query protocol ISO 8601. nullopt when absent or not a time.
std::optional<int64_t> OptionalTimestamp(const CallContext& ctx, std::string_view name);
// A list of strings; empty when absent.
std::vector<std::string> StringList(const CallContext& ctx, std::string_view name);
// A list of structures (or anything else), or null when absent.
const boost::json::array* ListMember(const CallContext& ctx, std::string_view name);
// A string member of a decoded structure (a list item), or nullopt.
std::optional<std::string> FieldString(const boost::json::value& structure, std::string_view name);

}  // namespace bulwark::services
