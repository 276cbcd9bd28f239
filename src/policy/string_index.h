// A small immutable hash index from strings to lists of statement positions, probed with a hash
// the caller computes once per request, so looking the same action up in many policies hashes it
// once. Open addressing with linear probing; built at compile time, read-only afterwards.
// Thread-safety: immutable after Build(); safe to share.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bulwark::policy {

uint64_t HashKey(std::string_view key);  // FNV-1a, 64-bit.

class StringIndex {
 public:
  void Add(const std::string& key, uint32_t value);
  void Build();  // Call once after the last Add.

  // The values added under `key` (in insertion order), or nullptr.
  const std::vector<uint32_t>* Find(std::string_view key, uint64_t hash) const {
    if (slots_.empty()) return nullptr;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if (s.entry < 0) return nullptr;
      const Entry& e = entries_[static_cast<std::size_t>(s.entry)];
      if (s.hash == hash && e.key == key) return &e.values;
    }
  }
  bool empty() const { return entries_.empty(); }

 private:
  struct Entry {
    std::string key;
    std::vector<uint32_t> values;
  };
  struct Slot {
    uint64_t hash = 0;
    int32_t entry = -1;
  };
  std::vector<Entry> entries_;
  std::vector<Slot> slots_;
};

}  // namespace bulwark::policy
