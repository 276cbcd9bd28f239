// gzip (RFC 1952) through zlib, for the .json.gz files CloudTrail delivers. Compression is
// deterministic (no file name, modification time 0) so an export repeated from the same store gives
// the same bytes. Decompression is bounded and tells a cut-off stream from a damaged one.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"

namespace bulwark::trail {

inline constexpr std::string_view kGzipTruncated = "TruncatedFile";  // error code: the stream ends early
inline constexpr std::string_view kGzipCorrupt = "CorruptFile";      // not gzip, bad data, or CRC mismatch

// Errors: InternalFailure when zlib fails.
core::Result<std::string> GzipCompress(std::string_view data);

// One gzip member, nothing after it, at most `max_output` bytes out. Errors: kGzipTruncated,
// kGzipCorrupt (also for output beyond max_output and trailing bytes), with the offset in the message.
core::Result<std::string> GzipDecompress(std::string_view gz, std::size_t max_output);

}  // namespace bulwark::trail
