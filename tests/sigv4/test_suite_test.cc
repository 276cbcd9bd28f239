// The AWS SigV4 test suite (vendored from awslabs/aws-c-auth, Apache-2.0; see
// tests/vectors/sigv4/README.md): every case folder is scanned, and each stage — canonical request,
// string to sign, signature — is compared byte for byte, for the Authorization-header form and the
// presigned (query) form. The signed requests the suite publishes are then fed, as a server would
// receive them, to the Verifier.
#include <gtest/gtest.h>

#include <cctype>
#include <string>

#include "sigv4/errors.h"
#include "sigv4/signer.h"
#include "sigv4/vector_case.h"
#include "sigv4/verifier.h"

namespace bulwark::sigv4 {
namespace {

using testing::LoadVectorCase;
using testing::ParseRequestText;
using testing::VectorCase;
using testing::VectorCaseNames;

class AwsSigningTestSuite : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override { vector_ = LoadVectorCase(GetParam()); }

  // A verifier configured as the case's signer was, with the case's key as the only key.
  core::Result<VerifiedRequest> VerifyAsServer(const HttpRequest& request, int64_t now) const {
    VerifierOptions options;
    options.region = vector_.input.region;
    options.canonical = vector_.input.canonical;
    const Verifier verifier(options);
    const std::string akid = vector_.input.access_key_id;
    const std::string secret = vector_.input.secret_access_key;
    return verifier.Verify(request, vector_.input.service, now,
                           [&](std::string_view id) -> core::Result<std::string> {
                             if (id != akid) return core::Error{"InvalidClientTokenId", "unknown key"};
                             return secret;
                           });
  }

  VectorCase vector_;
};

std::string HeaderValue(const HttpRequest& request, std::string_view name) {
  const auto values = HeaderValues(request, name);
  return values.empty() ? std::string() : std::string(values.front());
}

TEST(AwsSigningTestSuiteFolder, IsVendoredAndNotEmpty) {
  // If the data went missing, the parameterised tests below would silently vanish.
  EXPECT_EQ(VectorCaseNames().size(), 38u);
}

TEST_P(AwsSigningTestSuite, HeaderFormStagesMatch) {
  auto signed_request = SignWithAuthorizationHeader(vector_.request, vector_.input);
  ASSERT_TRUE(signed_request.ok()) << signed_request.error().message;
  EXPECT_EQ(signed_request->canonical_request, vector_.File("header-canonical-request.txt"));
  EXPECT_EQ(signed_request->string_to_sign, vector_.File("header-string-to-sign.txt"));
  EXPECT_EQ(signed_request->signature, vector_.File("header-signature.txt"));
}

TEST_P(AwsSigningTestSuite, HeaderFormAuthorizationHeaderMatches) {
  auto signed_request = SignWithAuthorizationHeader(vector_.request, vector_.input);
  ASSERT_TRUE(signed_request.ok()) << signed_request.error().message;
  const HttpRequest expected = ParseRequestText(vector_.File("header-signed-request.txt"));
  EXPECT_EQ(HeaderValue(signed_request->request, "Authorization"), HeaderValue(expected, "Authorization"));
}

TEST_P(AwsSigningTestSuite, QueryFormStagesMatch) {
  auto presigned = Presign(vector_.request, vector_.input);
  ASSERT_TRUE(presigned.ok()) << presigned.error().message;
  EXPECT_EQ(presigned->canonical_request, vector_.File("query-canonical-request.txt"));
  EXPECT_EQ(presigned->string_to_sign, vector_.File("query-string-to-sign.txt"));
  EXPECT_EQ(presigned->signature, vector_.File("query-signature.txt"));
}

TEST_P(AwsSigningTestSuite, PublishedHeaderSignedRequestVerifies) {
  const HttpRequest request = ParseRequestText(vector_.File("header-signed-request.txt"));
  auto verified = VerifyAsServer(request, vector_.input.time);
  ASSERT_TRUE(verified.ok()) << verified.error().code << ": " << verified.error().message;
  EXPECT_EQ(verified->access_key_id, vector_.input.access_key_id);
  EXPECT_EQ(verified->security_token, vector_.input.session_token);
}

TEST_P(AwsSigningTestSuite, PublishedQuerySignedRequestVerifiesUntilItExpires) {
  const HttpRequest request = ParseRequestText(vector_.File("query-signed-request.txt"));
  auto verified = VerifyAsServer(request, vector_.input.time + vector_.input.expires_seconds);
  if (vector_.omit_session_token && !vector_.input.session_token.empty()) {
    // This case appends X-Amz-Security-Token to the URL after signing (as a few services, e.g. IoT,
    // expect). We compute the canonical query from every parameter but X-Amz-Signature — the rule
    // AWS documents for presigned URLs — so an unsigned token is a changed request: rejected by design.
    ASSERT_FALSE(verified.ok());
    EXPECT_EQ(verified.error().code, kSignatureDoesNotMatch);
    return;
  }
  ASSERT_TRUE(verified.ok()) << verified.error().code << ": " << verified.error().message;
  EXPECT_EQ(verified->location, SignatureLocation::kQueryString);
  EXPECT_EQ(verified->expires_at, vector_.input.time + vector_.input.expires_seconds);

  auto expired = VerifyAsServer(request, vector_.input.time + vector_.input.expires_seconds + 1);
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().code, kRequestExpired);
}

std::string TestName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(V4, AwsSigningTestSuite, ::testing::ValuesIn(VectorCaseNames()), TestName);

}  // namespace
}  // namespace bulwark::sigv4
