// The two request-date formats SigV4 accepts and the conversion to epoch seconds (UTC), without the
// C library's time zone state.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bulwark::sigv4 {

// ISO 8601 basic format as used in X-Amz-Date: "20150830T123600Z". Strict: exactly 16 characters,
// a real calendar date and time. nullopt otherwise.
std::optional<int64_t> ParseAmzDate(std::string_view text);

// RFC 7231 IMF-fixdate as used in the Date header: "Sun, 30 Aug 2015 12:36:00 GMT". The weekday is
// not cross-checked. nullopt when malformed.
std::optional<int64_t> ParseHttpDate(std::string_view text);

// Epoch seconds -> "20150830T123600Z".
std::string FormatAmzDate(int64_t epoch_seconds);

}  // namespace bulwark::sigv4
