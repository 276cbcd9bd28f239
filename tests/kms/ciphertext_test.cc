#include "kms/ciphertext.h"

#include <gtest/gtest.h>

namespace bulwark::kms {
namespace {

const std::string kMaterial(32, 'k');
const CiphertextHeader kHeader{"123456789012", "1234abcd-12ab-34cd-56ef-1234567890ab", 3};
const EncryptionContext kContext{{"purpose", "test"}, {"app", "bulwark"}};

std::string Encrypt(std::string_view plaintext, const EncryptionContext& context = kContext) {
  auto blob = EncryptSymmetric(kHeader, kMaterial, plaintext, context);
  EXPECT_TRUE(blob.ok());
  return *blob;
}

TEST(Ciphertext, RoundTripsAndNamesItsKeyAndVersion) {
  const std::string blob = Encrypt("secret");
  EXPECT_EQ(blob.size(), kCiphertextOverheadBytes + 6);
  auto header = ParseCiphertextHeader(blob);
  ASSERT_TRUE(header.ok());
  EXPECT_EQ(header->account_id, "123456789012");
  EXPECT_EQ(header->key_id, kHeader.key_id);
  EXPECT_EQ(header->material_version, 3u);
  auto plain = DecryptSymmetric(blob, kMaterial, kContext);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(*plain, "secret");
}

TEST(Ciphertext, EveryTamperedByteFails) {
  const std::string blob = Encrypt("the plaintext");
  for (std::size_t i = 0; i < blob.size(); ++i) {
    std::string bad = blob;
    bad[i] = static_cast<char>(bad[i] ^ 0x01);
    auto plain = DecryptSymmetric(bad, kMaterial, kContext);
    ASSERT_FALSE(plain.ok()) << "byte " << i;
    EXPECT_EQ(plain.error().code, "InvalidCiphertextException");
  }
}

TEST(Ciphertext, TruncatedBlobFails) {
  const std::string blob = Encrypt("abc");
  for (std::size_t n = 0; n < blob.size(); ++n) {
    EXPECT_FALSE(DecryptSymmetric(blob.substr(0, n), kMaterial, kContext).ok()) << n;
  }
}

TEST(Ciphertext, OtherContextOrKeyFails) {
  const std::string blob = Encrypt("abc");
  EncryptionContext changed = kContext;
  changed["purpose"] = "other";
  EXPECT_EQ(DecryptSymmetric(blob, kMaterial, changed).error().code, "InvalidCiphertextException");
  EXPECT_FALSE(DecryptSymmetric(blob, kMaterial, {}).ok());
  EncryptionContext extra = kContext;
  extra["more"] = "x";
  EXPECT_FALSE(DecryptSymmetric(blob, kMaterial, extra).ok());
  EXPECT_FALSE(DecryptSymmetric(blob, std::string(32, 'x'), kContext).ok());
}

TEST(Ciphertext, ContextOrderDoesNotMatterButBoundariesDo) {
  EXPECT_EQ(CanonicalEncryptionContext({{"a", "1"}, {"b", "2"}}), CanonicalEncryptionContext({{"b", "2"}, {"a", "1"}}));
  EXPECT_NE(CanonicalEncryptionContext({{"ab", "c"}}), CanonicalEncryptionContext({{"a", "bc"}}));
}

TEST(Ciphertext, ForeignBlobIsRefused) {
  EXPECT_EQ(ParseCiphertextHeader(std::string(100, 'x')).error().code, "InvalidCiphertextException");
  EXPECT_FALSE(ParseCiphertextHeader("").ok());
}

}  // namespace
}  // namespace bulwark::kms
