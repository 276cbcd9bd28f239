// The trail in the store: an append-only sequence of CloudTrail records, each carrying the SHA-256
// of its predecessor's hash and its own record text (a hash chain), appended inside the transaction
// of the call it records; and the queries behind cloudtrail:LookupEvents.
//
// Chain: hash(n) = SHA-256(hash(n-1) || "\n" || record(n)), hex; hash(0's predecessor) is 64 zeros.
// Any change, removal or reordering of stored records breaks the chain from that point on.
// Thread-safety: stateless functions over a store transaction or read view.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/migrations.h"
#include "store/store.h"
#include "trail/event_record.h"

namespace bulwark::trail {

// The "trail" component (trail_events) followed by "trail_seal" (trail_keys.h).
std::vector<store::Migration> TrailMigrations();

// Fields LookupEvents filters on, derived from the record.
struct IndexedFields {
  std::string username;       // IAM user or role name; "root" for the root user
  std::string resource_type;  // First resource's type
  std::string resource_name;  // First resource's ARN
};
IndexedFields IndexedFieldsOf(const EventRecord& record);

// Appends `record` (event_time parsed to epoch seconds given as `event_epoch`). Returns its sequence.
core::Result<int64_t> AppendEvent(store::Transaction& txn, const EventRecord& record, int64_t event_epoch);

// Records stored before the trail knew accounts (trail migration 3) belong to the server's home
// account, the only one there was; the server gives them to it at start. The records' text (and so
// the chain) is unchanged: it always carried recipientAccountId.
core::Status AdoptUnownedRecords(store::Transaction& txn, const std::string& account_id);

struct LookupQuery {
  std::string account_id;       // Only this account's records (each account sees its own).
  std::string attribute_key;    // Empty: no filter. EventId | EventName | ReadOnly | Username |
                                // ResourceType | ResourceName | EventSource | AccessKeyId
  std::string attribute_value;
  std::optional<int64_t> start_time;  // Epoch seconds, inclusive
  std::optional<int64_t> end_time;
  int max_results = 50;
  std::optional<int64_t> before_seq;  // From the NextToken: events older than this.
};

struct StoredEvent {
  int64_t seq = 0;
  int64_t event_time = 0;
  std::string event_id, event_name, event_source, username, access_key_id, resource_type, resource_name;
  bool read_only = true;
  std::string record;  // The CloudTrail JSON record.
};

struct LookupPage {
  std::vector<StoredEvent> events;  // Newest first.
  std::optional<int64_t> next_before_seq;
};

core::Result<LookupPage> LookupEvents(store::ReadView& view, const LookupQuery& query);

}  // namespace bulwark::trail
