// Parsing the Authorization header and presigned query parameters: the shapes AWS accepts and the
// IncompleteSignature / MissingAuthenticationToken answers to malformed ones.
#include "sigv4/authorization.h"

#include <gtest/gtest.h>

#include "sigv4/errors.h"

namespace bulwark::sigv4 {
namespace {

const Limits kLimits;
constexpr std::string_view kSignature = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";
constexpr std::string_view kValid =
    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
    "SignedHeaders=host;x-amz-date, "
    "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";

core::Error ParseError(std::string_view value) {
  auto parsed = ParseAuthorizationHeader(value, kLimits);
  EXPECT_FALSE(parsed.ok()) << value;
  return parsed.ok() ? core::Error{} : parsed.error();
}

bool Contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

TEST(ParseAuthorizationHeader, ParsesEveryComponent) {
  auto parsed = ParseAuthorizationHeader(kValid, kLimits);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->location, SignatureLocation::kAuthorizationHeader);
  EXPECT_EQ(parsed->credential.access_key_id, "AKIDEXAMPLE");
  EXPECT_EQ(parsed->credential.scope.ToString(), "20150830/us-east-1/service/aws4_request");
  EXPECT_EQ(parsed->signed_headers, (std::vector<std::string>{"host", "x-amz-date"}));
  EXPECT_EQ(parsed->signature, kSignature);
}

TEST(ParseAuthorizationHeader, ToleratesSpacingAndComponentOrder) {
  auto parsed = ParseAuthorizationHeader(
      "  AWS4-HMAC-SHA256   Signature=abc,SignedHeaders=Host;X-Amz-Date "
      ",\tCredential=AKID/d/r/s/aws4_request  ",
      kLimits);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->signature, "abc");
  EXPECT_EQ(parsed->signed_headers, (std::vector<std::string>{"host", "x-amz-date"}));
}

TEST(ParseAuthorizationHeader, ReportsMissingSignatureLikeAws) {
  const core::Error error =
      ParseError("AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/iam/aws4_request, SignedHeaders=host");
  EXPECT_EQ(error.code, kIncompleteSignature);
  EXPECT_TRUE(Contains(error.message, "Authorization header requires 'Signature' parameter."));
  EXPECT_TRUE(Contains(error.message, "Authorization=AWS4-HMAC-SHA256 Credential="));
}

TEST(ParseAuthorizationHeader, ReportsEveryMissingComponentAtOnce) {
  const core::Error error = ParseError("AWS4-HMAC-SHA256");
  EXPECT_EQ(error.code, kIncompleteSignature);
  EXPECT_TRUE(Contains(error.message, "requires 'Credential' parameter."));
  EXPECT_TRUE(Contains(error.message, "requires 'Signature' parameter."));
  EXPECT_TRUE(Contains(error.message, "requires 'SignedHeaders' parameter."));
}

TEST(ParseAuthorizationHeader, TreatsEmptyValuesAsMissing) {
  const core::Error error = ParseError("AWS4-HMAC-SHA256 Credential=, SignedHeaders=host, Signature=");
  EXPECT_TRUE(Contains(error.message, "requires 'Credential' parameter."));
  EXPECT_TRUE(Contains(error.message, "requires 'Signature' parameter."));
}

TEST(ParseAuthorizationHeader, RejectsComponentWithoutEqualSign) {
  const core::Error error = ParseError("AWS4-HMAC-SHA256 Credential, SignedHeaders=host, Signature=abc");
  EXPECT_EQ(error.code, kIncompleteSignature);
  EXPECT_TRUE(Contains(error.message, "not a valid key=value pair (missing equal-sign)"));
}

TEST(ParseAuthorizationHeader, RejectsOtherAlgorithms) {
  for (std::string_view value : {"AWS4-HMAC-SHA512 Credential=a/b/c/d/e, SignedHeaders=host, Signature=x",
                                 "AWS AKIDEXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=", "Bearer token", "", "   "}) {
    const core::Error error = ParseError(value);
    EXPECT_EQ(error.code, kIncompleteSignature) << value;
    EXPECT_TRUE(Contains(error.message, "Unsupported AWS 'algorithm'")) << value;
  }
}

