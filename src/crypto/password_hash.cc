#include "crypto/password_hash.h"

#include <argon2.h>

#include <charconv>
#include <vector>

#include "crypto/random.h"

namespace bulwark::crypto {
namespace {

constexpr std::string_view kPrefix = "$argon2id$v=19$";

core::Error InvalidInput(std::string message) { return core::Error{"InvalidParameterValue", std::move(message)}; }

core::Status CheckParameters(const Argon2Parameters& p) {
  if (p.iterations < ARGON2_MIN_TIME || p.iterations > kMaxArgon2Iterations || p.parallelism < ARGON2_MIN_LANES ||
      p.parallelism > kMaxArgon2Parallelism || p.memory_kib < 8 * p.parallelism ||
      p.memory_kib > kMaxArgon2MemoryKib) {
    return InvalidInput("argon2id parameters out of range.");
  }
  return core::Status::Ok();
}

// Reads "<key>=<decimal>" at the front of `text` and advances past it.
bool ReadField(std::string_view& text, std::string_view key, uint32_t* value) {
  if (text.substr(0, key.size()) != key || text.size() <= key.size() || text[key.size()] != '=') return false;
  text.remove_prefix(key.size() + 1);
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), *value);
  if (ec != std::errc() || ptr == text.data()) return false;
  text.remove_prefix(static_cast<std::size_t>(ptr - text.data()));
  return true;
}

}  // namespace

core::Result<std::string> HashPasswordWithSalt(std::string_view password, std::string_view salt,
                                               const Argon2Parameters& parameters) {
  if (password.size() > kMaxPasswordBytes) return InvalidInput("The password is too long.");
  if (salt.size() < ARGON2_MIN_SALT_LENGTH || salt.size() > 64) return InvalidInput("The salt length is invalid.");
  if (core::Status status = CheckParameters(parameters); !status.ok()) return status.error();
  const std::size_t length = argon2_encodedlen(parameters.iterations, parameters.memory_kib, parameters.parallelism,
                                               static_cast<uint32_t>(salt.size()), kArgon2HashBytes, Argon2_id);
  std::vector<char> encoded(length + 1, '\0');
  // libargon2 rejects a null password pointer even with length 0 in some builds; use a valid address.
  static constexpr char kEmpty = 0;
  const void* password_data = password.empty() ? &kEmpty : static_cast<const void*>(password.data());
  const int rc = argon2id_hash_encoded(parameters.iterations, parameters.memory_kib, parameters.parallelism,
                                       password_data, password.size(), salt.data(), salt.size(),
                                       kArgon2HashBytes, encoded.data(), encoded.size());
  if (rc != ARGON2_OK) {
    return core::Error{"InternalFailure", std::string("argon2id failed: ") + argon2_error_message(rc)};
  }
  return std::string(encoded.data());
}

core::Result<std::string> HashPassword(std::string_view password, const Argon2Parameters& parameters) {
  auto salt = RandomBytes(kArgon2SaltBytes);
  if (!salt.ok()) return salt.error();
  return HashPasswordWithSalt(password, *salt, parameters);
}

core::Result<Argon2Parameters> ParsePasswordHashParameters(std::string_view encoded) {
  const auto invalid = [] { return InvalidInput("The stored password hash is not a valid argon2id string."); };
  if (encoded.size() > kMaxEncodedPasswordHash || encoded.substr(0, kPrefix.size()) != kPrefix) return invalid();
  std::string_view rest = encoded.substr(kPrefix.size());
  Argon2Parameters p;
  if (!ReadField(rest, "m", &p.memory_kib) || rest.empty() || rest[0] != ',') return invalid();
  rest.remove_prefix(1);
  if (!ReadField(rest, "t", &p.iterations) || rest.empty() || rest[0] != ',') return invalid();
  rest.remove_prefix(1);
  if (!ReadField(rest, "p", &p.parallelism) || rest.empty() || rest[0] != '$') return invalid();
  if (!CheckParameters(p).ok()) return invalid();
  return p;
}

core::Result<bool> VerifyPassword(std::string_view password, std::string_view encoded) {
  if (password.size() > kMaxPasswordBytes) return InvalidInput("The password is too long.");
  auto parameters = ParsePasswordHashParameters(encoded);
  if (!parameters.ok()) return parameters.error();
  const std::string terminated(encoded);  // libargon2 wants a C string.
  static constexpr char kEmpty = 0;
  const void* password_data = password.empty() ? &kEmpty : static_cast<const void*>(password.data());
  const int rc = argon2id_verify(terminated.c_str(), password_data, password.size());
  if (rc == ARGON2_OK) return true;
  if (rc == ARGON2_VERIFY_MISMATCH) return false;
  if (rc == ARGON2_DECODING_FAIL || rc == ARGON2_SALT_TOO_SHORT || rc == ARGON2_OUTPUT_TOO_SHORT) {
    return InvalidInput("The stored password hash is not a valid argon2id string.");
  }
  return core::Error{"InternalFailure", std::string("argon2id failed: ") + argon2_error_message(rc)};
}

bool PasswordHashNeedsRehash(std::string_view encoded, const Argon2Parameters& current) {
  auto stored = ParsePasswordHashParameters(encoded);
  if (!stored.ok()) return true;
  return stored->memory_kib < current.memory_kib || stored->iterations < current.iterations ||
         stored->parallelism != current.parallelism;
}

}  // namespace bulwark::crypto
