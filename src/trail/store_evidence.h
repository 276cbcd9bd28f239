// The trail's evidence as the store holds it: digests (body and signature) from trail_digests, log
// files rebuilt byte for byte from trail_events, reference hashes from the hash column, keys from
// trail_keys. VerifyStoredTrail runs VerifyTrail over them and also checks every stored record row
// on its own (sequence gaps, hash of its content, link to its predecessor), which covers records not
// sealed yet and names damaged rows precisely.
// Thread-safety: functions over one read view (one consistent snapshot).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/store.h"
#include "trail/digest_file.h"
#include "trail/trail_verifier.h"

namespace bulwark::trail {

struct StoredDigest {
  std::string s3_object;
  std::string body;
  std::string signature_hex;
  DigestFile digest;
};

// Every stored digest, oldest first.
core::Result<std::vector<StoredDigest>> LoadStoredDigests(store::ReadView& view);

// The log file body and chain hashes of records [first, last] as stored now.
core::Result<LogArtifact> RebuildLogFile(store::ReadView& view, int64_t first_sequence, int64_t last_sequence);

// All keys, whatever their window.
core::Result<std::vector<TrailPublicKey>> AllTrailPublicKeys(store::ReadView& view);

core::Result<VerifyReport> VerifyStoredTrail(store::ReadView& view, const std::vector<std::string>& pinned_fingerprints);

// Row-level chain check, fed rows in sequence order (pure; two passes only when a link is broken).
class StoredChainChecker {
 public:
  void Add(int64_t seq, std::string_view record, std::string_view prev_hash, std::string_view hash);
  // `lookup` is called with each unexplained prev_hash; it returns the seq whose hash it is, or 0.
  std::vector<Finding> Finish(const std::function<int64_t(const std::string&)>& lookup);
  int64_t last_sequence() const { return last_seq_; }

 private:
  std::vector<Finding> findings_;
  std::vector<std::pair<int64_t, std::string>> broken_links_;
  int64_t last_seq_ = 0;
  std::string last_hash_{std::string(64, '0')};
};

}  // namespace bulwark::trail
