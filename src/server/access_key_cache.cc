#include "server/access_key_cache.h"

#include "crypto/cleanse.h"

namespace bulwark::server {

ResolvedAccessKey::ResolvedAccessKey(AccessKeyRecord key_record, std::string secret)
    : record(std::move(key_record)), secret_access_key(std::move(secret)) {
  record.secret_sealed.clear();
}

ResolvedAccessKey::~ResolvedAccessKey() { crypto::Cleanse(secret_access_key); }

AccessKeyCache::AccessKeyCache(std::size_t capacity, std::shared_ptr<const core::CredentialEpoch> epoch)
    : capacity_(capacity), epoch_(std::move(epoch)) {}

std::shared_ptr<const ResolvedAccessKey> AccessKeyCache::Find(std::string_view access_key_id) {
  const uint64_t current = epoch_->Current();
  std::lock_guard lock(mutex_);
  auto found = index_.find(access_key_id);
  if (found == index_.end()) return nullptr;
  Lru::iterator it = found->second;
  if (it->epoch != current) {
    EraseLocked(it);
    return nullptr;
  }
  entries_.splice(entries_.begin(), entries_, it);
  return it->key;
}

void AccessKeyCache::Insert(std::shared_ptr<const ResolvedAccessKey> key, uint64_t epoch_before_read) {
  if (capacity_ == 0 || key == nullptr) return;
  std::lock_guard lock(mutex_);
  if (epoch_before_read != epoch_->Current()) return;
  auto found = index_.find(key->record.access_key_id);
  if (found != index_.end()) EraseLocked(found->second);
  entries_.push_front(Entry{std::move(key), epoch_before_read});
  index_.emplace(entries_.front().key->record.access_key_id, entries_.begin());
  if (entries_.size() > capacity_) EraseLocked(std::prev(entries_.end()));
}

std::size_t AccessKeyCache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

bool AccessKeyCache::IsLivePrincipal(std::string_view principal_id) {
  const uint64_t current = epoch_->Current();
  std::lock_guard lock(mutex_);
  if (live_epoch_ != current) {
    live_principals_.clear();
    live_epoch_ = current;
    return false;
  }
  return live_principals_.count(std::string(principal_id)) != 0;
}

void AccessKeyCache::InsertLivePrincipal(std::string principal_id, uint64_t epoch_before_read) {
  if (capacity_ == 0 || principal_id.empty()) return;
  std::lock_guard lock(mutex_);
  if (epoch_before_read != epoch_->Current()) return;
  if (live_epoch_ != epoch_before_read) {
    live_principals_.clear();
    live_epoch_ = epoch_before_read;
  }
  if (live_principals_.size() >= capacity_) live_principals_.clear();
  live_principals_.insert(std::move(principal_id));
}

void AccessKeyCache::EraseLocked(Lru::iterator it) {
  index_.erase(std::string_view(it->key->record.access_key_id));
  entries_.erase(it);
}

}  // namespace bulwark::server
