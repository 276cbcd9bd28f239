#include "core/form_encoding.h"

#include <gtest/gtest.h>

#include "core/utf8.h"

namespace bulwark::core {
namespace {

std::vector<FormPair> Decode(std::string_view text) {
  auto r = DecodeForm(text, FormLimits{});
  EXPECT_TRUE(r.ok()) << text;
  return r.ok() ? *r : std::vector<FormPair>{};
}

TEST(DecodeForm, PlusIsASpaceAndEscapedPlusIsAPlus) {
  // Issue 17, finding 12: "+" and "%2B" used to decode differently for the verifier and the handler.
  auto pairs = Decode("a=x+y&b=x%2By&c=x%20y");
  ASSERT_EQ(pairs.size(), 3u);
  EXPECT_EQ(pairs[0].value, "x y");
  EXPECT_EQ(pairs[1].value, "x+y");
  EXPECT_EQ(pairs[2].value, "x y");
}

TEST(DecodeForm, KeepsRepeatedNamesInOrder) {
  auto pairs = Decode("a=2&a=1&&b");
  ASSERT_EQ(pairs.size(), 3u);
  EXPECT_EQ(pairs[0].value, "2");
  EXPECT_EQ(pairs[1].value, "1");
  EXPECT_EQ(pairs[2].name, "b");
  EXPECT_EQ(pairs[2].value, "");
}

TEST(DecodeForm, MalformedEscapesAreRefused) {
  for (std::string_view bad : {"a=%", "a=%4", "a=%ZZ", "%G1=b"}) {
    auto r = DecodeForm(bad, FormLimits{});
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, "MalformedQueryString");
  }
}

TEST(DecodeForm, InvalidUtf8IsRefused) {
  // Issue 17, finding 5: %FF used to land raw in records and responses.
  for (std::string_view bad : {"a=%FF", "a=%C0%AF", "a=%ED%A0%80", "%FF=b", "a=%F4%90%80%80"}) {
    auto r = DecodeForm(bad, FormLimits{});
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, "MalformedQueryString");
  }
  EXPECT_EQ(Decode("a=%E2%82%AC")[0].value, "\xE2\x82\xAC");
}

TEST(DecodeForm, Bounds) {
  auto long_text = DecodeForm("a=12345", FormLimits{4, 10});
  ASSERT_FALSE(long_text.ok());
  EXPECT_EQ(long_text.error().code, "RequestEntityTooLarge");
  auto many = DecodeForm("a&b&c", FormLimits{100, 2});
  ASSERT_FALSE(many.ok());
  EXPECT_EQ(many.error().code, "RequestEntityTooLarge");
}

TEST(Utf8, ValidityLengthAndSanitizing) {
  EXPECT_TRUE(IsValidUtf8("plain"));
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x94\x92"));
  EXPECT_FALSE(IsValidUtf8("\xF0\x9F\x94"));
  EXPECT_FALSE(IsValidUtf8("\xC1\xBF"));
  EXPECT_EQ(Utf8Length("a\xE2\x82\xAC\xF0\x9F\x94\x92"), 3u);
  EXPECT_EQ(SanitizeUtf8("a\xFF" "b"), "a\xEF\xBF\xBD" "b");
  EXPECT_TRUE(IsValidUtf8(SanitizeUtf8("\xED\xA0\x80\xC0")));
}

}  // namespace
}  // namespace bulwark::core
