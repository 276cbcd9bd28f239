#include "policy/string_index.h"

namespace bulwark::policy {

uint32_t StringIndex::Add(std::string_view key) {
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    if (keys_[i] == key) return static_cast<uint32_t>(i);
  }
  keys_.emplace_back(key);
  return static_cast<uint32_t>(keys_.size() - 1);
}

void StringIndex::Build() {
  slots_.clear();
  if (keys_.empty()) return;
  std::size_t capacity = 4;
  while (capacity < keys_.size() * 2) capacity *= 2;  // Load factor at most 1/2.
  slots_.assign(capacity, Slot{});
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    const uint64_t h = HashKey(keys_[i]);
    std::size_t slot = h & (capacity - 1);
    while (slots_[slot].entry >= 0) slot = (slot + 1) & (capacity - 1);
    slots_[slot] = Slot{h, static_cast<int32_t>(i)};
  }
}

}  // namespace bulwark::policy
