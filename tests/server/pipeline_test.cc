// The pipeline end to end without sockets: a request walks routing, authentication, authorization,
// execution and recording against a real SQLite store; every outcome leaves exactly one record.
#include "server/pipeline.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <filesystem>
#include <future>
#include <random>

#include "server/store_call_executor.h"
#include "protocol/service_model.h"
#include "services/accessanalyzer/accessanalyzer_service.h"
#include "services/cloudtrail/cloudtrail_service.h"
#include "services/iam/iam_service.h"
#include "services/organizations/organizations_service.h"
#include "services/sts/sts_service.h"
#include "store/sqlite_store.h"
#include "trail/trail_log.h"

namespace bulwark::server {
namespace {

// Accepts "Authorization: Test <access key>" for the one key it knows.
class FakeAuthenticator : public Authenticator {
 public:
  core::Result<core::Caller> Authenticate(const protocol::WireRequest& request, std::string_view,
                                          std::string* attempted) const override {
    std::string_view auth = request.HeaderValue("Authorization");
    if (auth.empty()) return core::Error{"MissingAuthenticationToken", "Request is missing Authentication Token"};
    std::string_view key = auth.substr(auth.find(' ') + 1);
    *attempted = std::string(key.substr(0, key.find(' ')));
    if (*attempted != "AKIAROOT") {
      return core::Error{"InvalidClientTokenId", "The security token included in the request is invalid."};
    }
    core::Caller c;
    c.kind = core::CallerKind::kRoot;
    c.account_id = "123456789012";
    c.arn = "arn:aws:iam::123456789012:root";
    c.principal_id = "123456789012";
    c.access_key_id = "AKIAROOT";
    return c;
  }
};

class AllowAll : public Authorizer {
 public:
  core::Status Authorize(const core::Caller&, const AuthorizationRequest&) const override { return core::Status::Ok(); }
};

class PipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() / ("bulwark-pipeline-" + std::to_string(rd()));
    store::SqliteStoreOptions options;
    options.data_dir = dir_;
    options.migrations = trail::TrailMigrations();
    auto opened = store::OpenSqliteStore(std::move(options));
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::shared_ptr<store::Store>(std::move(opened.value()));
    PipelineOptions po;
    po.account_id = "123456789012";
    po.clock = [this] { return now_; };
    po.new_uuid = [this] { return "id-" + std::to_string(++ids_); };
    pipeline_ = std::make_unique<Pipeline>(
        po, std::vector<std::shared_ptr<const services::Service>>{std::make_shared<services::StsService>(services::sts_ops::StsDeps{}),
                                                                  std::make_shared<services::AccessAnalyzerService>()},
        std::make_shared<FakeAuthenticator>(), std::make_shared<AllowAll>(), std::make_shared<StoreCallExecutor>(store_));
  }
  void TearDown() override {
    pipeline_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  protocol::WireResponse Send(const std::string& body, const std::string& auth, bool tls = false) {
    protocol::WireRequest r;
    if (tls) {
      r.secure_transport = true;
      r.tls_version = "TLSv1.3";
      r.tls_cipher_suite = "TLS_AES_128_GCM_SHA256";
      r.headers.emplace_back("Host", "127.0.0.1:8443");
    }
    r.method = "POST";
    r.target = "/";
    r.body = body;
    r.source_ip = "127.0.0.1";
    r.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    r.headers.emplace_back("User-Agent", "test-agent");
    if (!auth.empty()) r.headers.emplace_back("Authorization", auth);
    std::promise<protocol::WireResponse> answered;
    pipeline_->Handle(r, [&](protocol::WireResponse resp) { answered.set_value(std::move(resp)); });
    return answered.get_future().get();
  }

  // A REST-JSON call to Access Analyzer (the credential scope names the service).
  protocol::WireResponse SendRest(const std::string& method, const std::string& target, const std::string& body) {
    protocol::WireRequest r;
    r.method = method;
    r.target = target;
    r.body = body;
    r.source_ip = "127.0.0.1";
    r.headers.emplace_back("Content-Type", "application/json");
    r.headers.emplace_back("Authorization", "Test AKIAROOT Credential=AKIAROOT/20261129/us-east-1/access-analyzer/aws4_request");
    std::promise<protocol::WireResponse> answered;
    pipeline_->Handle(r, [&](protocol::WireResponse resp) { answered.set_value(std::move(resp)); });
    return answered.get_future().get();
  }

  static std::string_view HeaderOf(const protocol::WireResponse& r, std::string_view name) {
    for (const auto& [k, v] : r.headers) {
      if (k == name) return v;
    }
    return {};
  }

  std::vector<trail::StoredEvent> Events() {
    auto page = store_->Read([](store::ReadView& v) {
      trail::LookupQuery q;
      q.account_id = "123456789012";
      return trail::LookupEvents(v, q);
    });
    EXPECT_TRUE(page.ok());
    return page.ok() ? page->events : std::vector<trail::StoredEvent>{};
  }

  std::filesystem::path dir_;
  std::shared_ptr<store::Store> store_;
  std::unique_ptr<Pipeline> pipeline_;
  int ids_ = 0;
  int64_t now_ = 1795909500;
};

TEST_F(PipelineTest, GetCallerIdentityAnswersAndIsRecorded) {
  auto r = Send("Action=GetCallerIdentity&Version=2011-06-15", "Test AKIAROOT");
  EXPECT_EQ(r.status, 200u);
  EXPECT_NE(r.body.find("<Arn>arn:aws:iam::123456789012:root</Arn>"), std::string::npos) << r.body;
  auto events = Events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].event_name, "GetCallerIdentity");
  EXPECT_EQ(events[0].username, "root");
  auto record = boost::json::parse(events[0].record).as_object();
  EXPECT_EQ(record["userIdentity"].as_object()["accessKeyId"].as_string(), "AKIAROOT");
  EXPECT_EQ(record["sourceIPAddress"].as_string(), "127.0.0.1");
  EXPECT_EQ(record["userAgent"].as_string(), "test-agent");
  EXPECT_EQ(record["eventTime"].as_string(), "2026-11-28T23:45:00Z");
  EXPECT_FALSE(record.contains("errorCode"));
}

