#include "crypto/rsa.h"

#include <gtest/gtest.h>

#include "crypto/base64.h"

namespace bulwark::crypto {
namespace {

// The ListPublicKeys sample in AWS's "Custom implementations of CloudTrail log file integrity
// validation" (CloudTrail User Guide, CC BY-SA 4.0): Value (base64 DER) and the Fingerprint AWS
// published with it. The third key is in SubjectPublicKeyInfo form; its fingerprint is still the MD5
// of the bytes as given.
struct PublishedKey {
  const char* value;
  const char* fingerprint;
};
constexpr PublishedKey kAwsSampleKeys[] = {
    {"MIIBCgKCAQEAn11L2YZ9h7onug2ILi1MWyHiMRsTQjfWE+pHVRLk1QjfWhirG+lpOa8NrwQ/r7Ah5bNL6HepznOU9XTDSfmmnP97mqyc7z/"
     "upfZdS/AHhYcGaz7n6Wc/RRBU6VmiPCrAUojuSk6/GjvA8iOPFsYDuBtviXarvuLPlrT9kAd4Lb+rFfR5peEgBEkhlzc5HuWO7S0y+"
     "KunqxX6jQBnXGMtxmPBPP0FylgWGNdFtks/4YSKcgqwH0YDcawP9GGGDAeCIqPWIXDLG1jOjRRzWfCmD0iJUkz8vTsn4hq/"
     "5ZxRFE7UBAUiVcGbdnDdvVfhF9C3dQiDq3k7adQIziLT0cShgQIDAQAB",
     "8eba5db5bea9b640d1c96a77256fe7f2"},
    {"MIIBCgKCAQEApfYL2FiZhpN74LNWVUzhR+VheYhwhYm8w0n5Gf6i95ylW5kBAWKVEmnAQG7BvS5g9SMqFDQx52fW7NWV44IvfJ2xGXT+wT+"
     "DgR6ZQ+6yxskQNqV5YcXj4Aa5Zz4jJfsYjDuO2MDTZNIzNvBNzaBJ+r2WIWAJ/Xq54kyF63B6WE38vKuDE7nSd1FqQuEoNBFLPInvgggYe2Y"
     "m1Refe2z71wNcJ2kY+q0h1BSHrSM8RWuJIw7MXwF9iQncg9jYzUlNJomozQzAG5wSRfbplcCYNY40xvGd/aAmO0m+Y+XFMrKwtLCwseHPvj"
     "843qVno6x4BJN9bpWnoPo9sdsbGoiK3QIDAQAB",
     "8933b39ddc64d26d8e14ffbf6566fee4"},
    {"MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAqlzPJbvZJ42UdcmLfPUqXYNfOs6I8lCfao/tOs8CmzPOEdtLWugB9xoIUz78qVH"
     "dKIqxbaG4jWHfJBiOSSFBM0lt8cdVo4TnRa7oG9io5pysS6DJhBBAeXsicufsiFJR+wrUNh8RSLxL4k6G1+BhLX20tJkZ/"
     "erT97tDGBujAelqseGg3vPZbTx9SMfOLN65PdLFudLP7Gat0Z9p5jw/rjpclKfo9Bfc3heeBxWGKwBBOKnFAaN9V57pOaosCvPKmHd9bg7"
     "jsQkI9Xp22IzGLsTFJZYVA3KiTAElDMu80iFXPHEq9hKNbt9e4URFam+1utKVEiLkR2disdCmPTK0VQIDAQAB",
     "31e8b5433410dfb61a9dc45cc65b22ff"},
};

// One key for the whole suite: generation takes tens of milliseconds.
const std::string& TestKey() {
  static const std::string key = *GenerateRsaPrivateKey();
  return key;
}

TEST(Rsa, FingerprintReproducesAwsPublishedSamples) {
  for (const auto& sample : kAwsSampleKeys) {
    auto der = Base64Decode(sample.value);
    ASSERT_TRUE(der.ok());
    EXPECT_EQ(PublicKeyFingerprint(*der), sample.fingerprint);
  }
}

TEST(Rsa, ReadsAwsPkcs1PublicKeys) {
  auto der = Base64Decode(kAwsSampleKeys[0].value);
  ASSERT_TRUE(der.ok());
  auto pem = RsaPublicKeyPem(*der);
  ASSERT_TRUE(pem.ok()) << pem.error().message;
  EXPECT_EQ(pem->rfind("-----BEGIN PUBLIC KEY-----", 0), 0u);
}

TEST(Rsa, GeneratesPkcs8KeyWithPkcs1PublicHalf) {
  auto pub = RsaPublicKeyOf(TestKey());
  ASSERT_TRUE(pub.ok()) << pub.error().message;
  // PKCS#1 RSAPublicKey of a 2048-bit key: SEQUENCE (0x30 0x82 0x01 0x0a) of modulus and exponent.
  ASSERT_EQ(pub->size(), 270u);
  EXPECT_EQ(static_cast<unsigned char>((*pub)[0]), 0x30);
  EXPECT_EQ(PublicKeyFingerprint(*pub).size(), 32u);
}

TEST(Rsa, SignatureVerifiesUnderItsPublicKey) {
  auto pub = RsaPublicKeyOf(TestKey());
  auto sig = SignSha256WithRsa(TestKey(), "2015-08-12T04:01:31Z\nbucket/key\nabc\nnull");
  ASSERT_TRUE(sig.ok());
  EXPECT_EQ(sig->size(), 256u);
  auto ok = VerifySha256WithRsa(*pub, "2015-08-12T04:01:31Z\nbucket/key\nabc\nnull", *sig);
  ASSERT_TRUE(ok.ok());
  EXPECT_TRUE(*ok);
}

TEST(Rsa, SignatureIsDeterministicPkcs1v15) {
  // PKCS#1 v1.5 signatures carry no randomness (PSS would differ on every call).
  EXPECT_EQ(*SignSha256WithRsa(TestKey(), "message"), *SignSha256WithRsa(TestKey(), "message"));
}

TEST(Rsa, ChangedMessageOrSignatureDoesNotVerify) {
  auto pub = *RsaPublicKeyOf(TestKey());
  std::string sig = *SignSha256WithRsa(TestKey(), "message");
  EXPECT_FALSE(*VerifySha256WithRsa(pub, "messagf", sig));
  std::string flipped = sig;
  flipped[100] ^= 0x01;
  EXPECT_FALSE(*VerifySha256WithRsa(pub, "message", flipped));
  EXPECT_FALSE(*VerifySha256WithRsa(pub, "message", sig.substr(0, 255)));
  EXPECT_FALSE(*VerifySha256WithRsa(pub, "message", ""));
}

TEST(Rsa, OtherKeyDoesNotVerify) {
  auto other = *GenerateRsaPrivateKey();
  std::string sig = *SignSha256WithRsa(other, "message");
  EXPECT_FALSE(*VerifySha256WithRsa(*RsaPublicKeyOf(TestKey()), "message", sig));
}

TEST(Rsa, MalformedKeysAreErrors) {
  EXPECT_FALSE(RsaPublicKeyOf("not a key").ok());
  EXPECT_FALSE(SignSha256WithRsa("", "m").ok());
  EXPECT_FALSE(VerifySha256WithRsa("junk", "m", "s").ok());
  auto pub = *RsaPublicKeyOf(TestKey());
  EXPECT_FALSE(VerifySha256WithRsa(pub + "x", "m", "s").ok());  // Trailing bytes after the key.
  EXPECT_FALSE(GenerateRsaPrivateKey(1024).ok());
}

}  // namespace
}  // namespace bulwark::crypto
