// `bulwark trail`: export sealed trail files in CloudTrail's S3 layout, verify an export or the store,
// and rotate the trail signing key (docs/trail_format.md).
//   bulwark trail export --data-dir D --to DIR
//   bulwark trail verify DIR [--public-keys FILE] [--pin FINGERPRINT]...
//   bulwark trail verify --store --data-dir D [--pin FINGERPRINT]...
//   bulwark trail rotate-key --data-dir D
// verify prints one line per problem ("<kind> <where>: <detail>") and exits 0 only when none is found.
#pragma once

#include <CLI/CLI.hpp>

namespace bulwark::cli {

void AddTrailCommand(CLI::App& app, int* exit_code);

}  // namespace bulwark::cli
