#include "policy/string_index.h"

#include <algorithm>

namespace bulwark::policy {

uint64_t HashKey(std::string_view key) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : key) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

void StringIndex::Add(const std::string& key, uint32_t value) {
  for (auto& e : entries_) {
    if (e.key == key) {
      if (std::find(e.values.begin(), e.values.end(), value) == e.values.end()) e.values.push_back(value);
      return;
    }
  }
  entries_.push_back(Entry{key, {value}});
}

void StringIndex::Build() {
  if (entries_.empty()) return;
  std::size_t capacity = 4;
  while (capacity < entries_.size() * 2) capacity *= 2;  // Load factor at most 1/2.
  slots_.assign(capacity, Slot{});
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    std::sort(entries_[i].values.begin(), entries_[i].values.end());
    const uint64_t h = HashKey(entries_[i].key);
    std::size_t slot = h & (capacity - 1);
    while (slots_[slot].entry >= 0) slot = (slot + 1) & (capacity - 1);
    slots_[slot] = Slot{h, static_cast<int32_t>(i)};
  }
}

}  // namespace bulwark::policy
