#include "server/trail_sealer.h"

#include <algorithm>

#include "crypto/cleanse.h"

namespace bulwark::server {

namespace {
constexpr int kMaxAttempts = 5;
}  // namespace

TrailSealer::TrailSealer(std::shared_ptr<store::Store> store, std::string master_key, trail::SealOptions options,
                         std::chrono::seconds interval, std::function<int64_t()> clock, std::ostream& log)
    : store_(std::move(store)), master_key_(std::move(master_key)), options_(std::move(options)),
      interval_(std::max(interval, kMinSealInterval)), clock_(std::move(clock)), log_(log) {}

TrailSealer::~TrailSealer() {
  Stop();
  crypto::Cleanse(master_key_);
}

core::Status TrailSealer::SealNow() {
  int attempts = 0;
  while (true) {
    auto sealed = trail::SealTrail(*store_, master_key_, options_, clock_());
    if (!sealed.ok()) {
      if (sealed.error().code == store::kErrorConflict && ++attempts < kMaxAttempts) continue;
      std::lock_guard lock(mutex_);
      log_ << "bulwark: TRAIL SEAL FAILED (" << sealed.error().code << "): " << sealed.error().message << std::endl;
      return sealed.error();
    }
    {
      std::lock_guard lock(mutex_);
      log_ << "bulwark: sealed " << sealed->records << " trail records in " << sealed->log_files
           << " log files, digest " << sealed->digest_s3_object << std::endl;
    }
    if (!sealed->more_pending) return {};
  }
}

void TrailSealer::Start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable() || stopped_) return;
  thread_ = std::thread([this] { Run(); });
}

void TrailSealer::Run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (wake_.wait_for(lock, interval_, [this] { return stopping_; })) break;
    lock.unlock();
    (void)SealNow();  // Logged inside; the next tick retries.
    lock.lock();
  }
}

void TrailSealer::Stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopped_) return;
    stopped_ = true;
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  (void)SealNow();  // The final seal of a clean shutdown; logged inside.
}

}  // namespace bulwark::server
