#include "crypto/digest.h"

#include <gtest/gtest.h>

#include <string>

namespace bulwark::crypto {
namespace {

std::string Hex(const Sha256Digest& digest) {
  return HexEncode(digest.data(), digest.size());
}

// Known answers from NIST FIPS 180-2 appendix B (and the empty message).
TEST(Sha256, EmptyMessage) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Sha256, NistOneBlockMessage) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, NistTwoBlockMessage) {
  EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256, NistMillionAs) {
  EXPECT_EQ(Sha256Hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256Hasher, IncrementalEqualsOneShotForEverySplit) {
  const std::string message = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  for (std::size_t split = 0; split <= message.size(); ++split) {
    Sha256Hasher hasher;
    hasher.Update(std::string_view(message).substr(0, split));
    hasher.Update(std::string_view(message).substr(split));
    EXPECT_EQ(Hex(hasher.Finish()), Sha256Hex(message)) << "split at " << split;
  }
}

TEST(Sha256Hasher, MillionAsInChunks) {
  Sha256Hasher hasher;
  const std::string chunk(1000, 'a');
  for (int i = 0; i < 1000; ++i) hasher.Update(chunk);
  EXPECT_EQ(Hex(hasher.Finish()), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256Hasher, IsReusableAfterFinish) {
  Sha256Hasher hasher;
  hasher.Update("first message");
  (void)hasher.Finish();
  hasher.Update("abc");
  EXPECT_EQ(Hex(hasher.Finish()), Sha256Hex("abc"));
}

TEST(Sha256Hasher, SurvivesMove) {
  Sha256Hasher hasher;
  hasher.Update("a");
  Sha256Hasher moved = std::move(hasher);
  moved.Update("bc");
  EXPECT_EQ(Hex(moved.Finish()), Sha256Hex("abc"));
}

}  // namespace
}  // namespace bulwark::crypto
