// The Verifier on requests signed by our signer, then damaged one way at a time.
#include "sigv4/verifier.h"

#include <gtest/gtest.h>

#include "sigv4/errors.h"
#include "sigv4/signature.h"
#include "sigv4/signer.h"
#include "sigv4/string_to_sign.h"
#include "sigv4/time_format.h"

namespace bulwark::sigv4 {
namespace {

constexpr int64_t kNow = 1440938160;  // 2015-08-30T12:36:00Z
constexpr std::string_view kAccessKeyId = "AKIDEXAMPLE";
constexpr std::string_view kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

// Helper verbs: build, sign, damage, verify.
HttpRequest ListUsers() {
  HttpRequest request;
  request.method = "POST";
  request.path = "/";
  request.headers = {{"Host", "iam.amazonaws.com"},
                     {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
                     {"User-Agent", "aws-cli/2.15"}};
  request.body = "Action=ListUsers&Version=2010-05-08";
  return request;
}

SigningInput Input(int64_t time = kNow) {
  SigningInput input;
  input.access_key_id = std::string(kAccessKeyId);
  input.secret_access_key = std::string(kSecret);
  input.region = "us-east-1";
  input.service = "iam";
  input.time = time;
  return input;
}

HttpRequest Signed(HttpRequest request = ListUsers(), const SigningInput& input = Input()) {
  auto result = SignWithAuthorizationHeader(std::move(request), input);
  EXPECT_TRUE(result.ok());
  return result.ok() ? result->request : HttpRequest{};
}

HttpRequest Presigned(int64_t expires = 3600, int64_t time = kNow) {
  HttpRequest request;
  request.method = "GET";
  request.path = "/";
  request.query = "Action=GetCallerIdentity&Version=2011-06-15";
  request.headers = {{"Host", "sts.amazonaws.com"}};
  SigningInput input = Input(time);
  input.service = "sts";
  input.expires_seconds = expires;
  auto result = Presign(std::move(request), input);
  EXPECT_TRUE(result.ok());
  return result.ok() ? result->request : HttpRequest{};
}

SecretLookup Keys(std::string secret = std::string(kSecret)) {
  return [secret](std::string_view id) -> core::Result<std::string> {
    if (id != kAccessKeyId) {
      return core::Error{"InvalidClientTokenId", "The security token included in the request is invalid."};
    }
    return secret;
  };
}

core::Result<VerifiedRequest> Verify(const HttpRequest& request, int64_t now = kNow,
                                     std::string_view service = "iam", const SecretLookup& lookup = Keys(),
                                     VerifierOptions options = {}) {
  const Verifier verifier(std::move(options));
  return verifier.Verify(request, service, now, lookup);
}

void SetHeader(HttpRequest& request, std::string_view name, std::string value) {
  for (HeaderField& header : request.headers) {
    if (EqualsIgnoreCase(header.name, name)) header.value = value;
  }
}

void ReplaceInAuthorization(HttpRequest& request, std::string_view from, std::string_view to) {
  for (HeaderField& header : request.headers) {
    if (!EqualsIgnoreCase(header.name, "Authorization")) continue;
    const std::size_t at = header.value.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    header.value.replace(at, from.size(), to);
  }
}

void ReplaceInQuery(HttpRequest& request, std::string_view from, std::string_view to) {
  const std::size_t at = request.query.find(from);
  ASSERT_NE(at, std::string::npos) << from;
  request.query.replace(at, from.size(), to);
}

void ExpectError(const core::Result<VerifiedRequest>& result, std::string_view code,
                 std::string_view message_part = "") {
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, code) << result.error().message;
  EXPECT_NE(result.error().message.find(message_part), std::string::npos) << result.error().message;
}

TEST(Verifier, AcceptsHeaderSignedRequest) {
  auto verified = Verify(Signed());
  ASSERT_TRUE(verified.ok()) << verified.error().message;
  EXPECT_EQ(verified->location, SignatureLocation::kAuthorizationHeader);
  EXPECT_EQ(verified->access_key_id, kAccessKeyId);
  EXPECT_EQ(verified->scope.ToString(), "20150830/us-east-1/iam/aws4_request");
  EXPECT_EQ(verified->request_time, kNow);
  EXPECT_EQ(verified->expires_at, 0);
  EXPECT_TRUE(verified->security_token.empty());
}

TEST(Verifier, ReturnsTheSessionToken) {
  SigningInput input = Input();
  input.session_token = "FwoGZXIvYXdzEXAMPLE";
  auto verified = Verify(Signed(ListUsers(), input));
  ASSERT_TRUE(verified.ok()) << verified.error().message;
  EXPECT_EQ(verified->security_token, "FwoGZXIvYXdzEXAMPLE");
}

TEST(Verifier, RejectsWrongSecret) {
  ExpectError(Verify(Signed(), kNow, "iam", Keys("not-the-secret")), kSignatureDoesNotMatch,
              "The request signature we calculated does not match the signature you provided.");
}

TEST(Verifier, RejectsWrongSecretEvenAfterTheRightOneWasCached) {
  const Verifier verifier(VerifierOptions{});
  const HttpRequest request = Signed();
  ASSERT_TRUE(verifier.Verify(request, "iam", kNow, Keys()).ok());
  ExpectError(verifier.Verify(request, "iam", kNow, Keys("rotated-secret")), kSignatureDoesNotMatch);
}

TEST(Verifier, PassesOnTheLookupErrorForUnknownKeys) {
  HttpRequest request = Signed();
  ReplaceInAuthorization(request, "Credential=AKIDEXAMPLE", "Credential=AKIDUNKNOWN");
  ExpectError(Verify(request), "InvalidClientTokenId");
}

TEST(Verifier, RejectsTamperedSignedHeader) {
  HttpRequest request = Signed();
  SetHeader(request, "Content-Type", "application/json");
  ExpectError(Verify(request), kSignatureDoesNotMatch);
}

TEST(Verifier, IgnoresChangesToUnsignedHeaders) {
  HttpRequest request = Signed();
  SetHeader(request, "User-Agent", "something-else");
  request.headers.push_back({"X-Forwarded-For", "10.0.0.1"});
  EXPECT_TRUE(Verify(request).ok());
}

TEST(Verifier, RejectsTamperedBody) {
  HttpRequest request = Signed();
  request.body = "Action=DeleteUser&UserName=alice&Version=2010-05-08";
  ExpectError(Verify(request), kSignatureDoesNotMatch);
}

TEST(Verifier, RejectsTamperedPathAndQuery) {
  HttpRequest path = Signed();
  path.path = "/other";
  ExpectError(Verify(path), kSignatureDoesNotMatch);
  HttpRequest query = Signed();
  query.query = "Action=ListRoles";
  ExpectError(Verify(query), kSignatureDoesNotMatch);
}

TEST(Verifier, RejectsTamperedSignature) {
  HttpRequest request = Signed();
  for (HeaderField& header : request.headers) {
    if (header.name == "Authorization") header.value.back() = header.value.back() == '0' ? '1' : '0';
  }
  ExpectError(Verify(request), kSignatureDoesNotMatch);
}

TEST(Verifier, AcceptsClockSkewUpToFifteenMinutes) {
  EXPECT_TRUE(Verify(Signed(), kNow + 15 * 60).ok());
  EXPECT_TRUE(Verify(Signed(), kNow - 15 * 60).ok());
}

TEST(Verifier, RejectsRequestOlderThanFifteenMinutesLikeSts) {
  ExpectError(Verify(Signed(), kNow + 15 * 60 + 1), kSignatureDoesNotMatch,
              "Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z "
              "(20150830T125101Z - 15 min.)");
}

TEST(Verifier, RejectsRequestMoreThanFifteenMinutesAhead) {
  ExpectError(Verify(Signed(), kNow - 15 * 60 - 1), kSignatureDoesNotMatch,
              "Signature not yet current: 20150830T123600Z is still later than 20150830T123559Z "
              "(20150830T122059Z + 15 min.)");
}

TEST(Verifier, RejectsScopeForAnotherRegion) {
  SigningInput input = Input();
  input.region = "eu-west-1";
  ExpectError(Verify(Signed(ListUsers(), input)), kSignatureDoesNotMatch,
              "Credential should be scoped to a valid region, not 'eu-west-1'.");
}

TEST(Verifier, RejectsScopeForAnotherService) {
  ExpectError(Verify(Signed(), kNow, "sts"), kSignatureDoesNotMatch,
              "Credential should be scoped to correct service: 'sts'.");
}

TEST(Verifier, RejectsScopeDateOtherThanRequestDay) {
  HttpRequest request = Signed();
  ReplaceInAuthorization(request, "/20150830/", "/20150829/");
  ExpectError(Verify(request), kSignatureDoesNotMatch,
              "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
              "'20150829' != '20150830', from 'X-Amz-Date'.");
}

TEST(Verifier, RejectsWrongScopeTerminator) {
  HttpRequest request = Signed();
  ReplaceInAuthorization(request, "/aws4_request", "/aws5_request");
  ExpectError(Verify(request), kSignatureDoesNotMatch,
              "valid terminator: 'aws4_request', not 'aws5_request'");
}

TEST(Verifier, RequiresHostToBeSigned) {
  HttpRequest request = ListUsers();
  request.headers.erase(request.headers.begin());  // No Host while signing...
  HttpRequest signed_request = Signed(request);
  signed_request.headers.push_back({"Host", "iam.amazonaws.com"});  // ...but sent with one.
  ExpectError(Verify(signed_request), kSignatureDoesNotMatch,
              "'Host' or ':authority' must be a 'SignedHeader'");
}

TEST(Verifier, RejectsSignedHeaderMissingFromRequest) {
  HttpRequest request = Signed();
  std::erase_if(request.headers, [](const HeaderField& h) { return h.name == "Content-Type"; });
  ExpectError(Verify(request), kSignatureDoesNotMatch, "content-type");
}

TEST(Verifier, RequiresARequestDate) {
  HttpRequest request = Signed();
  std::erase_if(request.headers, [](const HeaderField& h) { return h.name == "X-Amz-Date"; });
  ExpectError(Verify(request), kIncompleteSignature,
              "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
}

TEST(Verifier, RejectsMalformedAmzDate) {
  HttpRequest request = Signed();
  SetHeader(request, "X-Amz-Date", "2015-08-30T12:36:00Z");
  ExpectError(Verify(request), kIncompleteSignature, "X-Amz-Date");
}

TEST(Verifier, AcceptsTheDateHeaderInsteadOfXAmzDate) {
  // Build by hand with the staged functions: a client that signs with Date, not X-Amz-Date.
  HttpRequest request = ListUsers();
  request.headers.push_back({"Date", "Sun, 30 Aug 2015 12:36:00 GMT"});
  const std::vector<std::string> signed_headers{"content-type", "date", "host"};
  auto canonical = CanonicalRequest(request, signed_headers, PayloadHash(request), false, {}, {});
  ASSERT_TRUE(canonical.ok());
  const CredentialScope scope{"20150830", "us-east-1", "iam"};
  const std::string signature = Signature(DeriveSigningKey(kSecret, scope.date, scope.region, scope.service),
                                          StringToSign("20150830T123600Z", scope, *canonical));
  request.headers.push_back(
      {"Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/" + scope.ToString() +
                            ", SignedHeaders=content-type;date;host, Signature=" + signature});
  auto verified = Verify(request);
  ASSERT_TRUE(verified.ok()) << verified.error().message;
  EXPECT_EQ(verified->request_time, kNow);
}

TEST(Verifier, MissingAuthenticationIsMissingAuthenticationToken) {
  ExpectError(Verify(ListUsers()), kMissingAuthenticationToken, "Request is missing Authentication Token");
}

TEST(Verifier, RejectsMalformedAuthorizationHeader) {
  HttpRequest request = Signed();
  ReplaceInAuthorization(request, ", Signature=", ", Sig=");
  ExpectError(Verify(request), kIncompleteSignature);
}

TEST(Verifier, AcceptsPresignedRequestUntilItExpires) {
  const HttpRequest request = Presigned(60);
  auto verified = Verify(request, kNow + 60, "sts");
  ASSERT_TRUE(verified.ok()) << verified.error().message;
  EXPECT_EQ(verified->location, SignatureLocation::kQueryString);
  EXPECT_EQ(verified->expires_at, kNow + 60);
}

TEST(Verifier, RejectsExpiredPresignedRequestWithRequestExpired) {
  ExpectError(Verify(Presigned(60), kNow + 61, "sts"), kRequestExpired, "Request has expired");
}

TEST(Verifier, RejectsPresignedRequestDatedInTheFuture) {
  ExpectError(Verify(Presigned(3600, kNow + 15 * 60 + 1), kNow, "sts"), kRequestExpired);
  EXPECT_TRUE(Verify(Presigned(3600, kNow + 15 * 60), kNow, "sts").ok());
}

TEST(Verifier, RejectsPresignExpiresOutsideOneSecondToSevenDays) {
  ExpectError(Verify(Presigned(0), kNow, "sts"), kIncompleteSignature, "X-Amz-Expires");
  ExpectError(Verify(Presigned(-5), kNow, "sts"), kIncompleteSignature, "X-Amz-Expires");
  ExpectError(Verify(Presigned(604801), kNow, "sts"), kIncompleteSignature, "604800");
  EXPECT_TRUE(Verify(Presigned(604800), kNow + 604800, "sts").ok());
  HttpRequest not_a_number = Presigned(3600);
  ReplaceInQuery(not_a_number, "X-Amz-Expires=3600", "X-Amz-Expires=1h");
  ExpectError(Verify(not_a_number, kNow, "sts"), kIncompleteSignature, "X-Amz-Expires");
}

TEST(Verifier, RejectsTamperedPresignedQuery) {
  HttpRequest request = Presigned();
  ReplaceInQuery(request, "Action=GetCallerIdentity", "Action=AssumeRole");
  ExpectError(Verify(request, kNow, "sts"), kSignatureDoesNotMatch);
}

TEST(Verifier, RejectsPresignedRequestWithLongerExpiryThanSigned) {
  HttpRequest request = Presigned(60);
  ReplaceInQuery(request, "X-Amz-Expires=60", "X-Amz-Expires=604800");
  ExpectError(Verify(request, kNow + 120, "sts"), kSignatureDoesNotMatch);
}

TEST(Verifier, RejectsPresignedRequestWithAlsoAnAuthorizationHeader) {
  HttpRequest request = Presigned();
  request.headers.push_back(
      {"Authorization", "AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=host, Signature=x"});
  ExpectError(Verify(request, kNow, "sts"), kIncompleteSignature, "Only one authentication mechanism");
}

TEST(Verifier, ExplainsMismatchWhenAsked) {
  VerifierOptions options;
  options.explain_signature_mismatch = true;
  HttpRequest request = Signed();
  request.body = "Action=ListRoles&Version=2010-05-08";
  ExpectError(Verify(request, kNow, "iam", Keys(), options), kSignatureDoesNotMatch,
              "The Canonical String for this request should have been\n'POST\n/\n");
}

TEST(Verifier, S3RulesUseTheWirePathAndTheContentSha256Header) {
  HttpRequest request;
  request.method = "PUT";
  request.path = "/bucket/my%20key";
  request.headers = {{"Host", "s3.amazonaws.com"}, {"x-amz-content-sha256", "UNSIGNED-PAYLOAD"}};
  request.payload_hash = "UNSIGNED-PAYLOAD";  // What the S3 client signs for an unsigned body.
  SigningInput input = Input();
  input.service = "s3";
  input.canonical = kS3CanonicalOptions;
  auto signed_request = SignWithAuthorizationHeader(request, input);
  ASSERT_TRUE(signed_request.ok());
  EXPECT_NE(signed_request->canonical_request.find("\n/bucket/my%20key\n"), std::string::npos);

  HttpRequest received = signed_request->request;
  received.payload_hash.reset();  // The server takes it from the header under S3 rules.
  received.body = "the body";
  VerifierOptions options;
  options.canonical = kS3CanonicalOptions;
  options.s3_payload = true;
  EXPECT_TRUE(Verify(received, kNow, "s3", Keys(), options).ok());

  std::erase_if(received.headers, [](const HeaderField& h) { return h.name == "x-amz-content-sha256"; });
  ExpectError(Verify(received, kNow, "s3", Keys(), options), kInvalidRequest);
}

TEST(Verifier, CachesSigningKeys) {
  const Verifier verifier(VerifierOptions{});
  const HttpRequest request = Signed();
  ASSERT_TRUE(verifier.Verify(request, "iam", kNow, Keys()).ok());
  ASSERT_TRUE(verifier.Verify(request, "iam", kNow + 1, Keys()).ok());
  EXPECT_EQ(verifier.signing_key_cache().misses(), 1u);
  EXPECT_EQ(verifier.signing_key_cache().hits(), 1u);
}

TEST(Verifier, DoesNotLookUpTheKeyForRequestsRejectedEarlier) {
  int lookups = 0;
  const SecretLookup counting = [&](std::string_view) -> core::Result<std::string> {
    ++lookups;
    return std::string(kSecret);
  };
  (void)Verify(Signed(), kNow + 3600, "iam", counting);
  (void)Verify(Signed(), kNow, "sts", counting);
  EXPECT_EQ(lookups, 0);
}

}  // namespace
}  // namespace bulwark::sigv4

namespace bulwark::sigv4 {
namespace {

TEST(Verifier, VerifiesWhatTheSignerSignsForOddRequests) {
  struct Case {
    std::string path;
    std::string query;
    std::string header_value;
  };
  const std::vector<Case> cases{
      {"/a b/%2F/../c//", "a=%25zz&b=+&c&&=x", "  tabs\tand   spaces  "},
      {"", "%E1%88%B4=%e1%88%b4&Z=1&a=2", "\"quoted   value\""},
      {"/%7e~/./%2e%2e/x", "k=v1&k=v0", ""},
  };
  for (const Case& c : cases) {
    HttpRequest request = ListUsers();
    request.path = c.path;
    request.query = c.query;
    request.headers.push_back({"X-Custom", c.header_value});
    auto verified = Verify(Signed(request));
    EXPECT_TRUE(verified.ok()) << c.path << "?" << c.query << ": " << verified.error().message;
    auto presigned = Presign(request, Input());
    ASSERT_TRUE(presigned.ok());
    auto verified_query = Verify(presigned->request);
    EXPECT_TRUE(verified_query.ok()) << c.path << "?" << c.query << ": " << verified_query.error().message;
  }
}

}  // namespace
}  // namespace bulwark::sigv4
