// How many failed authentications each source address may have recorded: a token bucket per
// source (burst, then a steady rate), so a flood of unsigned or badly signed requests cannot grow
// the trail or the store without bound. Failures past the budget are still answered as AWS answers
// them, only not recorded one by one: the next recorded failure of that source carries how many
// were left out, so the trail stays honest about them. Sources beyond `max_sources` share one
// bucket, so the table itself stays bounded too. Only failures spend tokens; an authenticated call
// is never limited.
// Thread-safety: Admit() may be called concurrently (one mutex; the work under it is a hash lookup).
#pragma once

#include <cstdint>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace bulwark::server {

struct FailureLimiterOptions {
  double burst = 20;            // Failures recorded at once before the rate applies.
  double per_second = 1;        // Failures recorded per second after that, per source.
  std::size_t max_sources = 4096;
};

class FailureLimiter {
 public:
  explicit FailureLimiter(FailureLimiterOptions options) : options_(options) {}

  struct Verdict {
    bool record = false;       // Record this failure.
    uint64_t left_out = 0;     // When recording: failures of this source not recorded since the last one.
  };
  // Whether one more failure from `source` may be recorded now (`now`: epoch seconds).
  Verdict Admit(std::string_view source, int64_t now);

 private:
  struct Bucket {
    double tokens = 0;
    int64_t updated = 0;
    std::list<std::string>::iterator lru;
    uint64_t left_out = 0;
  };
  Verdict Spend(Bucket& bucket, int64_t now);

  FailureLimiterOptions options_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
  std::list<std::string> lru_;  // Most recent first.
  Bucket overflow_;             // Shared by sources that did not fit.
  bool overflow_started_ = false;
};

}  // namespace bulwark::server