TEST_F(PipelineTest, AuthenticationFailureIsAnsweredAndRecordedWithTheKeyTried) {
  auto r = Send("Action=GetCallerIdentity&Version=2011-06-15", "Test AKIAWRONG");
  EXPECT_EQ(r.status, 403u);
  EXPECT_NE(r.body.find("<Code>InvalidClientTokenId</Code>"), std::string::npos) << r.body;
  auto events = Events();
  ASSERT_EQ(events.size(), 1u);
  auto record = boost::json::parse(events[0].record).as_object();
  EXPECT_EQ(record["errorCode"].as_string(), "InvalidClientTokenId");
  EXPECT_EQ(record["userIdentity"].as_object()["accessKeyId"].as_string(), "AKIAWRONG");
}

TEST_F(PipelineTest, MissingAuthenticationAndUnknownActionsGetAwsErrors) {
  auto missing = Send("Action=GetCallerIdentity&Version=2011-06-15", "");
  EXPECT_EQ(missing.status, 403u);
  EXPECT_NE(missing.body.find("MissingAuthenticationToken"), std::string::npos);
  auto unknown = Send("Action=FlyToTheMoon&Version=2011-06-15", "Test AKIAROOT");
  EXPECT_EQ(unknown.status, 400u);
  EXPECT_NE(unknown.body.find("<Code>InvalidAction</Code>"), std::string::npos) << unknown.body;
  auto bad_encoding = Send("Action=%ZZ", "Test AKIAROOT");
  EXPECT_EQ(bad_encoding.status, 404u);
  EXPECT_NE(bad_encoding.body.find("MalformedQueryString"), std::string::npos);
  EXPECT_EQ(Events().size(), 3u);
}

