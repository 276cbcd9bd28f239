#include "services/cloudtrail/cloudtrail_service.h"

#include <charconv>

#include "crypto/base64.h"
#include "services/cloudtrail/list_public_keys.h"
#include "services/input.h"
#include "trail/trail_log.h"

namespace bulwark::services {

namespace {

constexpr std::string_view kTokenPrefix = "bulwark-trail-v1:";

core::Error Invalid(const char* code, std::string message) { return core::Error{code, std::move(message)}; }

// LookupEvents' parameters, as CloudTrail checks them: its own modelled exceptions rather than the
// generic validation error (the service does not ask the pipeline to check its constraints).
core::Result<trail::LookupQuery> ReadQuery(const CallContext& ctx) {
  trail::LookupQuery q;
  q.account_id = ctx.account_id;  // Each account sees its own records.
  if (const boost::json::array* attrs = ListMember(ctx, "LookupAttributes")) {
    if (attrs->size() > 1) return Invalid("InvalidLookupAttributesException", "You can only specify one lookup attribute.");
    if (!attrs->empty()) {
      auto key = FieldString((*attrs)[0], "AttributeKey");
      auto value = FieldString((*attrs)[0], "AttributeValue");
      if (!key || !value) {
        return Invalid("InvalidLookupAttributesException", "A lookup attribute needs an AttributeKey and an AttributeValue");
      }
      q.attribute_key = std::move(*key);
      q.attribute_value = std::move(*value);
      if (q.attribute_value.size() > 2000) {
        return Invalid("InvalidLookupAttributesException", "AttributeValue is longer than 2000 characters");
      }
    }
  }
  q.start_time = OptionalTimestamp(ctx, "StartTime");
  q.end_time = OptionalTimestamp(ctx, "EndTime");
  if (q.start_time && q.end_time && *q.start_time > *q.end_time) {
    return Invalid("InvalidTimeRangeException", "Start time must be before end time.");
  }
  if (auto m = OptionalInt(ctx, "MaxResults")) {
    if (*m < 1 || *m > 50) return Invalid("InvalidMaxResultsException", "MaxResults must be between 1 and 50.");
    q.max_results = static_cast<int>(*m);
  }
  if (auto token = OptionalString(ctx, "NextToken")) {
    auto decoded = crypto::Base64Decode(*token);
    int64_t before = 0;
    if (!decoded.ok() || decoded->rfind(kTokenPrefix, 0) != 0 ||
        std::from_chars(decoded->data() + kTokenPrefix.size(), decoded->data() + decoded->size(), before).ec !=
            std::errc() ||
        before <= 0) {
      return Invalid("InvalidNextTokenException", "The NextToken is not valid.");
    }
    q.before_seq = before;
  }
  return q;
}

Operation LookupEvents() {
  Operation op;
  op.name = "LookupEvents";
  op.action = "cloudtrail:LookupEvents";
  op.read_only = true;
  op.unbounded_read = true;
  op.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    auto query = ReadQuery(ctx);
    if (!query.ok()) return query.error();
    auto page = trail::LookupEvents(txn, *query);
    if (!page.ok()) return page.error();
    boost::json::array events;
    for (const auto& e : page->events) {
      boost::json::array resources;
      if (!e.resource_name.empty()) {
        resources.push_back(boost::json::object{{"ResourceType", e.resource_type}, {"ResourceName", e.resource_name}});
      }
      boost::json::object event{{"EventId", e.event_id},
                                {"EventName", e.event_name},
                                {"ReadOnly", e.read_only ? "true" : "false"},
                                {"EventTime", e.event_time},
                                {"EventSource", e.event_source},
                                {"Resources", std::move(resources)},
                                {"CloudTrailEvent", e.record}};
      if (!e.access_key_id.empty()) event["AccessKeyId"] = e.access_key_id;
      if (!e.username.empty()) event["Username"] = e.username;
      events.push_back(std::move(event));
    }
    OperationOutcome out;
    out.result["Events"] = std::move(events);
    if (page->next_before_seq) {
      out.result["NextToken"] = crypto::Base64Encode(std::string(kTokenPrefix) + std::to_string(*page->next_before_seq));
    }
    return out;
  };
  return op;
}

}  // namespace

CloudTrailService::CloudTrailService()
    : TableService("cloudtrail", "cloudtrail.amazonaws.com",
                   protocol::ServiceProtocol{protocol::Protocol::kJson11, "",
                                             "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101"},
                   "2013-11-01") {
  Add(LookupEvents());
  Add(ListPublicKeysOperation());
}

}  // namespace bulwark::services
