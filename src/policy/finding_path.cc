#include "policy/finding_path.h"

#include <optional>
#include <string>

namespace bulwark::policy {

namespace {

// Splits "Name[3]" into a value step and an index step.
void AppendSegment(std::string_view segment, std::vector<PathStep>& out) {
  std::optional<std::size_t> index;
  const auto open = segment.rfind('[');
  if (!segment.empty() && segment.back() == ']' && open != std::string_view::npos &&
      open + 2 < segment.size()) {
    const std::string_view digits = segment.substr(open + 1, segment.size() - open - 2);
    if (digits.find_first_not_of("0123456789") == std::string_view::npos && digits.size() < 10) {
      index = static_cast<std::size_t>(std::stoul(std::string(digits)));
      segment = segment.substr(0, open);
    }
  }
  if (!segment.empty()) out.push_back(PathStep{false, std::string(segment), 0});
  if (index) out.push_back(PathStep{true, {}, *index});
}

}  // namespace

std::vector<PathStep> PathSteps(std::string_view path) {
  std::vector<PathStep> out;
  int condition_stage = 0;  // 1: expecting operator, 2: the rest is the key.
  while (!path.empty()) {
    if (condition_stage == 2) {
      AppendSegment(path, out);
      break;
    }
    const auto dot = path.find('.');
    const std::string_view segment = path.substr(0, dot);
    AppendSegment(segment, out);
    if (condition_stage == 1) {
      condition_stage = 2;
    } else if (segment == "Condition") {
      condition_stage = 1;
    }
    if (dot == std::string_view::npos) break;
    path.remove_prefix(dot + 1);
  }
  return out;
}

}  // namespace bulwark::policy