TEST_F(PipelineTest, EveryResponseCarriesItsRequestId) {
  auto r = Send("Action=GetCallerIdentity&Version=2011-06-15", "Test AKIAROOT");
  std::string id;
  for (const auto& [n, v] : r.headers) {
    if (n == "x-amzn-RequestId") id = v;
  }
  ASSERT_FALSE(id.empty());
  EXPECT_NE(r.body.find("<RequestId>" + id + "</RequestId>"), std::string::npos);
}

TEST_F(PipelineTest, CallOverTlsIsRecordedWithTlsDetails) {
  Send("Action=GetCallerIdentity&Version=2011-06-15", "Test AKIAROOT", /*tls=*/true);
  auto events = Events();
  ASSERT_EQ(events.size(), 1u);
  auto record = boost::json::parse(events[0].record).as_object();
  ASSERT_TRUE(record.contains("tlsDetails")) << events[0].record;
  auto details = record["tlsDetails"].as_object();
  EXPECT_EQ(details["tlsVersion"].as_string(), "TLSv1.3");
  EXPECT_EQ(details["cipherSuite"].as_string(), "TLS_AES_128_GCM_SHA256");
  EXPECT_EQ(details["clientProvidedHostHeader"].as_string(), "127.0.0.1:8443");
}

TEST_F(PipelineTest, PlainHttpCallHasNoTlsDetails) {
  Send("Action=GetCallerIdentity&Version=2011-06-15", "Test AKIAROOT");
  auto events = Events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_FALSE(boost::json::parse(events[0].record).as_object().contains("tlsDetails"));
}

