// Verifies sealed trail evidence: the chain of signed digest files, the log files they list, every
// record's place in the hash chain, and the public keys that signed them. It reports each problem
// with its kind and where it is, and never stops at the first one.
//
// The verifier does no I/O: the caller gathers the digests (uncompressed bodies and the signature kept
// beside each) and provides a loader for log files, from an exported folder or from the store
// (trail_export.h, seal_store.h).
//
// What is checked:
//   digests   parse; sit where they say they are (digestS3Object); the signature (beside the digest or,
//             for older digests, previousDigestSignature of the next one; both must agree) verifies
//             with the public key whose fingerprint the digest names; that key is known, pinned when
//             pins are given, and valid at digestEndTime; each digest links to its predecessor by
//             object, hash and signature; the first is a starting digest.
//   log files exist; are complete gzip streams; hash to hashValue; their records continue the chain
//             (bulwarkFirstSequence follows the previous file's last, bulwarkPreviousHash is the
//             previous file's bulwarkLastHash) and recompute to bulwarkLastHash.
//   records   each is one JSON object of valid UTF-8 (RFC 8259), also in a file that hashes as signed:
//             a record that was sealed malformed (by a bug or by whoever could write the store) is
//             no CloudTrail record, and tools that parse the file would stop at it or skip it. When a
//             log file does not hash as signed, reference hashes (the store's or an export's chain
//             file) locate the changed, deleted, inserted or reordered record.
//   extras    log files present but listed by no digest.
// Thread-safety: pure function over its input.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bulwark::trail {

// Kinds of finding, stable strings for scripts and tests.
namespace finding {
inline constexpr const char* kDigestUnreadable = "digest-unreadable";
inline constexpr const char* kDigestMoved = "digest-moved";
inline constexpr const char* kDigestMissing = "digest-missing";
inline constexpr const char* kDigestSignatureMissing = "digest-signature-missing";
inline constexpr const char* kDigestSignatureInvalid = "digest-signature-invalid";
inline constexpr const char* kDigestSignatureConflict = "digest-signature-conflict";
inline constexpr const char* kDigestChainBroken = "digest-chain-broken";
inline constexpr const char* kUnknownKey = "key-unknown";
inline constexpr const char* kUnpinnedKey = "key-not-pinned";
inline constexpr const char* kKeyNotValid = "key-outside-validity";
inline constexpr const char* kLogFileMissing = "log-file-missing";
inline constexpr const char* kLogFileTruncated = "log-file-truncated";
inline constexpr const char* kLogFileCorrupt = "log-file-corrupt";
inline constexpr const char* kLogFileHashMismatch = "log-file-hash-mismatch";
inline constexpr const char* kLogFileUnreferenced = "log-file-unreferenced";
inline constexpr const char* kSequenceGap = "sequence-gap";
inline constexpr const char* kChainMismatch = "chain-mismatch";
inline constexpr const char* kRecordChanged = "record-changed";
inline constexpr const char* kRecordDeleted = "record-deleted";
inline constexpr const char* kRecordInserted = "record-inserted";
inline constexpr const char* kRecordsReordered = "records-reordered";
inline constexpr const char* kRecordUnlocated = "record-damage-unlocated";
inline constexpr const char* kRecordNotJson = "record-not-json";
}  // namespace finding

struct Finding {
  std::string kind;    // finding::k...
  std::string where;   // object key, "seq N", ...
  std::string detail;  // human explanation
};

struct TrailPublicKey {
  std::string fingerprint;
  std::string der;  // PKCS#1
  int64_t validity_start = 0;
  int64_t validity_end = 0;
};

struct DigestArtifact {
  std::string s3_object;  // where it was found
  std::optional<std::string> body;  // uncompressed; nullopt when unreadable
  std::string error;                // why it is unreadable
  std::optional<std::string> signature_hex;  // kept beside the digest, when present
};

struct LogArtifact {
  enum class State { kPresent, kMissing, kTruncated, kCorrupt };
  State state = State::kMissing;
  std::string body;   // uncompressed, when present
  std::string error;  // for kTruncated / kCorrupt
  // Chain hash after each record, for locating damage; empty when none is available.
  std::vector<std::string> reference_hashes;
};

struct VerifyInput {
  std::vector<DigestArtifact> digests;
  std::function<LogArtifact(const std::string& s3_object)> load_log;
  std::vector<std::string> present_log_objects;  // every log file found, for unreferenced files
  std::vector<TrailPublicKey> public_keys;
  std::vector<std::string> pinned_fingerprints;  // empty: any known key
  // Log files checked at once; load_log must then be safe to call from several threads.
  unsigned threads = 1;
};

struct VerifyReport {
  std::vector<Finding> findings;
  int64_t digests_valid = 0;
  int64_t log_files_valid = 0;
  int64_t records_valid = 0;
  uint64_t log_bytes = 0;  // uncompressed bytes hashed
  int64_t last_sequence = 0;
  std::string last_hash;   // chain hash after the last sealed record
  std::string newest_digest;
  int64_t unsealed_records = 0;  // store only: appended since the last seal, chain-checked only
  bool ok() const { return findings.empty(); }
};

VerifyReport VerifyTrail(const VerifyInput& input);

// Why `record` is not one JSON object of valid UTF-8 nested at most `max_depth` deep, or nullopt when it is.
std::optional<std::string> RecordJsonError(std::string_view record, std::size_t max_depth = 64);

}  // namespace bulwark::trail
