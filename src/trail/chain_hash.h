// The record hash chain (trail_log.h): hash(n) = hex(SHA-256(hash(n-1) || "\n" || record(n))), with
// 64 zeros before the first record.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace bulwark::trail {

inline constexpr std::string_view kGenesisChainHash = "0000000000000000000000000000000000000000000000000000000000000000";

std::string ChainHash(std::string_view previous, std::string_view record);

}  // namespace bulwark::trail
