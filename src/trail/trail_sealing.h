// Sealing: the records appended since the last seal become CloudTrail log files, listed in a digest
// file signed with the current trail key and linked to the previous digest (docs/trail_format.md).
//
// The work happens outside the store's writer: a snapshot read gathers the last digest, the new
// records and the key; hashing and signing follow; one short write inserts the digest only if no
// other seal got there first and the key is still current (otherwise the caller retries).
// A seal checks every new record against the chain before signing it and refuses to seal a damaged
// trail: a signature must never launder tampering.
// Log files are not stored: their bodies are the stored record texts joined as
// {"Records":[...]}, so they are rebuilt byte for byte from trail_events (store_evidence.h).
// Thread-safety: SealTrail may be called from any thread; concurrent calls serialise on the store.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.h"
#include "store/store.h"
#include "trail/trail_keys.h"

namespace bulwark::trail {

struct SealOptions {
  std::string account_id;
  std::string region;
  std::string trail_name = "bulwark";
  std::string s3_bucket = "bulwark-trail";  // names the bucket an export would be copied to
  std::size_t max_records_per_file = 5000;
  std::size_t max_records_per_seal = 200000;  // a larger backlog is sealed in several digests
  int64_t key_validity_seconds = kDefaultKeyValiditySeconds;
};

struct SealOutcome {
  std::string digest_s3_object;
  int64_t digest_end = 0;
  int64_t records = 0;
  int64_t log_files = 0;
  bool more_pending = false;  // the backlog exceeded max_records_per_seal: seal again
};

// Errors: the store's (ServiceUnavailable when it cannot write), InternalFailure for a key that does
// not unseal, TrailDamaged when the records to seal do not continue the chain.
core::Result<SealOutcome> SealTrail(store::Store& store, const std::string& master_key, const SealOptions& options,
                                    int64_t now);

// Replaces the current key with a new one (bulwark trail rotate-key). Returns the new fingerprint.
core::Result<std::string> RotateTrailKeyNow(store::Store& store, const std::string& master_key, int64_t now,
                                            int64_t validity_seconds = kDefaultKeyValiditySeconds);

}  // namespace bulwark::trail
