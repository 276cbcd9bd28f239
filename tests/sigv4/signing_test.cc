// Stages 2 and 3 (string to sign, signing key, signature), URI encoding and credential parsing.
#include <gtest/gtest.h>

#include "crypto/hex.h"
#include "sigv4/credential_scope.h"
#include "sigv4/errors.h"
#include "sigv4/signature.h"
#include "sigv4/string_to_sign.h"
#include "sigv4/uri_encoding.h"

namespace bulwark::sigv4 {
namespace {

constexpr std::string_view kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

TEST(DeriveSigningKey, MatchesAwsDocumentationExample) {
  // AWS General Reference, "Examples of how to derive a signing key for Signature Version 4".
  const crypto::Sha256Digest key = DeriveSigningKey(kSecret, "20120215", "us-east-1", "iam");
  EXPECT_EQ(crypto::HexEncode(key.data(), key.size()),
            "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
}

TEST(DeriveSigningKey, DependsOnEveryScopeElement) {
  const auto base = DeriveSigningKey(kSecret, "20150830", "us-east-1", "iam");
  EXPECT_NE(base, DeriveSigningKey(kSecret, "20150831", "us-east-1", "iam"));
  EXPECT_NE(base, DeriveSigningKey(kSecret, "20150830", "us-west-2", "iam"));
  EXPECT_NE(base, DeriveSigningKey(kSecret, "20150830", "us-east-1", "sts"));
  EXPECT_NE(base, DeriveSigningKey("other", "20150830", "us-east-1", "iam"));
}

TEST(StringToSign, HasFourLines) {
  const CredentialScope scope{"20150830", "us-east-1", "service"};
  EXPECT_EQ(StringToSign("20150830T123600Z", scope, ""),
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Signature, IsLowerCaseHexOf64Digits) {
  const std::string signature = Signature(DeriveSigningKey(kSecret, "20150830", "us-east-1", "iam"), "x");
  EXPECT_EQ(signature.size(), 64u);
  EXPECT_EQ(signature.find_first_not_of("0123456789abcdef"), std::string::npos);
}

TEST(UriEncode, KeepsOnlyUnreservedCharacters) {
  EXPECT_EQ(UriEncode("AZaz09-._~", false), "AZaz09-._~");
  EXPECT_EQ(UriEncode(" /+=&%*", false), "%20%2F%2B%3D%26%25%2A");
  EXPECT_EQ(UriEncode("/a b/", true), "/a%20b/");
  EXPECT_EQ(UriEncode("\xe1\x88\xb4", false), "%E1%88%B4");
}

TEST(UriDecode, DecodesValidEscapesOnly) {
  EXPECT_EQ(UriDecode("%E1%88%b4"), "\xe1\x88\xb4");
  EXPECT_EQ(UriDecode("a+b"), "a+b");
  EXPECT_EQ(UriDecode("%zz%4"), "%zz%4");
  EXPECT_EQ(UriDecode("%"), "%");
}

TEST(NormalizePath, RemovesDotAndEmptySegments) {
  EXPECT_EQ(NormalizePath(""), "/");
  EXPECT_EQ(NormalizePath("/"), "/");
  EXPECT_EQ(NormalizePath("//"), "/");
  EXPECT_EQ(NormalizePath("/./"), "/");
  EXPECT_EQ(NormalizePath("/./example"), "/example");
  EXPECT_EQ(NormalizePath("//example//"), "/example/");
  EXPECT_EQ(NormalizePath("/example/.."), "/");
  EXPECT_EQ(NormalizePath("/a/b/../c"), "/a/c");
  EXPECT_EQ(NormalizePath("/../../a"), "/a");
}

TEST(ParseCredential, SplitsFiveElements) {
  auto credential = ParseCredential("AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request");
  ASSERT_TRUE(credential.ok());
  EXPECT_EQ(credential->access_key_id, "AKIDEXAMPLE");
  EXPECT_EQ(credential->scope.date, "20150830");
  EXPECT_EQ(credential->scope.region, "us-east-1");
  EXPECT_EQ(credential->scope.service, "iam");
  EXPECT_EQ(credential->terminator, "aws4_request");
  EXPECT_EQ(credential->scope.ToString(), "20150830/us-east-1/iam/aws4_request");
}

TEST(ParseCredential, RejectsOtherElementCounts) {
  for (std::string_view bad :
       {"", "AKID", "AKID/20150830/us-east-1/iam", "AKID/20150830/us-east-1/iam/aws4_request/x",
        "/20150830/us-east-1/iam/aws4_request"}) {
    auto credential = ParseCredential(bad);
    ASSERT_FALSE(credential.ok()) << bad;
    EXPECT_EQ(credential.error().code, kIncompleteSignature);
    EXPECT_NE(credential.error().message.find("Credential must have exactly 5 slash-delimited elements"),
              std::string::npos);
  }
}

}  // namespace
}  // namespace bulwark::sigv4
