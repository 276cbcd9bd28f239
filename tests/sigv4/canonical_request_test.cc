#include "sigv4/canonical_request.h"

#include <gtest/gtest.h>

#include "sigv4/errors.h"

namespace bulwark::sigv4 {
namespace {

const Limits kLimits;

std::string Query(std::string_view raw, bool presigned = false) {
  auto query = CanonicalQueryString(raw, presigned, kLimits);
  EXPECT_TRUE(query.ok()) << raw;
  return query.ok() ? *query : std::string();
}

TEST(CanonicalUri, DoubleEncodesTheWirePathForNonS3Services) {
  // A client sends "/a b" as "/a%20b" and signs the encoding of that: "/a%2520b".
  EXPECT_EQ(CanonicalUri("/a%20b", CanonicalOptions{}), "/a%2520b");
  EXPECT_EQ(CanonicalUri("", CanonicalOptions{}), "/");
}

TEST(CanonicalUri, UsesTheWirePathAsIsForS3) {
  EXPECT_EQ(CanonicalUri("/bucket/a%20b/../c//", kS3CanonicalOptions), "/bucket/a%20b/../c//");
  EXPECT_EQ(CanonicalUri("", kS3CanonicalOptions), "/");
}

TEST(CanonicalUri, NormalisationCanBeDisabledAlone) {
  EXPECT_EQ(CanonicalUri("//a/./b", CanonicalOptions{false, true}), "//a/./b");
  EXPECT_EQ(CanonicalUri("//a/./b", CanonicalOptions{true, true}), "/a/b");
}

TEST(CanonicalQueryString, SortsByEncodedNameThenValue) {
  EXPECT_EQ(Query("b=2&a=3&a=1&A=0"), "A=0&a=1&a=3&b=2");
}

TEST(CanonicalQueryString, ReEncodesDecodedParameters) {
  // '+' is a space and "%2B" a plus, as the handlers decode them (core/form_encoding.h): the
  // signature covers exactly the values that will run (issue 17, finding 12).
  EXPECT_EQ(Query("k=a%20b&k2=a+b&k3=%7e&k5=a%2Bb&%E1%88%b4=x"), "%E1%88%B4=x&k=a%20b&k2=a%20b&k3=~&k5=a%2Bb");
}

TEST(CanonicalQueryString, RefusesWhatTheHandlersWouldRefuse) {
  for (std::string_view bad : {"k4=%zz", "k=%FF", "k=%"}) {
    auto query = CanonicalQueryString(bad, false, kLimits);
    ASSERT_FALSE(query.ok()) << bad;
    EXPECT_EQ(query.error().code, "MalformedQueryString");
  }
}

TEST(CanonicalQueryString, GivesValuelessParametersAnEmptyValue) {
  EXPECT_EQ(Query("flag&x=&&y=1"), "flag=&x=&y=1");
}

TEST(CanonicalQueryString, DropsTheSignatureOnlyWhenPresigned) {
  EXPECT_EQ(Query("X-Amz-Signature=abc&a=1", /*presigned=*/true), "a=1");
  EXPECT_EQ(Query("X-Amz-Signature=abc&a=1", /*presigned=*/false), "X-Amz-Signature=abc&a=1");
}

TEST(CanonicalQueryString, RejectsTooManyParameters) {
  Limits limits;
  limits.max_query_params = 2;
  auto query = CanonicalQueryString("a=1&b=2&c=3", false, limits);
  ASSERT_FALSE(query.ok());
  EXPECT_EQ(query.error().code, kRequestEntityTooLarge);
}

TEST(CanonicalQueryString, RejectsTooLongQuery) {
  Limits limits;
  limits.max_query_bytes = 4;
  EXPECT_FALSE(CanonicalQueryString("a=123", false, limits).ok());
}

TEST(CanonicalHeaderValue, TrimsAndCollapsesWhiteSpace) {
  EXPECT_EQ(CanonicalHeaderValue("  value1  "), "value1");
  EXPECT_EQ(CanonicalHeaderValue("\"a   b   c\""), "\"a b c\"");
  EXPECT_EQ(CanonicalHeaderValue("value1\n  value2\n     value3"), "value1 value2 value3");
  EXPECT_EQ(CanonicalHeaderValue("a\t\tb"), "a b");
  EXPECT_EQ(CanonicalHeaderValue(" \t "), "");
}

TEST(BuildCanonicalHeaders, JoinsRepeatedHeadersInArrivalOrder) {
  const std::vector<HeaderField> headers{{"Host", "h"}, {"My-Header1", "value2"}, {"my-header1", " value1 "}};
  auto canonical = BuildCanonicalHeaders(headers, {"host", "my-header1"}, kLimits);
  ASSERT_TRUE(canonical.ok());
  EXPECT_EQ(canonical->block, "host:h\nmy-header1:value2,value1\n");
  EXPECT_EQ(canonical->signed_headers, "host;my-header1");
}

TEST(BuildCanonicalHeaders, RejectsSignedHeaderMissingFromRequest) {
  auto canonical = BuildCanonicalHeaders({{"Host", "h"}}, {"host", "x-amz-date"}, kLimits);
  ASSERT_FALSE(canonical.ok());
  EXPECT_EQ(canonical.error().code, kSignatureDoesNotMatch);
}

TEST(BuildCanonicalHeaders, RejectsTooManyHeaders) {
  Limits limits;
  limits.max_headers = 1;
  auto canonical = BuildCanonicalHeaders({{"Host", "h"}, {"A", "b"}}, {"host"}, limits);
  ASSERT_FALSE(canonical.ok());
  EXPECT_EQ(canonical.error().code, kRequestEntityTooLarge);
}

TEST(CanonicalRequest, AssemblesSixParts) {
  HttpRequest request;
  request.method = "GET";
  request.path = "/";
  request.query = "b=2&a=1";
  request.headers = {{"Host", "example.amazonaws.com"}, {"X-Amz-Date", "20150830T123600Z"}};
  auto canonical =
      CanonicalRequest(request, {"host", "x-amz-date"}, "HASH", false, CanonicalOptions{}, kLimits);
  ASSERT_TRUE(canonical.ok());
  EXPECT_EQ(
      *canonical,
      "GET\n/\na=1&b=2\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\nHASH");
}

TEST(CanonicalRequest, RejectsTooLongPath) {
  Limits limits;
  limits.max_path_bytes = 3;
  HttpRequest request;
  request.method = "GET";
  request.path = "/abcd";
  request.headers = {{"Host", "h"}};
  auto canonical = CanonicalRequest(request, {"host"}, "HASH", false, CanonicalOptions{}, limits);
  ASSERT_FALSE(canonical.ok());
  EXPECT_EQ(canonical.error().code, kRequestEntityTooLarge);
}

}  // namespace
}  // namespace bulwark::sigv4
