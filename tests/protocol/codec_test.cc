#include "protocol/codec.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <pugixml.hpp>

#include "protocol/error_codes.h"
#include "protocol/service_model.h"

namespace bulwark::protocol {
namespace {

const ServiceProtocol kSts{Protocol::kQuery, "https://sts.amazonaws.com/doc/2011-06-15/", ""};
const ServiceProtocol kCloudTrail{Protocol::kJson11, "", "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101"};

std::string_view Header(const WireResponse& r, std::string_view name) {
  for (const auto& [n, v] : r.headers) {
    if (n == name) return v;
  }
  return {};
}

TEST(QueryCodec, WrapsResultAndMetadataAsBotocoreExpects) {
  auto r = EncodeResult(kSts, "GetCallerIdentity",
                        boost::json::object{{"Arn", "arn:aws:iam::123456789012:root"}, {"Account", "123456789012"}},
                        "req-1");
  EXPECT_EQ(r.status, 200u);
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(r.body.c_str()));
  auto root = doc.child("GetCallerIdentityResponse");
  EXPECT_STREQ(root.attribute("xmlns").value(), "https://sts.amazonaws.com/doc/2011-06-15/");
  EXPECT_STREQ(root.child("GetCallerIdentityResult").child("Arn").text().get(), "arn:aws:iam::123456789012:root");
  EXPECT_STREQ(root.child("ResponseMetadata").child("RequestId").text().get(), "req-1");
  EXPECT_EQ(Header(r, "x-amzn-RequestId"), "req-1");
}

TEST(QueryCodec, RendersListsAsMembersAndEscapesText) {
  auto xml = QueryXml("R", "", boost::json::object{{"L", boost::json::array{"a<b", "c&d"}}, {"N", 5}, {"B", true}});
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(xml.c_str()));
  auto l = doc.child("R").child("L");
  EXPECT_STREQ(l.first_child().text().get(), "a<b");
  EXPECT_STREQ(l.last_child().text().get(), "c&d");
  EXPECT_STREQ(doc.child("R").child("N").text().get(), "5");
  EXPECT_STREQ(doc.child("R").child("B").text().get(), "true");
}

TEST(QueryCodec, ErrorResponseCarriesTypeCodeMessageAndStatus) {
  auto r = EncodeError(kSts, core::Error{"InvalidClientTokenId", "The security token included in the request is invalid."},
                       "req-2");
  EXPECT_EQ(r.status, 403u);
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(r.body.c_str()));
  auto error = doc.child("ErrorResponse").child("Error");
  EXPECT_STREQ(error.child("Type").text().get(), "Sender");
  EXPECT_STREQ(error.child("Code").text().get(), "InvalidClientTokenId");
  EXPECT_STREQ(doc.child("ErrorResponse").child("RequestId").text().get(), "req-2");
}

TEST(JsonCodec, ErrorCarriesTypeAndMessage) {
  auto r = EncodeError(kCloudTrail, core::Error{"InvalidMaxResultsException", "bad"}, "req-3");
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(Header(r, "Content-Type"), "application/x-amz-json-1.1");
  auto body = boost::json::parse(r.body).as_object();
  EXPECT_EQ(body["__type"].as_string(), "InvalidMaxResultsException");
  EXPECT_EQ(body["message"].as_string(), "bad");
}

TEST(ErrorCodes, ServerFaultsAreReceiverErrors) {
  auto r = EncodeError(kSts, core::Error{"InternalFailure", "x"}, "r");
  EXPECT_EQ(r.status, 500u);
  EXPECT_NE(r.body.find("<Type>Receiver</Type>"), std::string::npos);
}

TEST(ErrorCodes, ModelledErrorsTakeTheirModelsStatus) {
  // IAM's NoSuchEntityException: awsQueryError code NoSuchEntity, 404 (botocore's iam model).
  EXPECT_EQ(ShapeOfError(FindServiceModel("iam"), "NoSuchEntity").http_status, 404u);
  EXPECT_EQ(ShapeOfError(FindServiceModel("iam"), "ReportInProgress").http_status, 404u);
  EXPECT_FALSE(ShapeOfError(FindServiceModel("iam"), "ServiceFailure").sender_fault);
}

TEST(ErrorCodes, AModelOverridesTheCommonTable) {
  // Access Analyzer models AccessDeniedException as 403; the common errors page says 400.
  EXPECT_EQ(ShapeOfError(FindServiceModel("access-analyzer"), "AccessDeniedException").http_status, 403u);
  EXPECT_EQ(ShapeOfError(nullptr, "AccessDeniedException").http_status, 400u);
}

TEST(ErrorCodes, UnmodelledCodesFallBackToCommonThenClientError) {
  EXPECT_EQ(ShapeOfError(FindServiceModel("sts"), "InvalidClientTokenId").http_status, 403u);
  EXPECT_EQ(ShapeOfError(FindServiceModel("sts"), "NoSuchThing").http_status, 400u);
  EXPECT_FALSE(CommonError("NoSuchEntity").has_value());  // IAM's own: never in the common table.
}

TEST(ErrorCodes, QueryTypeComesFromTheModel) {
  ServiceProtocol iam{Protocol::kQuery, "https://iam.amazonaws.com/doc/2010-05-08/", "", FindServiceModel("iam")};
  auto r = EncodeError(iam, core::Error{"ServiceFailure", "x"}, "r");
  EXPECT_EQ(r.status, 500u);
  EXPECT_NE(r.body.find("<Type>Receiver</Type>"), std::string::npos);
}

TEST(ErrorCodes, QueryCompatibleJsonServicesSayTheQueryCode) {
  ServiceModel model;
  Shape shape;
  shape.name = "QueueDoesNotExist";
  shape.is_error = true;
  shape.error_code = "AWS.SimpleQueueService.NonExistentQueue";
  shape.http_status = 400;
  shape.sender_fault = true;
  model.aws_query_compatible = true;
  model.errors.emplace(shape.name, &shape);
  model.errors.emplace(shape.error_code, &shape);
  ServiceProtocol wire{Protocol::kJson10, "", "AmazonSQS", &model};
  auto r = EncodeError(wire, core::Error{"QueueDoesNotExist", "gone"}, "r");
  EXPECT_EQ(Header(r, "x-amzn-query-error"), "AWS.SimpleQueueService.NonExistentQueue;Sender");
}

}  // namespace
}  // namespace bulwark::protocol
