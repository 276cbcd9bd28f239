// CloudTrail event records: the fields AWS documents in "CloudTrail record contents" and the
// userIdentity element, serialized as the JSON object CloudTrail delivers.
//
// Request parameters and response elements pass through Redact() before they are stored: secrets
// (passwords, secret keys, session tokens, private keys, MFA codes and seeds) never reach the trail.
// Thread-safety: value types and pure functions.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bulwark::trail {

// userIdentity ("CloudTrail userIdentity element").
struct UserIdentity {
  std::string type;          // Root | IAMUser | AssumedRole | FederatedUser | AWSService | Unknown
  std::string principal_id;  // AIDA..., AROA...:session, or the account id for Root
  std::string arn;
  std::string account_id;
  std::string access_key_id;
  std::string user_name;     // Root and IAMUser
  // sessionContext, for temporary credentials.
  bool has_session = false;
  std::string session_creation_date;  // ISO 8601
  bool mfa_authenticated = false;
  std::string issuer_type;            // "Role" | "IAMUser" | "Root"
  std::string issuer_principal_id;
  std::string issuer_arn;
  std::string issuer_account_id;
  std::string issuer_user_name;
  std::string source_identity;
};

struct EventResource {
  std::string arn;
  std::string account_id;
  std::string type;  // "AWS::IAM::Role"
};

struct EventRecord {
  std::string event_version = "1.11";
  UserIdentity user_identity;
  std::string event_time;    // ISO 8601, second precision, UTC ("2026-11-28T23:45:00Z")
  std::string event_source;  // "sts.amazonaws.com"
  std::string event_name;    // "GetCallerIdentity"
  std::string aws_region;
  std::string source_ip_address;
  std::string user_agent;
  std::optional<boost::json::value> request_parameters;   // null when the call had none
  std::optional<boost::json::value> response_elements;    // null for reads and failures
  std::optional<boost::json::object> additional_event_data;  // Omitted when unset.
  std::string error_code;
  std::string error_message;
  std::string request_id;
  std::string event_id;      // UUID
  bool read_only = true;
  std::vector<EventResource> resources;
  std::string event_type = "AwsApiCall";
  bool management_event = true;
  std::string recipient_account_id;
  // A call by one account on another's resource is delivered to both accounts, each copy with its own
  // eventID and recipientAccountId and the same sharedEventID (CloudTrail record contents). The
  // copy's account and id are not part of this record's text.
  std::string shared_event_id;
  std::string counterpart_account_id;
  std::string counterpart_event_id;
  std::string event_category = "Management";
  // tlsDetails, present when the call arrived over TLS.
  std::string tls_version;
  std::string cipher_suite;
  std::string client_provided_host_header;
};

boost::json::object ToJson(const EventRecord& record);

// Replaces the values of secret-bearing members (matched by name, case-insensitively, at any depth)
// with "HIDDEN_DUE_TO_SECURITY_REASONS", as CloudTrail does.
boost::json::value Redact(boost::json::value value);

}  // namespace bulwark::trail
