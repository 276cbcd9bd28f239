// The public keys an offline verifier needs, in the shape cloudtrail:ListPublicKeys answers
// ({"PublicKeyList":[{"Value","ValidityStartTime","ValidityEndTime","Fingerprint"}]}): what
// `bulwark trail export` writes to bulwark/public-keys.json and what `aws cloudtrail list-public-keys`
// prints, so an auditor can verify against keys fetched from the server themselves.
// Value is base64 of the PKCS#1 DER; times are epoch seconds (numbers) or ISO 8601 strings, as the
// aws CLI prints them depending on its cli_timestamp_format.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "trail/trail_verifier.h"

namespace bulwark::trail {

inline constexpr std::size_t kMaxPublicKeyListBytes = 4 * 1024 * 1024;
inline constexpr std::size_t kMaxPublicKeys = 10000;

std::string SerializePublicKeyList(const std::vector<TrailPublicKey>& keys);

// Errors: InvalidPublicKeyList naming the problem. Every key's fingerprint must match its Value.
core::Result<std::vector<TrailPublicKey>> ParsePublicKeyList(std::string_view text);

}  // namespace bulwark::trail
