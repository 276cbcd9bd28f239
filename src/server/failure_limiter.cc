#include "server/failure_limiter.h"

#include <algorithm>

namespace bulwark::server {

FailureLimiter::Verdict FailureLimiter::Spend(Bucket& bucket, int64_t now) {
  if (now > bucket.updated) {
    bucket.tokens = std::min(options_.burst, bucket.tokens + static_cast<double>(now - bucket.updated) * options_.per_second);
    bucket.updated = now;
  }
  if (bucket.tokens < 1) {
    ++bucket.left_out;
    return Verdict{false, 0};
  }
  bucket.tokens -= 1;
  Verdict verdict{true, bucket.left_out};
  bucket.left_out = 0;
  return verdict;
}

FailureLimiter::Verdict FailureLimiter::Admit(std::string_view source, int64_t now) {
  std::lock_guard lock(mu_);
  auto it = buckets_.find(std::string(source));
  if (it != buckets_.end()) {
    lru_.splice(lru_.begin(), lru_, it->second.lru);
    return Spend(it->second, now);
  }
  if (buckets_.size() >= options_.max_sources) {
    // Evict the least recently seen source only when its bucket has refilled: forgetting it then
    // loses nothing. Otherwise the newcomer shares the overflow bucket.
    const std::string& oldest = lru_.back();
    Bucket& victim = buckets_.at(oldest);
    const double refilled = victim.tokens + static_cast<double>(now - victim.updated) * options_.per_second;
    if (refilled < options_.burst || victim.left_out != 0) {
      if (!overflow_started_) {
        overflow_ = Bucket{options_.burst, now, {}};
        overflow_started_ = true;
      }
      return Spend(overflow_, now);
    }
    buckets_.erase(oldest);
    lru_.pop_back();
  }
  lru_.push_front(std::string(source));
  Bucket bucket{options_.burst, now, lru_.begin(), 0};
  const Verdict verdict = Spend(bucket, now);
  buckets_.emplace(std::string(source), bucket);
  return verdict;
}

}  // namespace bulwark::server
