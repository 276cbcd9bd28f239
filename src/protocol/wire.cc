#include "protocol/wire.h"

#include <strings.h>

namespace bulwark::protocol {

std::string_view WireRequest::Path() const {
  std::string_view t = target;
  return t.substr(0, t.find('?'));
}

std::string_view WireRequest::Query() const {
  std::string_view t = target;
  const auto q = t.find('?');
  return q == std::string_view::npos ? std::string_view() : t.substr(q + 1);
}

std::string_view WireRequest::HeaderValue(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (n.size() == name.size() && strncasecmp(n.data(), name.data(), n.size()) == 0) return v;
  }
  return {};
}

bool WireRequest::HasHeader(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (n.size() == name.size() && strncasecmp(n.data(), name.data(), n.size()) == 0) return true;
  }
  return false;
}

}  // namespace bulwark::protocol
