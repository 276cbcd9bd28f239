// A small immutable hash index from strings to dense entry numbers, probed with a hash the caller
// computes once per request, so looking the same action up in many policies hashes it once. Open
// addressing with linear probing; built at compile time, read-only afterwards.
// Thread-safety: immutable after Build(); safe to share.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bulwark::policy {

// FNV-1a, 64-bit: HashKey(s) is HashStep applied to each byte from HashKey("").
inline uint64_t HashStep(uint64_t h, char c) {
  return (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
}
inline uint64_t HashKey(std::string_view key) {
  uint64_t h = 1469598103934665603ull;
  for (char c : key) h = HashStep(h, c);
  return h;
}

class StringIndex {
 public:
  // Returns the entry number of `key`, adding it when new (numbers are dense, from 0).
  uint32_t Add(std::string_view key);
  void Build();  // Call once after the last Add.

  // The entry number of `key` (whose HashKey is `hash`), or -1.
  int32_t Find(std::string_view key, uint64_t hash) const {
    if (slots_.empty()) return -1;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if (s.entry < 0) return -1;
      if (s.hash == hash && keys_[static_cast<std::size_t>(s.entry)] == key) return s.entry;
    }
  }
  std::size_t size() const { return keys_.size(); }
  const std::string& key(std::size_t entry) const { return keys_[entry]; }

 private:
  struct Slot {
    uint64_t hash = 0;
    int32_t entry = -1;
  };
  std::vector<std::string> keys_;
  std::vector<Slot> slots_;
};

}  // namespace bulwark::policy
