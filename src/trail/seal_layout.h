// Where sealed trail files live and how their times are written: CloudTrail's S3 key layout
// ("Finding your CloudTrail log files", "CloudTrail digest file structure") and the UTC time forms
// used in records, digests and object names.
//   log    AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<unique>.json.gz
//   digest AWSLogs/<account>/CloudTrail-Digest/<region>/YYYY/MM/DD/<account>_CloudTrail-Digest_<region>_<trail>_<region>_<YYYYMMDDTHHmmssZ>.json.gz
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/iso_time.h"

namespace bulwark::trail {

// "2015-08-17T14:01:31Z".
using core::IsoTime;
// Parses exactly the form IsoTime writes; nullopt otherwise.
std::optional<int64_t> ParseIsoTime(std::string_view text);

// `unique` is 16 characters from [0-9a-zA-Z]; the sealer derives it from the file's chain hash.
std::string LogFileObjectKey(std::string_view account_id, std::string_view region, int64_t delivered,
                             std::string_view unique);
std::string DigestObjectKey(std::string_view account_id, std::string_view region, std::string_view trail_name,
                            int64_t digest_end);

}  // namespace bulwark::trail
