#include "services/cloudtrail/cloudtrail_service.h"

#include <charconv>
#include <cmath>

#include "crypto/base64.h"
#include "services/cloudtrail/list_public_keys.h"
#include "trail/trail_log.h"

namespace bulwark::services {

namespace {

constexpr std::string_view kTokenPrefix = "bulwark-trail-v1:";

core::Error Invalid(const char* code, std::string message) { return core::Error{code, std::move(message)}; }

// Timestamps arrive as epoch seconds (botocore's JSON protocol), possibly fractional.
core::Result<std::optional<int64_t>> Timestamp(const boost::json::object& params, const char* name) {
  const auto* v = params.if_contains(name);
  if (v == nullptr || v->is_null()) return std::optional<int64_t>();
  if (v->is_int64()) return std::optional<int64_t>(v->get_int64());
  if (v->is_uint64()) return std::optional<int64_t>(static_cast<int64_t>(v->get_uint64()));
  if (v->is_double() && std::isfinite(v->get_double())) {
    return std::optional<int64_t>(static_cast<int64_t>(std::floor(v->get_double())));
  }
  return core::Error{"SerializationException", std::string(name) + " must be a timestamp"};
}

core::Result<trail::LookupQuery> ReadQuery(const boost::json::value& input) {
  trail::LookupQuery q;
  if (!input.is_object()) return core::Error{"SerializationException", "The request body must be an object"};
  const auto& params = input.get_object();
  if (const auto* attrs = params.if_contains("LookupAttributes"); attrs != nullptr && !attrs->is_null()) {
    if (!attrs->is_array()) return Invalid("InvalidLookupAttributesException", "LookupAttributes must be a list");
    if (attrs->get_array().size() > 1) {
      return Invalid("InvalidLookupAttributesException", "You can only specify one lookup attribute.");
    }
    if (!attrs->get_array().empty()) {
      const auto& a = attrs->get_array()[0];
      const auto* key = a.is_object() ? a.get_object().if_contains("AttributeKey") : nullptr;
      const auto* value = a.is_object() ? a.get_object().if_contains("AttributeValue") : nullptr;
      if (key == nullptr || value == nullptr || !key->is_string() || !value->is_string()) {
        return Invalid("InvalidLookupAttributesException", "A lookup attribute needs an AttributeKey and an AttributeValue");
      }
      q.attribute_key = std::string(key->get_string());
      q.attribute_value = std::string(value->get_string());
      if (q.attribute_value.size() > 2000) {
        return Invalid("InvalidLookupAttributesException", "AttributeValue is longer than 2000 characters");
      }
    }
  }
  auto start = Timestamp(params, "StartTime");
  if (!start.ok()) return start.error();
  auto end = Timestamp(params, "EndTime");
  if (!end.ok()) return end.error();
  q.start_time = *start;
  q.end_time = *end;
  if (q.start_time && q.end_time && *q.start_time > *q.end_time) {
    return Invalid("InvalidTimeRangeException", "Start time must be before end time.");
  }
  if (const auto* m = params.if_contains("MaxResults"); m != nullptr && !m->is_null()) {
    if (!m->is_int64() || m->get_int64() < 1 || m->get_int64() > 50) {
      return Invalid("InvalidMaxResultsException", "MaxResults must be between 1 and 50.");
    }
    q.max_results = static_cast<int>(m->get_int64());
  }
  if (const auto* t = params.if_contains("NextToken"); t != nullptr && !t->is_null()) {
    auto decoded = t->is_string() ? crypto::Base64Decode(std::string(t->get_string())) : core::Result<std::string>(core::Error{});
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
    auto query = ReadQuery(*ctx.json);
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
