#include "core/arn.h"

#include <gtest/gtest.h>

namespace bulwark::core {
namespace {

TEST(Arn, SplitsSixComponentsKeepingColonsInTheResource) {
  auto a = SplitArn("arn:aws:lambda:us-east-1:123456789012:function:api-1");
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->service, "lambda");
  EXPECT_EQ(a->account, "123456789012");
  EXPECT_EQ(a->resource, "function:api-1");
  EXPECT_FALSE(SplitArn("arn:aws:s3").has_value());
  EXPECT_FALSE(SplitArn("nra:aws:s3:::b").has_value());
}

TEST(Arn, WildcardsMatchWithinOneComponent) {
  EXPECT_TRUE(ArnMatch("arn:aws:ec2:*:123456789012:instance/i-0*", "arn:aws:ec2:eu-west-1:123456789012:instance/i-0abc"));
  EXPECT_FALSE(ArnMatch("arn:aws:ec2:*:123456789012:instance/i-0*", "arn:aws:ec2:eu-west-1:999999999999:instance/i-0abc"));
  EXPECT_TRUE(ArnMatch("arn:aws:s3:::*/doc/tmp/*", "arn:aws:s3:::bucket-1/doc/tmp/x"));
  EXPECT_TRUE(ArnMatch("arn:aws:lambda:us-east-1:123456789012:function:*", "arn:aws:lambda:us-east-1:123456789012:function:a:1"));
  EXPECT_TRUE(ArnMatch("*", "anything"));
}

TEST(Arn, MatchingIsCaseSensitive) {
  EXPECT_FALSE(ArnMatch("arn:aws:s3:::Bucket", "arn:aws:s3:::bucket"));
}

TEST(Arn, ComponentWildcardDoesNotSpanColons) {
  // "*" in the region component cannot swallow the account component.
  EXPECT_FALSE(ArnMatch("arn:aws:iam:*:user/bob", "arn:aws:iam::123456789012:user/bob"));
}

}  // namespace
}  // namespace bulwark::core
