#include "trail/event_record.h"

#include <strings.h>

#include <array>
#include <string_view>

namespace bulwark::trail {

namespace {

// Member names whose values are secrets. CloudTrail hides these in requestParameters and
// responseElements ("HIDDEN_DUE_TO_SECURITY_REASONS").
constexpr std::array<std::string_view, 16> kSecretMembers{
    "Password",         "OldPassword",      "NewPassword",       "SecretAccessKey",
    "SessionToken",     "PrivateKey",       "AuthenticationCode1", "AuthenticationCode2",
    "TokenCode",        "Base32StringSeed", "QRCodePNG",         "Plaintext",
    "CiphertextBlob",   "PrivateKeyPlaintext", "SAMLAssertion",  "WebIdentityToken",
};

constexpr std::string_view kHidden = "HIDDEN_DUE_TO_SECURITY_REASONS";

bool IsSecretMember(std::string_view name) {
  for (auto secret : kSecretMembers) {
    if (secret.size() == name.size() && strncasecmp(secret.data(), name.data(), name.size()) == 0) return true;
  }
  return false;
}

void PutIfSet(boost::json::object& o, std::string_view key, const std::string& value) {
  if (!value.empty()) o[key] = value;
}

boost::json::object UserIdentityJson(const UserIdentity& u) {
  boost::json::object o;
  o["type"] = u.type;
  PutIfSet(o, "principalId", u.principal_id);
  PutIfSet(o, "arn", u.arn);
  PutIfSet(o, "accountId", u.account_id);
  PutIfSet(o, "accessKeyId", u.access_key_id);
  PutIfSet(o, "userName", u.user_name);
  if (u.has_session) {
    boost::json::object session;
    if (!u.issuer_arn.empty()) {
      boost::json::object issuer{{"type", u.issuer_type},
                                 {"principalId", u.issuer_principal_id},
                                 {"arn", u.issuer_arn},
                                 {"accountId", u.issuer_account_id}};
      PutIfSet(issuer, "userName", u.issuer_user_name);
      session["sessionIssuer"] = std::move(issuer);
    }
    session["attributes"] = boost::json::object{{"creationDate", u.session_creation_date},
                                                {"mfaAuthenticated", u.mfa_authenticated ? "true" : "false"}};
    PutIfSet(session, "sourceIdentity", u.source_identity);
    o["sessionContext"] = std::move(session);
  }
  return o;
}

}  // namespace

boost::json::value Redact(boost::json::value value) {
  if (value.is_object()) {
    for (auto& [key, member] : value.get_object()) {
      member = IsSecretMember(key) ? boost::json::value(kHidden) : Redact(std::move(member));
    }
  } else if (value.is_array()) {
    for (auto& item : value.get_array()) item = Redact(std::move(item));
  }
  return value;
}

boost::json::object ToJson(const EventRecord& r) {
  boost::json::object o;
  o["eventVersion"] = r.event_version;
  o["userIdentity"] = UserIdentityJson(r.user_identity);
  o["eventTime"] = r.event_time;
  o["eventSource"] = r.event_source;
  o["eventName"] = r.event_name;
  o["awsRegion"] = r.aws_region;
  o["sourceIPAddress"] = r.source_ip_address;
  o["userAgent"] = r.user_agent;
  if (!r.error_code.empty()) {
    o["errorCode"] = r.error_code;
    o["errorMessage"] = r.error_message;
  }
  o["requestParameters"] = r.request_parameters ? Redact(*r.request_parameters) : boost::json::value();
  o["responseElements"] = r.response_elements ? Redact(*r.response_elements) : boost::json::value();
  if (r.additional_event_data) o["additionalEventData"] = *r.additional_event_data;
  o["requestID"] = r.request_id;
  o["eventID"] = r.event_id;
  o["readOnly"] = r.read_only;
  if (!r.resources.empty()) {
    boost::json::array resources;
    for (const auto& res : r.resources) {
      boost::json::object item{{"ARN", res.arn}};
      PutIfSet(item, "accountId", res.account_id);
      PutIfSet(item, "type", res.type);
      resources.push_back(std::move(item));
    }
    o["resources"] = std::move(resources);
  }
  o["eventType"] = r.event_type;
  o["managementEvent"] = r.management_event;
  o["recipientAccountId"] = r.recipient_account_id;
  PutIfSet(o, "sharedEventID", r.shared_event_id);
  o["eventCategory"] = r.event_category;
  if (!r.tls_version.empty()) {
    o["tlsDetails"] = boost::json::object{{"tlsVersion", r.tls_version},
                                          {"cipherSuite", r.cipher_suite},
                                          {"clientProvidedHostHeader", r.client_provided_host_header}};
  }
  return o;
}

}  // namespace bulwark::trail
