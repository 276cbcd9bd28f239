// CloudTrail digest files ("CloudTrail digest file structure") and the string their signature covers
// ("Custom implementations of CloudTrail log file integrity validation", section D):
//
//   Data_To_Sign_String = digestEndTime + "\n" + digestS3Bucket + "/" + digestS3Object + "\n"
//                         + Hex(SHA-256(uncompressed digest file)) + "\n" + previousDigestSignature
//
// where a starting digest (no previous) contributes the four characters "null", as AWS's own validator
// does. The signature is SHA256withRSA, hex-encoded, kept beside the digest (S3 object metadata at AWS).
//
// Every documented field is written, in the documented order, as compact JSON. Each logFiles entry
// carries four extra fields that tie it to the store's hash chain (AWS's validators ignore unknown
// fields): bulwarkFirstSequence / bulwarkLastSequence (the records' sequence numbers) and
// bulwarkPreviousHash / bulwarkLastHash (the chain hash before the first and after the last record).
// Thread-safety: value types and pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace bulwark::trail {

inline constexpr std::string_view kSignatureAlgorithm = "SHA256withRSA";
inline constexpr std::string_view kHashAlgorithm = "SHA-256";
inline constexpr std::size_t kMaxDigestBytes = 16 * 1024 * 1024;
inline constexpr std::size_t kMaxDigestLogFiles = 100000;

struct DigestLogFile {
  std::string s3_bucket;
  std::string s3_object;
  std::string hash_value;  // hex SHA-256 of the uncompressed log file
  std::string hash_algorithm{kHashAlgorithm};
  std::string newest_event_time;  // ISO 8601
  std::string oldest_event_time;
  // Bulwark's chain fields; 0 and empty when the entry has none (a digest written by AWS).
  int64_t first_sequence = 0;
  int64_t last_sequence = 0;
  std::string previous_hash;  // chain hash before the first record
  std::string last_hash;      // chain hash after the last record

  friend bool operator==(const DigestLogFile&, const DigestLogFile&) = default;
};

struct DigestFile {
  std::string aws_account_id;
  std::string digest_start_time;  // ISO 8601
  std::string digest_end_time;
  std::string digest_s3_bucket;
  std::string digest_s3_object;
  std::string digest_public_key_fingerprint;
  std::string digest_signature_algorithm{kSignatureAlgorithm};
  std::optional<std::string> newest_event_time;  // null when no log files
  std::optional<std::string> oldest_event_time;
  // All null in a starting digest.
  std::optional<std::string> previous_digest_s3_bucket;
  std::optional<std::string> previous_digest_s3_object;
  std::optional<std::string> previous_digest_hash_value;
  std::optional<std::string> previous_digest_hash_algorithm;
  std::optional<std::string> previous_digest_signature;
  std::vector<DigestLogFile> log_files;

  friend bool operator==(const DigestFile&, const DigestFile&) = default;
};

// The uncompressed digest file, as hashed and signed.
std::string SerializeDigest(const DigestFile& digest);

// Errors: InvalidDigestFile naming the missing or mistyped field; bounded by kMaxDigestBytes,
// kMaxDigestLogFiles and a nesting depth of 8.
core::Result<DigestFile> ParseDigest(std::string_view body);

// The Data_To_Sign_String for `digest` whose uncompressed bytes are `body`.
std::string DigestSigningString(const DigestFile& digest, std::string_view body);

}  // namespace bulwark::trail
