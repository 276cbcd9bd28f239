#include "sigv4/query_params.h"

#include "core/form_encoding.h"

namespace bulwark::sigv4 {

core::Result<std::vector<QueryParam>> ParseQuery(std::string_view raw_query, const Limits& limits) {
  // The same decoder the handlers read their parameters through (core/form_encoding.h), so the
  // canonical request is built from exactly the values that will run.
  auto pairs = core::DecodeForm(raw_query, core::FormLimits{limits.max_query_bytes, limits.max_query_params});
  if (!pairs.ok()) return pairs.error();
  std::vector<QueryParam> params;
  params.reserve(pairs->size());
  for (auto& pair : *pairs) params.push_back(QueryParam{std::move(pair.name), std::move(pair.value)});
  return params;
}

}  // namespace bulwark::sigv4
