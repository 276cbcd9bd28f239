// Cryptographically secure random bytes from OpenSSL's DRBG (RAND_bytes). Code that must be
// reproducible in tests takes a random source as a parameter instead of calling this directly.
// Thread-safety: thread-safe (OpenSSL's DRBG is per-thread).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/result.h"

namespace bulwark::crypto {

inline constexpr std::size_t kMaxRandomBytes = 1024 * 1024;

// Fills `out[0..size)`. InternalFailure when the DRBG cannot produce output or size > kMaxRandomBytes.
core::Status FillRandom(uint8_t* out, std::size_t size);

// `size` random bytes as a string. Same errors as FillRandom.
core::Result<std::string> RandomBytes(std::size_t size);

}  // namespace bulwark::crypto
