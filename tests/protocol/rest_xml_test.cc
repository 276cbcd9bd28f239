// REST-XML (S3) against the embedded botocore model: which operation a request routes to, how its
// parts decode, S3's errors, and the XML and headers an output encodes to. The botocore round trip
// (botocore_roundtrip_test.py) covers every operation; these pin the edge cases.
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "protocol/rest_router.h"
#include "protocol/rest_xml_decoder.h"
#include "protocol/rest_xml_encoder.h"
#include "protocol/timestamp_format.h"

namespace bulwark::protocol {
namespace {

namespace json = boost::json;

const ServiceModel& S3() { return *FindServiceModel("s3"); }

// The operation name, or the error code.
std::string Route(std::string_view method, std::string_view target, std::vector<Header> headers = {}) {
  const std::size_t q = target.find('?');
  auto query = core::DecodeForm(q == std::string_view::npos ? "" : target.substr(q + 1), {});
  if (!query.ok()) return query.error().code;
  auto op = RouteRestOperation(S3(), method, target.substr(0, q), *query, headers);
  return op.ok() ? (*op)->name : op.error().code;
}

core::Result<RestXmlCall> Read(std::string_view method, std::string_view target, const std::vector<Header>& headers = {},
                               std::string_view body = "") {
  const std::size_t q = target.find('?');
  RestRequest request;
  request.method = method;
  request.path = target.substr(0, q);
  request.query = q == std::string_view::npos ? "" : target.substr(q + 1);
  request.headers = &headers;
  request.body = body;
  return ReadRestXmlRequest(S3(), request);
}

std::string ErrorOf(const core::Result<RestXmlCall>& r) { return r.ok() ? "ok" : r.error().code; }

TEST(RestRouter, LiteralQueryKeySelectsTheOperation) {
  EXPECT_EQ(Route("GET", "/bucket"), "ListObjects");
  EXPECT_EQ(Route("GET", "/bucket?acl"), "GetBucketAcl");
  EXPECT_EQ(Route("GET", "/bucket?versioning"), "GetBucketVersioning");
  EXPECT_EQ(Route("GET", "/bucket?uploads"), "ListMultipartUploads");
  EXPECT_EQ(Route("PUT", "/bucket?policy"), "PutBucketPolicy");
  EXPECT_EQ(Route("POST", "/bucket/key?uploads"), "CreateMultipartUpload");
}

TEST(RestRouter, LiteralQueryValueMustMatch) {
  EXPECT_EQ(Route("GET", "/bucket?list-type=2"), "ListObjectsV2");
  EXPECT_EQ(Route("GET", "/bucket?list-type=1"), "ListObjects");
}

TEST(RestRouter, RequiredQueryMemberPicksAmongSharedTemplates) {
  EXPECT_EQ(Route("GET", "/bucket/key"), "GetObject");
  EXPECT_EQ(Route("GET", "/bucket/key?uploadId=u1"), "ListParts");
  EXPECT_EQ(Route("DELETE", "/bucket/key"), "DeleteObject");
  EXPECT_EQ(Route("DELETE", "/bucket/key?uploadId=u1"), "AbortMultipartUpload");
  EXPECT_EQ(Route("GET", "/bucket?analytics"), "ListBucketAnalyticsConfigurations");
  EXPECT_EQ(Route("GET", "/bucket?analytics&id=a"), "GetBucketAnalyticsConfiguration");
}

TEST(RestRouter, RequiredHeaderPicksCopyOperations) {
  const std::vector<Header> copy{{"X-Amz-Copy-Source", "src/key"}};
  EXPECT_EQ(Route("PUT", "/bucket/key"), "PutObject");
  EXPECT_EQ(Route("PUT", "/bucket/key", copy), "CopyObject");
  EXPECT_EQ(Route("PUT", "/bucket/key?partNumber=1&uploadId=u"), "UploadPart");
  EXPECT_EQ(Route("PUT", "/bucket/key?partNumber=1&uploadId=u", copy), "UploadPartCopy");
}

TEST(RestRouter, DeprecatedAndControlEndpointOperationsLoseTies) {
  EXPECT_EQ(Route("GET", "/bucket?lifecycle"), "GetBucketLifecycleConfiguration");
  EXPECT_EQ(Route("PUT", "/bucket?notification"), "PutBucketNotificationConfiguration");
  EXPECT_EQ(Route("GET", "/"), "ListBuckets");
}

TEST(RestRouter, GreedyKeyKeepsSlashesAndDecodes) {
  auto labels = MatchUriTemplate("/{Bucket}/{Key+}", "/b/dir/sub%20dir/file%2Bx.txt");
  ASSERT_TRUE(labels.ok());
  ASSERT_TRUE(labels->has_value());
  EXPECT_EQ((**labels).at("Bucket"), "b");
  EXPECT_EQ((**labels).at("Key"), "dir/sub dir/file+x.txt");
}

TEST(RestRouter, TrailingSlashIsTheBucket) {
  EXPECT_EQ(Route("GET", "/bucket/"), "ListObjects");
  EXPECT_EQ(Route("HEAD", "/bucket/"), "HeadBucket");
  EXPECT_EQ(Route("HEAD", "/bucket/k"), "HeadObject");
}

TEST(RestRouter, LiteralPathSegmentBeatsALabel) {
  EXPECT_EQ(Route("POST", "/WriteGetObjectResponse"), "WriteGetObjectResponse");
}

TEST(RestRouter, UnknownShapesAndMethodsAreRefused) {
  EXPECT_EQ(Route("PATCH", "/bucket"), "MethodNotAllowed");
  EXPECT_EQ(Route("GET", "no-slash"), "InvalidURI");
  EXPECT_EQ(Route("GET", "/b/%zz"), "InvalidURI");
  EXPECT_EQ(Route("GET", "/b/%C3%28"), "InvalidURI");  // Not UTF-8 once decoded.
}

TEST(RestXmlDecoder, HeadersQueryAndMetadataDecodeByTheModel) {
  auto call = Read("PUT", "/bucket/a/b.txt",
                   {{"Content-Length", "11"},
                    {"x-amz-acl", "private"},
                    {"Expires", "Sun, 29 Nov 2026 05:44:49 GMT"},
                    {"x-amz-meta-Color", "blue"},
                    {"X-Amz-Meta-size", "L"}},
                   "hello world");
  ASSERT_TRUE(call.ok()) << call.error().message;
  EXPECT_EQ(call->operation->name, "PutObject");
  const json::object& m = call->input.members;
  EXPECT_EQ(m.at("Bucket"), "bucket");
  EXPECT_EQ(m.at("Key"), "a/b.txt");
  EXPECT_EQ(m.at("ContentLength"), 11);
  EXPECT_EQ(m.at("ACL"), "private");
  EXPECT_EQ(m.at("Expires"), "2026-11-29T05:44:49Z");
  EXPECT_EQ(m.at("Metadata"), (json::object{{"Color", "blue"}, {"size", "L"}}));
  // The body is not copied into the members: the pipeline streams it.
  EXPECT_EQ(m.at("Body"), (json::object{{"payload", "body"}, {"size", 11}}));
}

TEST(RestXmlDecoder, XmlPayloadDecodesNestedFlattenedLists) {
  auto call = Read("POST", "/bucket?delete", {},
                   "<?xml version=\"1.0\"?><Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                   "<Object><Key>a</Key></Object><Object><Key>b</Key><VersionId>v</VersionId></Object>"
                   "<Quiet>true</Quiet></Delete>");
  ASSERT_TRUE(call.ok()) << call.error().message;
  EXPECT_EQ(json::serialize(call->input.members.at("Delete")),
            R"({"Objects":[{"Key":"a"},{"Key":"b","VersionId":"v"}],"Quiet":true})");
}

TEST(RestXmlDecoder, MalformedOrMismatchedXmlIsMalformedXml) {
  EXPECT_EQ(ErrorOf(Read("PUT", "/bucket?versioning", {}, "<VersioningConfiguration><Status>")), "MalformedXML");
  EXPECT_EQ(ErrorOf(Read("PUT", "/bucket?versioning", {}, "<Other/>")), "MalformedXML");
  EXPECT_EQ(ErrorOf(Read("PUT", "/bucket?versioning", {},
                         "<VersioningConfiguration><Status>Maybe</Status></VersioningConfiguration>")),
            "MalformedXML");
  EXPECT_EQ(ErrorOf(Read("PUT", "/bucket?versioning", {}, "")), "MissingRequestBodyError");
}

TEST(RestXmlDecoder, HeaderAndQueryProblemsAreS3Errors) {
  EXPECT_EQ(ErrorOf(Read("GET", "/bucket?max-keys=ten")), "InvalidArgument");
  EXPECT_EQ(ErrorOf(Read("GET", "/bucket?max-keys=1&max-keys=2")), "InvalidArgument");
  EXPECT_EQ(ErrorOf(Read("PUT", "/bucket/k", {{"x-amz-acl", "everyone"}})), "InvalidArgument");
  EXPECT_EQ(ErrorOf(Read("GET", "/bucket/k", {{"If-Modified-Since", "yesterday"}})), "InvalidArgument");
  EXPECT_EQ(ErrorOf(Read("GET", "/bucket?x=%zz")), "InvalidURI");
}

TEST(RestXmlDecoder, XmlBodyOverTheLimitIsRefused) {
  RestXmlLimits limits;
  limits.max_xml_bytes = 16;
  const std::vector<Header> none;
  RestRequest request{"PUT", "/bucket", "versioning", &none,
                      "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>"};
  auto r = ReadRestXmlRequest(S3(), request, {}, limits);
  EXPECT_EQ(ErrorOf(r), "MaxMessageLengthExceeded");
}

TEST(RestXmlEncoder, StatusHeadersAndFlattenedXml) {
  const OperationModel& op = *S3().Find("ListObjectsV2");
  auto response = EncodeRestXmlResult(
      op, json::object{{"Name", "b"}, {"KeyCount", 2}, {"Contents", json::array{json::object{{"Key", "a"}}, json::object{{"Key", "c"}}}}},
      "req-1");
  EXPECT_EQ(response.status, 200u);
  EXPECT_NE(response.body.find("<Name>b</Name>"), std::string::npos) << response.body;
  EXPECT_NE(response.body.find("<Contents><Key>a</Key></Contents><Contents><Key>c</Key></Contents>"), std::string::npos)
      << response.body;
}

TEST(RestXmlEncoder, ResponseCodeAndRfc1123Headers) {
  EXPECT_EQ(EncodeRestXmlResult(*S3().Find("DeleteBucket"), {}, "r").status, 204u);
  auto head = EncodeRestXmlResult(*S3().Find("HeadObject"),
                                  json::object{{"LastModified", "2026-11-29T05:44:49Z"}, {"Metadata", json::object{{"color", "blue"}}}}, "r");
  bool last_modified = false, meta = false;
  for (const auto& [k, v] : head.headers) {
    last_modified = last_modified || (k == "Last-Modified" && v == "Sun, 29 Nov 2026 05:44:49 GMT");
    meta = meta || (k == "x-amz-meta-color" && v == "blue");
  }
  EXPECT_TRUE(last_modified);
  EXPECT_TRUE(meta);
  EXPECT_TRUE(head.body.empty());
}

TEST(RestXmlEncoder, ErrorIsS3Shaped) {
  auto response = EncodeRestXmlError(FindServiceModel("s3"), {"MalformedXML", "bad <xml>"}, "req-9");
  EXPECT_EQ(response.status, 400u);
  EXPECT_NE(response.body.find("<Error><Code>MalformedXML</Code><Message>bad &lt;xml&gt;</Message><RequestId>req-9</RequestId></Error>"),
            std::string::npos)
      << response.body;
}

TEST(TimestampFormat, Rfc1123RoundTripsAndRejectsJunk) {
  auto t = ParseTimestamp("Sun, 29 Nov 2026 05:44:49 GMT", "rfc822");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(FormatTimestamp(*t, "iso8601"), "2026-11-29T05:44:49Z");
  EXPECT_EQ(FormatTimestamp(*t, "rfc822"), "Sun, 29 Nov 2026 05:44:49 GMT");
  EXPECT_FALSE(ParseTimestamp("Sun, 29 Foo 2026 05:44:49 GMT", "rfc822").has_value());
  EXPECT_FALSE(ParseTimestamp("2026-11-29T05:44:49Zjunk", "iso8601").has_value());
}

}  // namespace
}  // namespace bulwark::protocol
