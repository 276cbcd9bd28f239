#include "kms/key_cache.h"

#include "crypto/cleanse.h"

namespace bulwark::kms {

namespace {

std::string MaterialName(std::string_view key_arn, int64_t version) {
  return std::string(key_arn) + "#" + std::to_string(version);
}

}  // namespace

UnsealedMaterial::~UnsealedMaterial() { crypto::Cleanse(material_); }

KeyCache::KeyCache(std::size_t capacity, std::shared_ptr<const core::CredentialEpoch> epoch)
    : capacity_(capacity), epoch_(std::move(epoch)) {}

template <typename T>
std::shared_ptr<const T> KeyCache::FindLocked(Lru<T>& lru, std::string_view name, uint64_t current) {
  auto found = lru.index.find(name);
  if (found == lru.index.end()) return nullptr;
  auto it = found->second;
  if (it->epoch != current) {
    lru.index.erase(found);
    lru.entries.erase(it);
    return nullptr;
  }
  lru.entries.splice(lru.entries.begin(), lru.entries, it);
  return it->value;
}

template <typename T>
void KeyCache::InsertLocked(Lru<T>& lru, std::string name, std::shared_ptr<const T> value, uint64_t epoch) {
  if (auto found = lru.index.find(name); found != lru.index.end()) {
    auto it = found->second;
    lru.index.erase(found);
    lru.entries.erase(it);
  }
  lru.entries.push_front(typename Lru<T>::Entry{std::move(name), std::move(value), epoch});
  lru.index.emplace(std::string_view(lru.entries.front().name), lru.entries.begin());
  while (lru.entries.size() > capacity_) {
    lru.index.erase(std::string_view(lru.entries.back().name));
    lru.entries.pop_back();
  }
}

std::shared_ptr<const KeyAuthorizationData> KeyCache::FindKey(std::string_view key_arn) {
  if (capacity_ == 0) return nullptr;
  const uint64_t current = epoch_->Current();
  std::lock_guard lock(mutex_);
  return FindLocked(keys_, key_arn, current);
}

void KeyCache::InsertKey(std::shared_ptr<const KeyAuthorizationData> data, uint64_t epoch_before_read) {
  if (capacity_ == 0 || data == nullptr) return;
  std::string name = data->key.arn;
  std::lock_guard lock(mutex_);
  if (epoch_before_read != epoch_->Current()) return;
  InsertLocked(keys_, std::move(name), std::move(data), epoch_before_read);
}

std::shared_ptr<const UnsealedMaterial> KeyCache::FindMaterial(std::string_view key_arn, int64_t version) {
  if (capacity_ == 0) return nullptr;
  const std::string name = MaterialName(key_arn, version);
  const uint64_t current = epoch_->Current();
  std::lock_guard lock(mutex_);
  return FindLocked(materials_, name, current);
}

void KeyCache::InsertMaterial(std::string_view key_arn, int64_t version,
                              std::shared_ptr<const UnsealedMaterial> material, uint64_t epoch_before_read) {
  if (capacity_ == 0 || material == nullptr) return;
  std::string name = MaterialName(key_arn, version);
  std::lock_guard lock(mutex_);
  if (epoch_before_read != epoch_->Current()) return;
  InsertLocked(materials_, std::move(name), std::move(material), epoch_before_read);
}

std::size_t KeyCache::key_count() const {
  std::lock_guard lock(mutex_);
  return keys_.entries.size();
}

std::size_t KeyCache::material_count() const {
  std::lock_guard lock(mutex_);
  return materials_.entries.size();
}

}  // namespace bulwark::kms