TEST(ParseAuthorizationHeader, RejectsRepeatedComponent) {
  EXPECT_EQ(ParseError(std::string(kValid) + ", Signature=abc").code, kIncompleteSignature);
}

TEST(ParseAuthorizationHeader, RejectsUnknownComponent) {
  EXPECT_EQ(ParseError(std::string(kValid) + ", Extra=1").code, kIncompleteSignature);
}

TEST(ParseAuthorizationHeader, RejectsCredentialWithWrongElementCount) {
  const core::Error error =
      ParseError("AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1, SignedHeaders=host, Signature=abc");
  EXPECT_EQ(error.code, kIncompleteSignature);
  EXPECT_TRUE(Contains(error.message, "Credential must have exactly 5 slash-delimited elements"));
}

TEST(ParseAuthorizationHeader, RejectsEmptyOrRepeatedSignedHeaderNames) {
  const std::string prefix =
      "AWS4-HMAC-SHA256 Credential=AKID/d/r/s/aws4_request, Signature=abc, SignedHeaders=";
  EXPECT_EQ(ParseError(prefix + "host;;x-amz-date").code, kIncompleteSignature);
  EXPECT_EQ(ParseError(prefix + "host;").code, kIncompleteSignature);
  EXPECT_EQ(ParseError(prefix + "host;Host").code, kIncompleteSignature);
}

TEST(ParseAuthorizationHeader, RejectsTooManySignedHeaders) {
  Limits limits;
  limits.max_signed_headers = 2;
  auto parsed = ParseAuthorizationHeader(
      "AWS4-HMAC-SHA256 Credential=AKID/d/r/s/aws4_request, Signature=abc, SignedHeaders=a;b;c", limits);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, kIncompleteSignature);
}

TEST(ParseAuthorizationHeader, RejectsOverlongHeader) {
  Limits limits;
  limits.max_authorization_bytes = 64;
  auto parsed = ParseAuthorizationHeader(kValid, limits);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, kIncompleteSignature);
}

constexpr std::string_view kPresigned =
    "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_"
    "request"
    "&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Expires=3600&X-Amz-Security-Token=tok%2Ben"
    "&X-Amz-Signature=e93c787ed7f371d5c6b165c1b38ede9550f4dce4144713e844b25b7192d3865d";

TEST(ParsePresignedQuery, ParsesEveryParameter) {
  auto parsed = ParsePresignedQuery(kPresigned, kLimits);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->location, SignatureLocation::kQueryString);
  EXPECT_EQ(parsed->credential.access_key_id, "AKIDEXAMPLE");
  EXPECT_EQ(parsed->credential.scope.service, "service");
  EXPECT_EQ(parsed->amz_date, "20150830T123600Z");
  EXPECT_EQ(parsed->expires, "3600");
  EXPECT_EQ(parsed->signed_headers, std::vector<std::string>{"host"});
  EXPECT_EQ(parsed->security_token, "tok+en");
  EXPECT_EQ(parsed->signature, "e93c787ed7f371d5c6b165c1b38ede9550f4dce4144713e844b25b7192d3865d");
}

TEST(ParsePresignedQuery, ReportsMissingParametersLikeAws) {
  auto parsed = ParsePresignedQuery("X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20150830T123600Z", kLimits);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, kIncompleteSignature);
  EXPECT_TRUE(
      Contains(parsed.error().message, "AWS query-string parameters must include 'X-Amz-Credential'."));
  EXPECT_TRUE(Contains(parsed.error().message, "must include 'X-Amz-Signature'."));
  EXPECT_TRUE(Contains(parsed.error().message, "must include 'X-Amz-Expires'."));
  EXPECT_FALSE(Contains(parsed.error().message, "'X-Amz-Date'"));
  EXPECT_TRUE(Contains(parsed.error().message, "Re-examine the query-string parameters."));
}

