#include "core/json_tree.h"

#include <gtest/gtest.h>

namespace bulwark::core {
namespace {

TEST(JsonTree, RecordsLineAndColumnOfValuesAndKeys) {
  auto v = ParseJson("{\n  \"a\": [1, \"x\"],\n  \"b\": {\"c\": true}\n}");
  ASSERT_TRUE(v.ok());
  const JsonValue* a = v->Find("a");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->location().line, 2u);
  EXPECT_EQ(a->location().column, 8u);
  EXPECT_EQ(a->items()[1].location().column, 12u);
  EXPECT_EQ(v->key_locations()[1].line, 3u);
  EXPECT_EQ(v->key_locations()[1].column, 3u);
  EXPECT_EQ(v->Find("b")->Find("c")->location().column, 14u);
}

// Regression: the first element of a container was located at the bracket before it.
TEST(JsonTree, LocatesTheFirstElementOfAContainerAfterItsBracket) {
  auto v = ParseJson(R"(["a", {"k": [1]}])");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->items()[0].location().column, 2u);
  EXPECT_EQ(v->items()[1].location().column, 7u);
  EXPECT_EQ(v->items()[1].key_locations()[0].column, 8u);
  EXPECT_EQ(v->items()[1].Find("k")->items()[0].location().column, 14u);
}

TEST(JsonTree, KeepsNumbersAsWrittenAndDuplicateKeys) {
  auto v = ParseJson(R"({"n": 1.50, "n": 2})");
  ASSERT_TRUE(v.ok());
  ASSERT_EQ(v->members().size(), 2u);
  EXPECT_EQ(v->members()[0].second.text(), "1.50");
  EXPECT_EQ(ToJson(*v), R"({"n":1.50,"n":2})");
}

TEST(JsonTree, ReportsPositionOfSyntaxError) {
  auto v = ParseJson("{\n  \"a\": tru\n}");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().code, "MalformedJson");
  EXPECT_NE(v.error().message.find("line 2"), std::string::npos) << v.error().message;
}

TEST(JsonTree, RejectsTrailingContentAndInvalidUtf8) {
  EXPECT_FALSE(ParseJson("{} {}").ok());
  EXPECT_FALSE(ParseJson("\"\xff\"").ok());
}

TEST(JsonTree, EnforcesDepthAndSizeLimits) {
  JsonLimits limits;
  limits.max_depth = 3;
  EXPECT_TRUE(ParseJson("[[[]]]", limits).ok());
  auto deep = ParseJson("[[[[]]]]", limits);
  ASSERT_FALSE(deep.ok());
  EXPECT_NE(deep.error().message.find("nesting"), std::string::npos);
  limits.max_bytes = 4;
  EXPECT_FALSE(ParseJson("[1,2,3]", limits).ok());
}

}  // namespace
}  // namespace bulwark::core
