#include "server/uuid_generator.h"

#include <cstdlib>
#include <cstring>

#include "crypto/random.h"

namespace bulwark::server {

namespace {

std::string Format(const std::array<uint8_t, 16>& b) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[b[i] >> 4];
    out += kHex[b[i] & 0xF];
  }
  return out;
}

}  // namespace

std::string FormatUuidV4(const std::array<uint8_t, 16>& random) {
  std::array<uint8_t, 16> b = random;
  b[6] = static_cast<uint8_t>((b[6] & 0x0F) | 0x40);
  b[8] = static_cast<uint8_t>((b[8] & 0x3F) | 0x80);
  return Format(b);
}

std::string FormatUuidV7(int64_t unix_ms, const std::array<uint8_t, 16>& random) {
  std::array<uint8_t, 16> b = random;
  const uint64_t ms = static_cast<uint64_t>(unix_ms);
  for (int i = 0; i < 6; ++i) b[i] = static_cast<uint8_t>(ms >> (8 * (5 - i)));
  b[6] = static_cast<uint8_t>((b[6] & 0x0F) | 0x70);
  b[8] = static_cast<uint8_t>((b[8] & 0x3F) | 0x80);
  return Format(b);
}

UuidGenerator::UuidGenerator(std::function<int64_t()> unix_ms) : unix_ms_(std::move(unix_ms)) {}

std::array<uint8_t, 16> UuidGenerator::NextRandom() {
  std::array<uint8_t, 16> out;
  std::lock_guard lock(mutex_);
  if (used_ == block_.size()) {
    // Ids must never repeat: without randomness the server cannot run safely.
    if (!crypto::FillRandom(block_.data(), block_.size()).ok()) std::abort();
    used_ = 0;
  }
  std::memcpy(out.data(), block_.data() + used_, out.size());
  used_ += out.size();
  return out;
}

std::string UuidGenerator::NewV4() { return FormatUuidV4(NextRandom()); }

std::string UuidGenerator::NewV7() { return FormatUuidV7(unix_ms_(), NextRandom()); }

}  // namespace bulwark::server