// Issue 17, finding 1: a parameter given twice (or in the URL and the body) could be read one way by
// the verifier, another by the handler and a third by the record. One rule everywhere: refused.
TEST_F(PipelineTest, RepeatedParameterIsRefusedBeforeAnythingRuns) {
  auto r = Send("Action=GetCallerIdentity&Version=2011-06-15&Version=2011-06-15", "Test AKIAROOT");
  EXPECT_EQ(r.status, 404u);
  EXPECT_NE(r.body.find("<Code>MalformedQueryString</Code>"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("appears more than once"), std::string::npos) << r.body;
  auto events = Events();
  ASSERT_EQ(events.size(), 1u);
  auto record = boost::json::parse(events[0].record).as_object();
  EXPECT_EQ(record["errorCode"].as_string(), "MalformedQueryString");
  EXPECT_TRUE(record["requestParameters"].is_null());
}

// Issue 17, finding 1: the record shows the decoded input and nothing else; a re-spelled or unknown
// parameter is ignored (as AWS ignores it) and does not reach the record.
TEST_F(PipelineTest, RecordShowsOnlyTheModelledParameters) {
  auto r = Send("Action=GetCallerIdentity&Version=2011-06-15&action=Forged&RoleArn=arn:aws:iam::1:role/x",
                "Test AKIAROOT");
  EXPECT_EQ(r.status, 200u) << r.body;
  auto events = Events();
  ASSERT_EQ(events.size(), 1u);
  auto record = boost::json::parse(events[0].record).as_object();
  EXPECT_EQ(record["eventName"].as_string(), "GetCallerIdentity");
  EXPECT_TRUE(record["requestParameters"].is_null()) << events[0].record;
}

// Issue 17, finding 5: bytes that are not UTF-8 never reach a handler, a record or a response.
TEST_F(PipelineTest, InvalidUtf8IsRefusedAtDecoding) {
  auto r = Send("Action=GetCallerIdentity&Version=2011-06-15&Extra=%FF%FE", "Test AKIAROOT");
  EXPECT_EQ(r.status, 404u);
  EXPECT_NE(r.body.find("<Code>MalformedQueryString</Code>"), std::string::npos) << r.body;
  auto events = Events();
  ASSERT_EQ(events.size(), 1u);
  // A form that cannot be decoded names no operation the server could trust.
  EXPECT_EQ(events[0].event_name, "Unknown");
  auto record = boost::json::parse(events[0].record).as_object();
  EXPECT_EQ(record["errorCode"].as_string(), "MalformedQueryString");
}

// Issue 17, finding 3: a failed authentication is recorded without its body, and each source has a
// bounded budget of such records. Past it failures are still answered as AWS answers them, but not
// recorded one by one; the source's next recorded failure counts those left out. An authenticated
// caller from the same address is still served and recorded.
TEST_F(PipelineTest, UnauthenticatedFailuresAreBoundedPerSource) {
  const std::string big_body = "Action=GetCallerIdentity&Version=2011-06-15&Junk=" + std::string(512 * 1024, 'x');
  auto first = Send(big_body, "Test AKIAWRONG");
  EXPECT_EQ(first.status, 403u);
  auto events = Events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_LT(events[0].record.size(), 4096u) << "the unauthenticated body reached the record";
  auto record = boost::json::parse(events[0].record).as_object();
  EXPECT_TRUE(record["requestParameters"].is_null());

  for (int i = 0; i < 60; ++i) {
    auto r = Send("Action=GetCallerIdentity&Version=2011-06-15", "Test AKIAWRONG");
    EXPECT_NE(r.body.find("<Code>InvalidClientTokenId</Code>"), std::string::npos) << "answered as AWS answers";
  }
  const std::size_t recorded = Events().size();
  const auto burst = static_cast<std::size_t>(FailureLimiterOptions{}.burst);
  EXPECT_EQ(recorded, burst);
  auto ok = Send("Action=GetCallerIdentity&Version=2011-06-15", "Test AKIAROOT");
  EXPECT_EQ(ok.status, 200u);
  EXPECT_EQ(Events().size(), recorded + 1);

  now_ += 10;  // The budget refills: the next failure is recorded with the count of those left out.
  Send("Action=GetCallerIdentity&Version=2011-06-15", "Test AKIAWRONG");
  auto newest = boost::json::parse(Events()[0].record).as_object();
  ASSERT_TRUE(newest.contains("additionalEventData")) << Events()[0].record;
  EXPECT_EQ(newest["additionalEventData"].as_object()["unrecordedFailuresFromSource"].to_number<int64_t>(),
            static_cast<int64_t>(61 - burst));
}

TEST_F(PipelineTest, RestJsonCallIsRoutedByMethodAndPathAndRecorded) {
  auto r = SendRest("POST", "/policy/validation",
                    R"({"policyType":"IDENTITY_POLICY","policyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}"})");
  EXPECT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(boost::json::parse(r.body).as_object().at("findings").as_array().size(), 0u) << r.body;
  auto events = Events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].event_name, "ValidatePolicy");
  auto record = boost::json::parse(events[0].record).as_object();
  EXPECT_EQ(record["eventSource"].as_string(), "access-analyzer.amazonaws.com");
  EXPECT_EQ(record["requestParameters"].as_object()["policyType"].as_string(), "IDENTITY_POLICY");
}

TEST_F(PipelineTest, RestJsonUnknownRouteIsUnknownOperationAndRecorded) {
  auto r = SendRest("GET", "/no/such/thing", "");
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(HeaderOf(r, "x-amzn-ErrorType"), "UnknownOperationException");
  auto events = Events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(boost::json::parse(events[0].record).as_object()["errorCode"].as_string(), "UnknownOperationException");
}

TEST_F(PipelineTest, RestJsonModelledButUnservedOperationIsUnknownOperation) {
  auto r = SendRest("GET", "/analyzer", "");  // ListAnalyzers: in the model, not served.
  EXPECT_EQ(HeaderOf(r, "x-amzn-ErrorType"), "UnknownOperationException");
}

