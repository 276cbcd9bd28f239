#include "sigv4/http_request.h"

#include "crypto/digest.h"

namespace bulwark::sigv4 {

namespace {

char LowerAscii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

}  // namespace

std::string ToLowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = LowerAscii(c);
  return out;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (LowerAscii(a[i]) != LowerAscii(b[i])) return false;
  }
  return true;
}

std::vector<std::string_view> HeaderValues(const HttpRequest& request, std::string_view name) {
  std::vector<std::string_view> values;
  for (const HeaderField& header : request.headers) {
    if (EqualsIgnoreCase(header.name, name)) values.emplace_back(header.value);
  }
  return values;
}

std::string PayloadHash(const HttpRequest& request) {
  if (request.payload_hash) return *request.payload_hash;
  return crypto::Sha256Hex(request.body);
}

}  // namespace bulwark::sigv4
