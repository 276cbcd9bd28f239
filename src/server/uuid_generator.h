// UUIDs for request ids (version 4, random) and CloudTrail event ids (version 7: a millisecond
// timestamp then random bits, RFC 9562 section 5.7). Event ids are time-ordered so the trail's
// unique index on them grows at its right edge: random (v4) ids dirty a random index page per
// record, which multiplied the pages every group commit writes and fsyncs. Both kinds are valid
// UUIDs with at least 74 random bits; CloudTrail documents eventID only as a GUID.
//
// Random bytes come from the OpenSSL DRBG in blocks (one RAND_bytes call per 256 ids instead of
// one per id); the formatting functions are pure and take their bytes as arguments.
// Thread-safety: UuidGenerator is safe to call concurrently (an internal mutex around the block).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>

namespace bulwark::server {

// "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx" from 16 random bytes (version and variant bits set).
std::string FormatUuidV4(const std::array<uint8_t, 16>& random);
// Version 7: 48-bit big-endian Unix milliseconds, then 74 random bits from `random`.
std::string FormatUuidV7(int64_t unix_ms, const std::array<uint8_t, 16>& random);

class UuidGenerator {
 public:
  // `unix_ms` is the clock for version 7 ids.
  explicit UuidGenerator(std::function<int64_t()> unix_ms);

  std::string NewV4();
  std::string NewV7();

 private:
  std::array<uint8_t, 16> NextRandom();

  std::function<int64_t()> unix_ms_;
  std::mutex mutex_;
  std::array<uint8_t, 16 * 256> block_{};
  std::size_t used_ = sizeof(block_);  // Empty until first use.
};

}  // namespace bulwark::server