TEST_F(PipelineTest, RestJsonMissingRequiredMemberIsValidationException) {
  auto r = SendRest("POST", "/policy/validation", R"({"policyDocument":"{}"})");
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(HeaderOf(r, "x-amzn-ErrorType"), "ValidationException");
  EXPECT_NE(r.body.find("policyType"), std::string::npos) << r.body;
}

// The pipeline refuses an operation without a model, so every operation served must have one.
TEST(ServiceModels, EveryServedOperationIsModelled) {
  std::vector<std::shared_ptr<const services::Service>> served{
      std::make_shared<services::StsService>(services::sts_ops::StsDeps{}),
      std::make_shared<services::CloudTrailService>(),
      std::make_shared<services::AccessAnalyzerService>(),
      std::make_shared<services::IamService>(services::iam_ops::IamDeps{}),
      std::make_shared<services::OrganizationsService>(services::org_ops::OrgDeps{})};
  for (const auto& service : served) {
    const protocol::ServiceModel* model = protocol::FindServiceModel(service->signing_name());
    ASSERT_NE(model, nullptr) << service->signing_name();
    EXPECT_EQ(model->api_version, service->api_version());
    for (const auto& name : service->operation_names()) {
      EXPECT_NE(model->Find(name), nullptr) << service->signing_name() << ":" << name;
    }
  }
}

constexpr std::string_view kCloudTrailPrefix = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101";

TEST(TargetPrefix, FullModelPrefixAsBotocoreSendsIt) {
  EXPECT_TRUE(TargetPrefixMatches(kCloudTrailPrefix, kCloudTrailPrefix));
}

// Regression: the AWS SDK for JavaScript v3 sends "CloudTrail_20131101.LookupEvents" and was
// answered UnknownOperationException.
TEST(TargetPrefix, ServiceShapeNameAsSmithySdksSendIt) {
  EXPECT_TRUE(TargetPrefixMatches(kCloudTrailPrefix, "CloudTrail_20131101"));
}

TEST(TargetPrefix, OtherPrefixesDoNotMatch) {
  EXPECT_FALSE(TargetPrefixMatches(kCloudTrailPrefix, "CloudTrail_20131102"));
  EXPECT_FALSE(TargetPrefixMatches(kCloudTrailPrefix, "v20131101.CloudTrail_20131101"));
  EXPECT_FALSE(TargetPrefixMatches(kCloudTrailPrefix, ""));
  EXPECT_FALSE(TargetPrefixMatches("Logs_20140328", ""));
}

}  // namespace
}  // namespace bulwark::server

namespace bulwark::server {
namespace {

// A denial is answered in each service's own form: AccessDenied on the query protocol (IAM, STS),
// AccessDeniedException on the JSON ones (CloudTrail, KMS, Organizations) and REST-JSON (Access
// Analyzer).
TEST(ServiceErrors, DenialsTakeTheFormOfTheServicesProtocol) {
  const core::Error denied{"AccessDenied", "User: x is not authorized"};
  EXPECT_EQ(services::IamService(services::iam_ops::IamDeps{}).ServiceError(denied).code, "AccessDenied");
  EXPECT_EQ(services::StsService(services::sts_ops::StsDeps{}).ServiceError(denied).code, "AccessDenied");
  EXPECT_EQ(services::CloudTrailService().ServiceError(denied).code, "AccessDeniedException");
  EXPECT_EQ(services::AccessAnalyzerService().ServiceError(denied).code, "AccessDeniedException");
  EXPECT_EQ(services::OrganizationsService(services::org_ops::OrgDeps{}).ServiceError(denied).code,
            "AccessDeniedException");
  // Other errors pass unchanged.
  EXPECT_EQ(services::CloudTrailService().ServiceError(core::Error{"Throttling", "x"}).code, "Throttling");
}

}  // namespace
}  // namespace bulwark::server
