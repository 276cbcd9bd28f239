#include "core/wildcard.h"

#include <gtest/gtest.h>

namespace bulwark::core {
namespace {

TEST(Wildcard, StarMatchesAnyRunIncludingSeparators) {
  EXPECT_TRUE(WildcardMatch("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b:c"));
  EXPECT_TRUE(WildcardMatch("*", ""));
  EXPECT_TRUE(WildcardMatch("a*b*c", "aXXbYYbc"));
  EXPECT_FALSE(WildcardMatch("a*b*c", "aXXbYYb"));
  EXPECT_TRUE(WildcardMatch("**a**", "xa"));
}

TEST(Wildcard, QuestionMatchesExactlyOneCharacter) {
  EXPECT_TRUE(WildcardMatch("user-??", "user-01"));
  EXPECT_FALSE(WildcardMatch("user-??", "user-1"));
  EXPECT_FALSE(WildcardMatch("user-?", "user-"));
}

TEST(Wildcard, CaseSensitivityIsChosenByTheCaller) {
  EXPECT_FALSE(WildcardMatch("s3:get*", "s3:GetObject"));
  EXPECT_TRUE(WildcardMatch("s3:get*", "s3:GetObject", CaseSensitivity::kInsensitive));
}

TEST(Wildcard, LiteralMarkersMatchOnlyTheCharacterTheyEscape) {
  const std::string pattern = std::string("a") + kLiteralStar + "b";
  EXPECT_TRUE(WildcardMatch(pattern, "a*b"));
  EXPECT_FALSE(WildcardMatch(pattern, "axxb"));
  EXPECT_TRUE(WildcardMatch(std::string("x") + kLiteralQuestion, "x?"));
  EXPECT_FALSE(WildcardMatch(std::string("x") + kLiteralQuestion, "xy"));
}

TEST(Wildcard, PathologicalPatternsStayFast) {
  std::string text(5000, 'a');
  std::string pattern;
  for (int i = 0; i < 50; ++i) pattern += "*a";
  pattern += "*b";
  EXPECT_FALSE(WildcardMatch(pattern, text));
}

}  // namespace
}  // namespace bulwark::core

namespace bulwark::core {
namespace {

TEST(Glob, AgreesWithTheGeneralMatcher) {
  const char* patterns[] = {"*", "**", "get*", "getobject", "get?bject", "*object", "g*t*", "", "a*b", "x\x01"};
  const char* texts[] = {"", "getobject", "get", "getobjects", "putobject", "gxt", "ab", "aXb", "x*", "xy"};
  for (const char* p : patterns) {
    Glob glob(p);
    for (const char* t : texts) {
      EXPECT_EQ(glob.Matches(t), WildcardMatch(p, t)) << "pattern '" << p << "' text '" << t << "'";
    }
  }
}

}  // namespace
}  // namespace bulwark::core
