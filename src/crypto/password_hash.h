// Password hashing with argon2id (RFC 9106) through libargon2, in the PHC encoded-string form
// `$argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt b64>$<hash b64>` so each stored hash carries its
// own parameters and can be re-hashed when the defaults are raised.
//
// Default parameters: m = 19 MiB, t = 2, p = 1, OWASP's Password Storage Cheat Sheet first argon2id
// configuration (equivalent in cost to its 46 MiB/t=1 and 12 MiB/t=3 rows). Why not RFC 9106's "first
// recommended" 2 GiB/t=1: a control plane verifies console passwords on request threads shared with API
// traffic, and 2 GiB per concurrent sign-in would let a handful of guesses exhaust memory; 19 MiB with
// p=1 keeps a verification around 20-40 ms on one core while staying memory-hard against GPU cracking.
// Parameters are injectable (tests use the minimum so they run fast).
//
// Verification (argon2id_verify) compares the derived hash in constant time. A stored string whose
// parameters exceed the k*Max* limits is refused before hashing, so a tampered row cannot make a
// verification allocate gigabytes.
// Thread-safety: pure functions (randomness from OpenSSL's DRBG unless the salt is given).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace bulwark::crypto {

struct Argon2Parameters {
  uint32_t memory_kib = 19 * 1024;
  uint32_t iterations = 2;
  uint32_t parallelism = 1;
};

inline constexpr std::size_t kArgon2SaltBytes = 16;
inline constexpr std::size_t kArgon2HashBytes = 32;
// IAM passwords are at most 128 characters from U+0009..U+00FF, so at most 256 bytes in UTF-8;
// the limit leaves room without letting a request hash megabytes.
inline constexpr std::size_t kMaxPasswordBytes = 1024;
inline constexpr uint32_t kMaxArgon2MemoryKib = 256 * 1024;
inline constexpr uint32_t kMaxArgon2Iterations = 16;
inline constexpr uint32_t kMaxArgon2Parallelism = 8;
inline constexpr std::size_t kMaxEncodedPasswordHash = 256;

// Hashes with a fresh 16-byte salt. Errors: InvalidParameterValue for a password beyond
// kMaxPasswordBytes or parameters outside libargon2's or our limits; InternalFailure if the DRBG or
// libargon2 fails.
core::Result<std::string> HashPassword(std::string_view password, const Argon2Parameters& parameters = {});

// As HashPassword with a caller-chosen salt (at least 8 bytes, libargon2's minimum): for tests and
// known-answer vectors only; production code uses HashPassword.
core::Result<std::string> HashPasswordWithSalt(std::string_view password, std::string_view salt,
                                               const Argon2Parameters& parameters);

// True when `password` matches `encoded`, false when it does not. Errors: InvalidParameterValue when
// `encoded` is not an argon2id string within the limits above (a corrupt or tampered row), or the
// password is beyond kMaxPasswordBytes; InternalFailure if libargon2 fails otherwise.
core::Result<bool> VerifyPassword(std::string_view password, std::string_view encoded);

// The parameters recorded in an encoded argon2id string. Same errors as VerifyPassword's for `encoded`.
core::Result<Argon2Parameters> ParsePasswordHashParameters(std::string_view encoded);

// True when `encoded` was made with weaker parameters than `current` (or cannot be parsed), so the
// caller should re-hash the password after a successful verification.
bool PasswordHashNeedsRehash(std::string_view encoded, const Argon2Parameters& current);

}  // namespace bulwark::crypto
