#include "kms/key_material.h"

#include <gtest/gtest.h>

namespace bulwark::kms {
namespace {

std::string Material(std::string_view spec) {
  auto m = GenerateMaterial(*FindKeySpec(spec));
  EXPECT_TRUE(m.ok());
  return *m;
}

TEST(KeyMaterial, EverySigningAlgorithmSignsAndVerifies) {
  for (std::string_view name : {"RSA_2048", "ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521", "ECC_SECG_P256K1"}) {
    const KeySpecInfo* spec = FindKeySpec(name);
    const std::string key = Material(name);
    for (auto algorithm : spec->signing_algorithms) {
      auto sig = Sign(key, algorithm, "message", false);
      ASSERT_TRUE(sig.ok()) << name << " " << algorithm;
      EXPECT_TRUE(*Verify(key, algorithm, "message", false, *sig)) << algorithm;
      EXPECT_FALSE(*Verify(key, algorithm, "messagf", false, *sig)) << algorithm;
    }
  }
}

TEST(KeyMaterial, DigestSigningMatchesRawSigning) {
  const std::string key = Material("ECC_NIST_P256");
  // SHA-256("message")
  const std::string digest =
      "\xab\x53\x0a\x13\xe4\x59\x14\x98\x2b\x79\xf9\xb7\xe3\xfb\xa9\x94\xcf\xd1\xf3\xfb\x22\xf7\x1c\xea\x1a\xfb\xf0\x2b\x46\x0c\x6d\x1d";
  auto sig = Sign(key, "ECDSA_SHA_256", digest, true);
  ASSERT_TRUE(sig.ok());
  EXPECT_TRUE(*Verify(key, "ECDSA_SHA_256", "message", false, *sig));
}

TEST(KeyMaterial, RsaOaepRoundTripsWithinItsLimit) {
  const std::string key = Material("RSA_2048");
  for (std::string_view algorithm : {"RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"}) {
    const std::string plain(MaxRsaPlaintext(2048, algorithm), 'p');
    auto c = RsaOaepEncrypt(key, algorithm, plain);
    ASSERT_TRUE(c.ok());
    EXPECT_EQ(*RsaOaepDecrypt(key, algorithm, *c), plain);
    EXPECT_FALSE(RsaOaepDecrypt(key, algorithm == "RSAES_OAEP_SHA_1" ? "RSAES_OAEP_SHA_256" : "RSAES_OAEP_SHA_1", *c).ok());
  }
  EXPECT_EQ(MaxRsaPlaintext(2048, "RSAES_OAEP_SHA_1"), 214u);
  EXPECT_EQ(MaxRsaPlaintext(4096, "RSAES_OAEP_SHA_256"), 446u);
}

TEST(KeyMaterial, HmacHasTheDigestLength) {
  for (auto [spec, length] : {std::pair{"HMAC_224", 28u}, {"HMAC_256", 32u}, {"HMAC_384", 48u}, {"HMAC_512", 64u}}) {
    const std::string key = Material(spec);
    EXPECT_EQ(key.size(), length);
    auto mac = Mac(key, FindKeySpec(spec)->mac_algorithms.front(), "m");
    ASSERT_TRUE(mac.ok());
    EXPECT_EQ(mac->size(), length);
  }
}

TEST(KeyMaterial, PublicKeyIsSubjectPublicKeyInfo) {
  auto pub = PublicKeyDer(Material("ECC_NIST_P256"));
  ASSERT_TRUE(pub.ok());
  EXPECT_EQ(pub->size(), 91u);  // SPKI of a P-256 key, uncompressed point.
  EXPECT_EQ(FindKeySpec("SM2"), nullptr);
}

}  // namespace
}  // namespace bulwark::kms
