// The timestamp formats of AWS's service models: "iso8601" ("2026-11-29T05:44:49Z", fractions and
// offsets accepted), "rfc822" (RFC 1123's HTTP date, "Sun, 29 Nov 2026 05:44:49 GMT", the default
// for REST headers) and "unixTimestamp" (epoch seconds, fractions allowed).
// Thread-safety: pure functions.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace bulwark::protocol {

// Epoch seconds, or nullopt when `text` is not in `format`.
std::optional<double> ParseTimestamp(std::string_view text, std::string_view format);

// `epoch_seconds` in `format`; ISO 8601 keeps milliseconds only when there are some.
std::string FormatTimestamp(double epoch_seconds, std::string_view format);

// A handler's timestamp (ISO 8601 string or epoch number) as epoch seconds.
std::optional<double> TimestampValue(const boost::json::value& value);

}  // namespace bulwark::protocol
