// cloudtrail:ListPublicKeys: the trail keys whose validity window overlaps [StartTime, EndTime]
// (both default to now, which returns the current key), as AWS answers it: Value is the PKCS#1 DER
// public key (a blob, base64 on the wire), ValidityStartTime/EndTime, Fingerprint (MD5 hex of Value).
// Thread-safety: the operation is immutable; its handler runs concurrently.
#pragma once

#include "services/service.h"

namespace bulwark::services {

Operation ListPublicKeysOperation();

}  // namespace bulwark::services
