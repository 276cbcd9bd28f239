// Sealed trail evidence as files, in CloudTrail's S3 key layout under one folder (the folder stands
// for the bucket; docs/trail_format.md):
//   DIR/AWSLogs/<account>/CloudTrail/...          log files (.json.gz)
//   DIR/AWSLogs/<account>/CloudTrail-Digest/...   digest files (.json.gz)
//   DIR/bulwark/metadata/<digest key>.json        {"signature": hex, "signature-algorithm": "SHA256withRSA"}:
//                                                 the S3 object metadata AWS keeps the signature in
//   DIR/bulwark/chain/<log key>.json              {"firstSequence": n, "hashes": [...]}: chain hash after
//                                                 each record, used only to locate damage
//   DIR/bulwark/public-keys.json                  ListPublicKeys-shaped key list
//   DIR/bulwark/public-keys/<fingerprint>.pem     the same keys for openssl
// Thread-safety: functions doing file I/O; one call at a time per folder.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/store.h"
#include "trail/trail_verifier.h"

namespace bulwark::trail {

struct ExportSummary {
  int64_t digests = 0;
  int64_t log_files = 0;
  int64_t public_keys = 0;
  int64_t unsealed_records = 0;
};

// Writes every sealed file (rewriting what is there), creating `dir` if needed. Every file must land
// inside `dir`: a key with path components that leave it (from an account id, region or key
// fingerprint read back from the store), or one that a symbolic link inside `dir` leads out of, is
// refused before anything is written there (InvalidParameterValue). Other errors: InternalFailure
// naming the path.
core::Result<ExportSummary> ExportTrail(store::ReadView& view, const std::filesystem::path& dir);

// `dir` / `key` for an S3-style object key made of plain '/'-separated names: no empty, "." or ".."
// component, no leading '/', backslash or NUL, so the result is lexically inside `dir`.
// Errors: InvalidParameterValue.
core::Result<std::filesystem::path> PathInside(const std::filesystem::path& dir, std::string_view key);

struct ExportLimits {
  std::size_t max_file_bytes = 1024u * 1024 * 1024;        // compressed, per file
  std::size_t max_log_body_bytes = 2048u * 1024 * 1024;    // uncompressed
};

// What an exported folder holds, ready for VerifyTrail. Keys come from `public_keys_file` when given,
// else from DIR/bulwark/public-keys.json. Log files are read lazily by the returned loader.
// Errors: InvalidParameterValue when the folder has no AWSLogs tree or the key file is unreadable.
core::Result<VerifyInput> LoadExportedTrail(const std::filesystem::path& dir,
                                            const std::optional<std::filesystem::path>& public_keys_file,
                                            const ExportLimits& limits = {});

// Parses a chain file ({"firstSequence": n, "hashes": [...]}), bounded. Errors: InvalidChainFile.
core::Result<std::vector<std::string>> ParseChainFile(std::string_view text, std::size_t max_hashes);

}  // namespace bulwark::trail
