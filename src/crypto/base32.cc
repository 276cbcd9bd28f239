#include "crypto/base32.h"

#include <array>
#include <cstdint>

namespace bulwark::crypto {
namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr int8_t kInvalid = -1;

constexpr std::array<int8_t, 256> MakeDecodeTable() {
  std::array<int8_t, 256> table{};
  for (auto& v : table) v = kInvalid;
  for (std::size_t i = 0; i < kAlphabet.size(); ++i) {
    const auto c = static_cast<unsigned char>(kAlphabet[i]);
    table[c] = static_cast<int8_t>(i);
    if (c >= 'A' && c <= 'Z') table[c - 'A' + 'a'] = static_cast<int8_t>(i);
  }
  return table;
}
constexpr std::array<int8_t, 256> kDecode = MakeDecodeTable();

core::Error Invalid(std::string_view why) {
  return core::Error{"InvalidParameterValue", "Invalid base32 text: " + std::string(why) + "."};
}

}  // namespace

std::string Base32Encode(std::string_view bytes, bool pad) {
  std::string out;
  out.reserve((bytes.size() + 4) / 5 * 8);
  uint32_t buffer = 0;
  int bits = 0;
  for (const char c : bytes) {
    buffer = (buffer << 8) | static_cast<unsigned char>(c);
    bits += 8;
    while (bits >= 5) {
      out.push_back(kAlphabet[(buffer >> (bits - 5)) & 0x1f]);
      bits -= 5;
    }
    buffer &= (1u << bits) - 1;  // Keep only the bits not yet emitted.
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (5 - bits)) & 0x1f]);
  if (pad) {
    while (out.size() % 8 != 0) out.push_back('=');
  }
  return out;
}

core::Result<std::string> Base32Decode(std::string_view text) {
  if (text.size() > kMaxBase32Input) return Invalid("too long");
  std::size_t end = text.size();
  while (end > 0 && text[end - 1] == '=') --end;
  if (end != text.size() && text.size() % 8 != 0) return Invalid("padding to a multiple of 8 characters");
  // A final group of 8 characters carries 1..5 bytes with 2, 4, 5 or 7 data characters; 1, 3 and 6
  // characters cannot be produced by an encoder (RFC 4648 section 6, final quantum).
  const std::size_t tail = end % 8;
  if (tail == 1 || tail == 3 || tail == 6) return Invalid("impossible length");
  // At most 6 '=' (a final quantum of 8 bits); more is not padding of anything.
  if (text.size() - end > 6) return Invalid("too much padding");
  std::string out;
  out.reserve(end * 5 / 8);
  uint32_t buffer = 0;
  int bits = 0;
  for (std::size_t i = 0; i < end; ++i) {
    const int8_t v = kDecode[static_cast<unsigned char>(text[i])];
    if (v == kInvalid) return Invalid("character outside the alphabet");
    buffer = (buffer << 5) | static_cast<uint32_t>(v);
    bits += 5;
    if (bits >= 8) {
      out.push_back(static_cast<char>((buffer >> (bits - 8)) & 0xff));
      bits -= 8;
      buffer &= (1u << bits) - 1;
    }
  }
  if (buffer != 0) return Invalid("non-zero trailing bits");
  return out;
}

}  // namespace bulwark::crypto
