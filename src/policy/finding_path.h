// A finding's JSON path ("Statement[0].Condition.StringEquals.aws:SourceIp[1]") as IAM Access
// Analyzer's location path: one element per object key ("value") and array index ("index"). Under
// Condition, the operator is one key and the rest is the condition key, which may itself contain
// dots ("token.actions.githubusercontent.com:sub"). Shared by `bulwark policy validate` and the
// Access Analyzer service so both answer the same path.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace bulwark::policy {

struct PathStep {
  bool is_index = false;
  std::string value;      // The key, when !is_index.
  std::size_t index = 0;  // When is_index.
};

std::vector<PathStep> PathSteps(std::string_view path);

}  // namespace bulwark::policy
