// Seals the trail while the server runs: once at start (so records left by a crash are sealed before
// anything new is served), every `interval` (hourly by default, at least a minute), and once more on
// clean shutdown. A seal that fails is logged with its reason (never a secret) and retried at the next
// tick; a failure at start is returned so the server refuses to serve.
// Thread-safety: SealNow may be called from any thread; Start/Stop from the owning thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>

#include "core/result.h"
#include "store/store.h"
#include "trail/trail_sealing.h"

namespace bulwark::server {

inline constexpr std::chrono::seconds kMinSealInterval{60};
inline constexpr std::chrono::seconds kDefaultSealInterval{3600};

class TrailSealer {
 public:
  TrailSealer(std::shared_ptr<store::Store> store, std::string master_key, trail::SealOptions options,
              std::chrono::seconds interval, std::function<int64_t()> clock, std::ostream& log);
  ~TrailSealer();
  TrailSealer(const TrailSealer&) = delete;
  TrailSealer& operator=(const TrailSealer&) = delete;

  // Seals everything appended so far (several digests when the backlog is large). Retries a seal that
  // lost a race with a key rotation. Errors: the seal's.
  core::Status SealNow();
  // Starts the periodic thread.
  void Start();
  // Stops the thread and seals one last time. Idempotent.
  void Stop();

 private:
  void Run();

  std::shared_ptr<store::Store> store_;
  std::string master_key_;
  trail::SealOptions options_;
  std::chrono::seconds interval_;
  std::function<int64_t()> clock_;
  std::ostream& log_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool stopped_ = false;
  std::thread thread_;
};

}  // namespace bulwark::server
