// Fuzzes the parsers of the credential code: base32 seeds (decode, then the round trip must give the
// same bytes back), stored argon2id strings (parameters must stay within the cost limits, so a
// tampered row can never make a verification allocate more), password parameters (UTF-8 decoding
// and the policy checks) and TOTP codes. Any input must parse or fail cleanly.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "crypto/base32.h"
#include "crypto/password_hash.h"
#include "crypto/totp.h"
#include "iam/password_policy.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto decoded = bulwark::crypto::Base32Decode(text);
  if (decoded.ok()) {
    auto again = bulwark::crypto::Base32Decode(bulwark::crypto::Base32Encode(*decoded));
    if (!again.ok() || *again != *decoded) std::abort();
  }
  auto parameters = bulwark::crypto::ParsePasswordHashParameters(text);
  if (parameters.ok() && (parameters->memory_kib > bulwark::crypto::kMaxArgon2MemoryKib ||
                          parameters->iterations > bulwark::crypto::kMaxArgon2Iterations ||
                          parameters->parallelism > bulwark::crypto::kMaxArgon2Parallelism)) {
    std::abort();
  }
  if (bulwark::iam::ValidatePasswordParameter("password", text).ok()) {
    (void)bulwark::iam::CheckPasswordAgainstPolicy(std::nullopt, text);
    (void)bulwark::iam::CheckPasswordAgainstPolicy(bulwark::iam::PasswordPolicy{}, text);
  }
  bulwark::crypto::TotpCheck check;
  check.unix_seconds = 1111111111;
  (void)bulwark::crypto::VerifyTotp("12345678901234567890", text, check);
  return 0;
}