TEST(ParsePresignedQuery, RejectsRepeatedParameter) {
  auto parsed = ParsePresignedQuery(std::string(kPresigned) + "&X-Amz-Date=20150830T123700Z", kLimits);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, kIncompleteSignature);
}

TEST(ParsePresignedQuery, RejectsOtherAlgorithm) {
  std::string query(kPresigned);
  query.replace(query.find("SHA256"), 6, "SHA512");
  auto parsed = ParsePresignedQuery(query, kLimits);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, kIncompleteSignature);
}

HttpRequest RequestWith(std::vector<HeaderField> headers, std::string query = "") {
  HttpRequest request;
  request.method = "GET";
  request.path = "/";
  request.query = std::move(query);
  request.headers = std::move(headers);
  return request;
}

TEST(ParseSignedRequest, MissingBothFormsIsMissingAuthenticationToken) {
  auto parsed = ParseSignedRequest(RequestWith({{"Host", "h"}}, "Action=ListUsers"), kLimits);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, kMissingAuthenticationToken);
  EXPECT_EQ(parsed.error().message, "Request is missing Authentication Token");
}

TEST(ParseSignedRequest, RejectsBothForms) {
  auto parsed = ParseSignedRequest(
      RequestWith({{"Host", "h"}, {"Authorization", std::string(kValid)}}, std::string(kPresigned)), kLimits);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, kIncompleteSignature);
}

TEST(ParseSignedRequest, RejectsTwoAuthorizationHeaders) {
  auto parsed = ParseSignedRequest(
      RequestWith({{"Authorization", std::string(kValid)}, {"authorization", std::string(kValid)}}), kLimits);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, kIncompleteSignature);
}

TEST(ParseSignedRequest, PicksUpTheSecurityTokenHeader) {
  auto parsed = ParseSignedRequest(
      RequestWith({{"Authorization", std::string(kValid)}, {"X-Amz-Security-Token", "token"}}), kLimits);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->security_token, "token");
}

TEST(ParseSignedRequest, RejectsTwoSecurityTokenHeaders) {
  auto parsed = ParseSignedRequest(RequestWith({{"Authorization", std::string(kValid)},
                                                {"X-Amz-Security-Token", "a"},
                                                {"x-amz-security-token", "b"}}),
                                   kLimits);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, kIncompleteSignature);
}

TEST(ParseSignedRequest, PresignedParametersWithoutAlgorithmStillCountAsPresigned) {
  auto parsed = ParseSignedRequest(RequestWith({{"Host", "h"}}, "X-Amz-Signature=abc"), kLimits);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, kIncompleteSignature);
  EXPECT_TRUE(Contains(parsed.error().message, "must include 'X-Amz-Algorithm'"));
}

TEST(ParseSignedRequest, EnforcesRequestLimits) {
  Limits limits;
  limits.max_headers = 1;
  auto too_many =
      ParseSignedRequest(RequestWith({{"Host", "h"}, {"Authorization", std::string(kValid)}}), limits);
  ASSERT_FALSE(too_many.ok());
  EXPECT_EQ(too_many.error().code, kRequestEntityTooLarge);

  limits = Limits{};
  limits.max_header_bytes = 16;
  auto too_big = ParseSignedRequest(RequestWith({{"Authorization", std::string(kValid)}}), limits);
  ASSERT_FALSE(too_big.ok());
  EXPECT_EQ(too_big.error().code, kRequestEntityTooLarge);

  limits = Limits{};
  limits.max_query_params = 1;
  auto too_many_params = ParseSignedRequest(RequestWith({{"Host", "h"}}, "a=1&b=2"), limits);
  ASSERT_FALSE(too_many_params.ok());
  EXPECT_EQ(too_many_params.error().code, kRequestEntityTooLarge);
}

}  // namespace
}  // namespace bulwark::sigv4
