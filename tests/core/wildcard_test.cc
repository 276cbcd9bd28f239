#include "core/wildcard.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

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

// Issue 17: SimulateCustomPolicy with a 120,000-character ARN and a backtracking-bound pattern took 9 s.
// These inputs cost O(text * pattern), billions of steps, in a backtracking matcher; the timeout of
// the test binary catches a regression, the assertions check the answers (speed is in bench/).
constexpr std::size_t kHugeText = 120'000;

TEST(Wildcard, ManyStarsBeforeAMissingCharacterAgainstAHugeText) {
  const std::string text(kHugeText, 'a');
  std::string pattern;
  for (int i = 0; i < 5000; ++i) pattern += "a*";
  EXPECT_FALSE(WildcardMatch(pattern + "b", text));
  EXPECT_TRUE(WildcardMatch(pattern + "a", text));
}

TEST(Wildcard, LongAlmostMatchingSegmentAgainstAHugeText) {
  const std::string text(kHugeText, 'a');
  const std::string segment = std::string(60'000, 'a') + "b";
  EXPECT_FALSE(WildcardMatch("*" + segment + "*", text));
  EXPECT_FALSE(WildcardMatch("*" + segment + "*", text, CaseSensitivity::kInsensitive));
  EXPECT_TRUE(WildcardMatch("*" + segment + "*", text + "b"));
  EXPECT_TRUE(
      WildcardMatch("*" + std::string(60'000, 'A') + "B*", text + "b", CaseSensitivity::kInsensitive));
}

TEST(Wildcard, LongSegmentWithQuestionMarksAgainstAHugeText) {
  const std::string text(kHugeText, 'a');
  std::string segment;
  for (int i = 0; i < 30'000; ++i) segment += "a?";
  EXPECT_FALSE(WildcardMatch("*" + segment + "b*", text));
  EXPECT_TRUE(WildcardMatch("*" + segment + "*", text));
  EXPECT_TRUE(WildcardMatch("*" + segment + "b*", text + "b"));
  EXPECT_TRUE(WildcardMatch("x*" + segment + "b*y", "x" + text + "by"));
}

TEST(Wildcard, ArnWithAHugeResourceAndAPathologicalPattern) {
  const std::string arn = "arn:aws:s3:::" + std::string(kHugeText, 'a');
  std::string pattern = "arn:aws:s3:::";
  for (int i = 0; i < 2000; ++i) pattern += "*a?";
  EXPECT_TRUE(WildcardMatch(pattern + "*", arn));
  EXPECT_FALSE(WildcardMatch(pattern + "*b", arn));
}

// A plain dynamic-programming matcher: obviously right, O(text * pattern).
bool ReferenceMatch(const std::string& p, const std::string& t, bool fold) {
  auto eq = [&](char a, char b) {
    if (a == kLiteralStar) a = '*';
    if (a == kLiteralQuestion) a = '?';
    if (fold) {
      a = static_cast<char>(std::tolower(static_cast<unsigned char>(a)));
      b = static_cast<char>(std::tolower(static_cast<unsigned char>(b)));
    }
    return a == b;
  };
  std::vector<char> row(t.size() + 1, 0), next(t.size() + 1, 0);
  row[0] = 1;
  for (std::size_t j = 1; j <= t.size(); ++j) row[j] = 0;
  for (char pc : p) {
    next[0] = pc == '*' && row[0];
    for (std::size_t j = 1; j <= t.size(); ++j) {
      if (pc == '*') {
        next[j] = row[j] || next[j - 1];
      } else {
        next[j] = row[j - 1] && (pc == '?' || eq(pc, t[j - 1]));
      }
    }
    std::swap(row, next);
  }
  return row[t.size()] != 0;
}

// Random patterns over a small alphabet agree with the reference, with segments short (tried in
// place) and long (Knuth-Morris-Pratt, bit-parallel), case-sensitive and not.
TEST(Wildcard, AgreesWithAReferenceMatcherOnRandomInputs) {
  std::mt19937 rng(17);
  const std::string pattern_chars = std::string("aAb?*") + kLiteralStar + kLiteralQuestion;
  const std::string text_chars = "aAb*?";
  for (int round = 0; round < 4000; ++round) {
    const bool long_segments = round % 4 == 0;
    const std::size_t text_size = rng() % (long_segments ? 400 : 24);
    const std::size_t pattern_size = rng() % (long_segments ? 150 : 12);
    std::string text, pattern;
    for (std::size_t i = 0; i < text_size; ++i) text += text_chars[rng() % (rng() % 4 == 0 ? 5 : 2)];
    for (std::size_t i = 0; i < pattern_size; ++i) {
      const unsigned pick = rng() % 100;
      pattern += pick < 3    ? '*'
                 : pick < 8  ? '?'
                 : pick < 10 ? pattern_chars[5 + rng() % 2]
                             : pattern_chars[rng() % 3];
    }
    if (round % 3 == 0 && !text.empty()) {
      // Plant the pattern's image in the text now and then, so matches are common too.
      std::string image;
      for (char c : pattern)
        image += c == '*' ? std::string(rng() % 3, 'a')
                          : std::string(1, c == '?'                ? 'b'
                                           : c == kLiteralStar     ? '*'
                                           : c == kLiteralQuestion ? '?'
                                                                   : c);
      text = text.substr(0, rng() % text.size()) + image + text.substr(rng() % text.size());
    }
    for (bool fold : {false, true}) {
      EXPECT_EQ(
          WildcardMatch(pattern, text, fold ? CaseSensitivity::kInsensitive : CaseSensitivity::kSensitive),
          ReferenceMatch(pattern, text, fold))
          << "pattern '" << pattern << "' text '" << text << "' fold " << fold;
    }
  }
}

TEST(Wildcard, FindLiteralFindsTheFirstOccurrence) {
  const std::string text = std::string(200, 'a') + "b" + std::string(100, 'a') + "b";
  EXPECT_EQ(FindLiteral(text, std::string(50, 'a') + "b"), 150u);
  EXPECT_EQ(FindLiteral(text, std::string(50, 'a') + "b", 151), 251u);
  EXPECT_EQ(FindLiteral(text, std::string(150, 'a') + "b", 1), 50u);
  EXPECT_EQ(FindLiteral(text, std::string(150, 'a') + "b", 51), std::string::npos);
  EXPECT_EQ(FindLiteral(text, "ab"), 199u);
  EXPECT_EQ(FindLiteral(std::string(kHugeText, 'a'), std::string(60'000, 'a') + "b"), std::string::npos);
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
