#include "protocol/form_params.h"

#include <gtest/gtest.h>

namespace bulwark::protocol {
namespace {

TEST(FormParams, DecodesPercentAndPlus) {
  auto p = FormParams::Parse("Action=GetCallerIdentity&Version=2011-06-15&Name=a+b%2Bc");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->Get("Action"), "GetCallerIdentity");
  EXPECT_EQ(p->Get("Name"), "a b+c");
  EXPECT_FALSE(p->Get("Missing").has_value());
}

TEST(FormParams, ReadsMemberListsUntilTheFirstGap) {
  auto p = FormParams::Parse("L.member.1=a&L.member.2=b&L.member.4=d&T.member.1.Key=k&T.member.1.Value=v&T.member.2.Key=k2");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->List("L"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(p->ListPrefixes("T"), (std::vector<std::string>{"T.member.1", "T.member.2"}));
}

TEST(FormParams, RejectsBadEncodingAndTooManyParameters) {
  auto bad = FormParams::Parse("a=%ZZ");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "MalformedQueryString");
  auto many = FormParams::Parse("a=1&b=2&c=3", 2);
  ASSERT_FALSE(many.ok());
  EXPECT_EQ(many.error().code, "RequestEntityTooLarge");
}

// Issue 17, findings 1 and 12: one value per name, or the call is refused.
TEST(FormParams, RefusesARepeatedName) {
  auto twice = FormParams::Parse("PolicyArn=a&PolicyArn=b");
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, "MalformedQueryString");
  EXPECT_NE(twice.error().message.find("'PolicyArn'"), std::string::npos);
  // Names are case-sensitive: these are two different parameters (the model reads only one).
  EXPECT_TRUE(FormParams::Parse("PolicyArn=a&policyArn=b").ok());
}

}  // namespace
}  // namespace bulwark::protocol
