#include "kms/key_policy.h"

#include <gtest/gtest.h>

namespace bulwark::kms {
namespace {

constexpr char kKey[] = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
constexpr char kAlice[] = "arn:aws:iam::123456789012:user/alice";
constexpr char kRoot[] = "arn:aws:iam::123456789012:root";

std::string PolicyFor(const std::string& principal, const std::string& action = "kms:*",
                      const std::string& effect = "Allow") {
  return R"({"Version":"2012-10-17","Statement":[{"Effect":")" + effect + R"(","Principal":{"AWS":")" + principal +
         R"("},"Action":")" + action + R"(","Resource":"*"}]})";
}

TEST(KeyPolicy, DefaultPolicyDelegatesToTheAccountAndPassesTheCheck) {
  const std::string policy = DefaultKeyPolicy("123456789012");
  EXPECT_TRUE(CheckKeyPolicyGrammar(policy).ok());
  EXPECT_TRUE(CheckPolicyLockout(policy, kAlice, "", kKey).ok());
  EXPECT_TRUE(CheckPolicyLockout(policy, kRoot, "", kKey).ok());
}

TEST(KeyPolicy, APolicyThatOmitsTheCallerLocksItOut) {
  const std::string policy = PolicyFor("arn:aws:iam::123456789012:user/bob");
  auto s = CheckPolicyLockout(policy, kAlice, "", kKey);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "MalformedPolicyDocumentException");
  EXPECT_EQ(s.error().message, "The new key policy will not allow you to update the key policy in the future.");
  EXPECT_FALSE(CheckPolicyLockout(policy, kRoot, "", kKey).ok());
}

TEST(KeyPolicy, NamingTheCallerOrItsRolePasses) {
  EXPECT_TRUE(CheckPolicyLockout(PolicyFor(kAlice, "kms:PutKeyPolicy"), kAlice, "", kKey).ok());
  EXPECT_TRUE(CheckPolicyLockout(PolicyFor("arn:aws:iam::123456789012:role/admin"),
                                 "arn:aws:sts::123456789012:assumed-role/admin/s",
                                 "arn:aws:iam::123456789012:role/admin", kKey)
                  .ok());
  EXPECT_FALSE(CheckPolicyLockout(PolicyFor(kAlice, "kms:Decrypt"), kAlice, "", kKey).ok());
}

TEST(KeyPolicy, AnExplicitDenyOfTheCallerLocksItOut) {
  const std::string policy = R"({"Version":"2012-10-17","Statement":[
    {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"kms:*","Resource":"*"},
    {"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::123456789012:user/alice"},"Action":"kms:PutKeyPolicy","Resource":"*"}]})";
  EXPECT_FALSE(CheckPolicyLockout(policy, kAlice, "", kKey).ok());
}

TEST(KeyPolicy, GrammarRefusesStatementsWithoutPrincipal) {
  EXPECT_EQ(CheckKeyPolicyGrammar(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*"}]})")
                .error()
                .code,
            "MalformedPolicyDocumentException");
  EXPECT_EQ(CheckKeyPolicyGrammar("not json").error().code, "MalformedPolicyDocumentException");
  EXPECT_EQ(CheckKeyPolicyGrammar(std::string(40000, ' ')).error().code, "LimitExceededException");
}

}  // namespace
}  // namespace bulwark::kms
