#include "services/cloudtrail/list_public_keys.h"

#include <cmath>

#include "crypto/base64.h"
#include "trail/trail_keys.h"

namespace bulwark::services {

namespace {

// Epoch seconds, possibly fractional (botocore's JSON protocol); nullopt when absent.
core::Result<std::optional<int64_t>> Timestamp(const boost::json::object& params, const char* name) {
  const auto* v = params.if_contains(name);
  if (v == nullptr || v->is_null()) return std::optional<int64_t>();
  if (v->is_int64()) return std::optional<int64_t>(v->get_int64());
  if (v->is_uint64() && v->get_uint64() < (uint64_t{1} << 62)) {
    return std::optional<int64_t>(static_cast<int64_t>(v->get_uint64()));
  }
  if (v->is_double() && std::isfinite(v->get_double()) && std::fabs(v->get_double()) < 1e15) {
    return std::optional<int64_t>(static_cast<int64_t>(std::floor(v->get_double())));
  }
  return core::Error{"SerializationException", std::string(name) + " must be a timestamp"};
}

}  // namespace

Operation ListPublicKeysOperation() {
  Operation op;
  op.name = "ListPublicKeys";
  op.action = "cloudtrail:ListPublicKeys";
  op.read_only = true;
  op.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    if (ctx.json == nullptr || !ctx.json->is_object()) {
      return core::Error{"SerializationException", "The request body must be an object"};
    }
    const auto& params = ctx.json->get_object();
    auto start = Timestamp(params, "StartTime");
    if (!start.ok()) return start.error();
    auto end = Timestamp(params, "EndTime");
    if (!end.ok()) return end.error();
    // "If not specified, the current time is used" for either bound.
    const int64_t from = start->value_or(ctx.now);
    const int64_t to = end->value_or(ctx.now);
    if (from > to) return core::Error{"InvalidTimeRangeException", "Start time must be before end time."};
    if (const auto* token = params.if_contains("NextToken"); token != nullptr && !token->is_null()) {
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
