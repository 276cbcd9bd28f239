#include "services/cloudtrail/list_public_keys.h"

#include "crypto/base64.h"
#include "services/input.h"
#include "trail/trail_keys.h"

namespace bulwark::services {


Operation ListPublicKeysOperation() {
  Operation op;
  op.name = "ListPublicKeys";
  op.action = "cloudtrail:ListPublicKeys";
  op.read_only = true;
  op.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    // "If not specified, the current time is used" for either bound.
    const int64_t from = OptionalTimestamp(ctx, "StartTime").value_or(ctx.now);
    const int64_t to = OptionalTimestamp(ctx, "EndTime").value_or(ctx.now);
    if (from > to) return core::Error{"InvalidTimeRangeException", "Start time must be before end time."};
    if (OptionalString(ctx, "NextToken")) {
      // Reserved for future use by AWS: every key fits in one answer, so no token is ever valid.
      return core::Error{"InvalidTokenException", "The NextToken is not valid."};
    }
    auto keys = trail::TrailPublicKeysBetween(txn, from, to);
    if (!keys.ok()) return keys.error();
    boost::json::array list;
    for (const auto& k : *keys) {
      list.push_back(boost::json::object{{"Value", crypto::Base64Encode(k.der)},
                                         {"ValidityStartTime", k.validity_start},
                                         {"ValidityEndTime", k.validity_end},
                                         {"Fingerprint", k.fingerprint}});
    }
    OperationOutcome out;
    out.result["PublicKeyList"] = std::move(list);
    return out;
  };
  return op;
}

}  // namespace bulwark::services
