#include "kms/grants.h"

#include <gtest/gtest.h>

namespace bulwark::kms {
namespace {

constexpr char kBob[] = "arn:aws:iam::123456789012:user/bob";
constexpr char kRole[] = "arn:aws:iam::123456789012:role/app";
constexpr char kSession[] = "arn:aws:sts::123456789012:assumed-role/app/s";

Grant For(const std::string& grantee) {
  Grant g;
  g.grantee_principal = grantee;
  g.operations = {"Decrypt", "Encrypt"};
  return g;
}

TEST(Grants, AllowListedOperationsForTheGranteeOnly) {
  const Grant g = For(kBob);
  EXPECT_TRUE(GrantAllows(g, kBob, "", "Decrypt", {}));
  EXPECT_FALSE(GrantAllows(g, kBob, "", "Sign", {}));
  EXPECT_FALSE(GrantAllows(g, "arn:aws:iam::123456789012:user/eve", "", "Decrypt", {}));
}

TEST(Grants, ARoleGrantCoversItsSessions) {
  EXPECT_TRUE(GrantAllows(For(kRole), kSession, kRole, "Encrypt", {}));
  EXPECT_FALSE(GrantAllows(For(kRole), kSession, "", "Encrypt", {}));
}

TEST(Grants, EncryptionContextEqualsNeedsExactlyThePairs) {
  Grant g = For(kBob);
  g.context_equals = EncryptionContext{{"a", "1"}};
  EXPECT_TRUE(GrantAllows(g, kBob, "", "Decrypt", {{"a", "1"}}));
  EXPECT_FALSE(GrantAllows(g, kBob, "", "Decrypt", {{"a", "1"}, {"b", "2"}}));
  EXPECT_FALSE(GrantAllows(g, kBob, "", "Decrypt", {{"a", "2"}}));
  EXPECT_FALSE(GrantAllows(g, kBob, "", "Decrypt", {}));
}

TEST(Grants, EncryptionContextSubsetAllowsMorePairs) {
  Grant g = For(kBob);
  g.context_subset = EncryptionContext{{"a", "1"}};
  EXPECT_TRUE(GrantAllows(g, kBob, "", "Decrypt", {{"a", "1"}, {"b", "2"}}));
  EXPECT_FALSE(GrantAllows(g, kBob, "", "Decrypt", {{"b", "2"}}));
}

TEST(Grants, ReEncryptNamesItsSide) {
  EXPECT_EQ(GrantOperationOf("kms:ReEncryptFrom"), "ReEncryptFrom");
  EXPECT_EQ(GrantOperationOf("kms:Decrypt"), "Decrypt");
}

}  // namespace
}  // namespace bulwark::kms
