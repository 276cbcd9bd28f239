#include "sigv4/credential_scope.h"

#include <array>

#include "sigv4/errors.h"

namespace bulwark::sigv4 {

std::string CredentialScope::ToString() const {
  std::string out;
  out.reserve(date.size() + region.size() + service.size() + kScopeTerminator.size() + 3);
  out.append(date).append("/").append(region).append("/").append(service).append("/").append(
      kScopeTerminator);
  return out;
}

core::Result<Credential> ParseCredential(std::string_view text) {
  std::array<std::string_view, 5> parts;
  std::size_t count = 0;
  std::size_t start = 0;
  while (true) {
    const std::size_t slash = text.find('/', start);
    const std::string_view part =
        text.substr(start, slash == std::string_view::npos ? text.npos : slash - start);
    if (count == parts.size()) {
      count = parts.size() + 1;  // Too many; the message below reports it.
      break;
    }
    parts[count++] = part;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  if (count != parts.size() || parts[0].empty()) {
    // AWS's wording for this case.
    return core::Error{kIncompleteSignature,
                       "Credential must have exactly 5 slash-delimited elements, e.g. "
                       "keyid/date/region/service/term, got '" +
                           std::string(text) + "'"};
  }
  Credential credential;
  credential.access_key_id = std::string(parts[0]);
  credential.scope.date = std::string(parts[1]);
  credential.scope.region = std::string(parts[2]);
  credential.scope.service = std::string(parts[3]);
  credential.terminator = std::string(parts[4]);
  return credential;
}

}  // namespace bulwark::sigv4
