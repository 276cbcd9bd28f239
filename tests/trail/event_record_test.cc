#include "trail/event_record.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace bulwark::trail {
namespace {

EventRecord RootCall() {
  EventRecord r;
  r.user_identity.type = "Root";
  r.user_identity.principal_id = "123456789012";
  r.user_identity.arn = "arn:aws:iam::123456789012:root";
  r.user_identity.account_id = "123456789012";
  r.user_identity.access_key_id = "AKIAEXAMPLE";
  r.event_time = "2026-11-28T23:45:00Z";
  r.event_source = "sts.amazonaws.com";
  r.event_name = "GetCallerIdentity";
  r.aws_region = "us-east-1";
  r.source_ip_address = "127.0.0.1";
  r.user_agent = "aws-cli/1.45";
  r.request_id = "req";
  r.event_id = "evt";
  r.recipient_account_id = "123456789012";
  return r;
}

TEST(EventRecord, HasTheDocumentedTopLevelFields) {
  auto o = ToJson(RootCall());
  for (const char* field : {"eventVersion", "userIdentity", "eventTime", "eventSource", "eventName", "awsRegion",
                            "sourceIPAddress", "userAgent", "requestParameters", "responseElements", "requestID",
                            "eventID", "readOnly", "eventType", "managementEvent", "recipientAccountId"}) {
    EXPECT_TRUE(o.contains(field)) << field;
  }
  EXPECT_FALSE(o.contains("errorCode"));
  EXPECT_FALSE(o.contains("tlsDetails"));
  EXPECT_EQ(o["userIdentity"].as_object()["type"].as_string(), "Root");
  EXPECT_TRUE(o["requestParameters"].is_null());
}

TEST(EventRecord, FailedCallsCarryErrorCodeAndMessage) {
  auto r = RootCall();
  r.error_code = "AccessDenied";
  r.error_message = "User: x is not authorized";
  auto o = ToJson(r);
  EXPECT_EQ(o["errorCode"].as_string(), "AccessDenied");
  EXPECT_EQ(o["errorMessage"].as_string(), "User: x is not authorized");
}

TEST(EventRecord, SessionContextDescribesTheIssuer) {
  auto r = RootCall();
  r.user_identity.type = "AssumedRole";
  r.user_identity.has_session = true;
  r.user_identity.issuer_type = "Role";
  r.user_identity.issuer_arn = "arn:aws:iam::123456789012:role/r";
  r.user_identity.mfa_authenticated = true;
  r.user_identity.session_creation_date = "2026-11-28T23:00:00Z";
  auto session = ToJson(r)["userIdentity"].as_object()["sessionContext"].as_object();
  EXPECT_EQ(session["sessionIssuer"].as_object()["arn"].as_string(), "arn:aws:iam::123456789012:role/r");
  EXPECT_EQ(session["attributes"].as_object()["mfaAuthenticated"].as_string(), "true");
}

TEST(Redact, HidesSecretsAtAnyDepthAndKeepsTheRest) {
  auto v = boost::json::parse(
      R"({"UserName":"alice","Password":"hunter2","AccessKey":{"AccessKeyId":"AKIA","SecretAccessKey":"s3cr3t"},
          "List":[{"sessionToken":"tok"}]})");
  auto redacted = boost::json::serialize(Redact(v));
  EXPECT_EQ(redacted.find("hunter2"), std::string::npos);
  EXPECT_EQ(redacted.find("s3cr3t"), std::string::npos);
  EXPECT_EQ(redacted.find("\"tok\""), std::string::npos);
  EXPECT_NE(redacted.find("alice"), std::string::npos);
  EXPECT_NE(redacted.find("AKIA"), std::string::npos);
}

}  // namespace
}  // namespace bulwark::trail
