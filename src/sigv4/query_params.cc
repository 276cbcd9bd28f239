#include "sigv4/query_params.h"

#include "sigv4/errors.h"
#include "sigv4/uri_encoding.h"

namespace bulwark::sigv4 {

core::Result<std::vector<QueryParam>> ParseQuery(std::string_view raw_query, const Limits& limits) {
  if (raw_query.size() > limits.max_query_bytes) {
    return core::Error{kRequestEntityTooLarge, "The query string is too long."};
  }
  std::vector<QueryParam> params;
  std::size_t start = 0;
  while (start < raw_query.size()) {
    std::size_t end = raw_query.find('&', start);
    if (end == std::string_view::npos) end = raw_query.size();
    const std::string_view piece = raw_query.substr(start, end - start);
    start = end + 1;
    if (piece.empty()) continue;
    if (params.size() == limits.max_query_params) {
      return core::Error{kRequestEntityTooLarge, "The query string has too many parameters."};
    }
    const std::size_t equals = piece.find('=');
    QueryParam param;
    param.name = UriDecode(piece.substr(0, equals));
    if (equals != std::string_view::npos) param.value = UriDecode(piece.substr(equals + 1));
    params.push_back(std::move(param));
  }
  return params;
}

}  // namespace bulwark::sigv4
