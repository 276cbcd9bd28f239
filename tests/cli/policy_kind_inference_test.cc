// --policy-type auto: which kind a document is checked as.
#include "cli/policy_kind_inference.h"

#include <gtest/gtest.h>

namespace bulwark::cli {
namespace {

using policy::PolicyKind;

TEST(InferPolicyKind, NoPrincipalIsAnIdentityPolicy) {
  EXPECT_EQ(InferPolicyKind(R"({"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]})"),
            PolicyKind::kIdentity);
}

TEST(InferPolicyKind, PrincipalMakesAResourcePolicy) {
  EXPECT_EQ(InferPolicyKind(R"({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                                "Resource": "arn:aws:s3:::b/*"}]})"),
            PolicyKind::kResource);
}

TEST(InferPolicyKind, NotPrincipalMakesAResourcePolicy) {
  EXPECT_EQ(
      InferPolicyKind(R"({"Statement": {"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::1:root"},
                                "Action": "s3:*", "Resource": "*"}})"),
      PolicyKind::kResource);
}

TEST(InferPolicyKind, AssumeRoleWithAPrincipalIsATrustPolicy) {
  EXPECT_EQ(
      InferPolicyKind(R"({"Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                                "Action": ["sts:AssumeRole", "sts:TagSession"]}]})"),
      PolicyKind::kTrust);
  EXPECT_EQ(InferPolicyKind(R"({"Statement": [{"Effect": "Allow", "Principal": {"Federated": "x"},
                                "Action": "STS:assumeRoleWithWebIdentity"}]})"),
            PolicyKind::kTrust);
}

// A Resource element stays a trust policy, so the validator reports it as the error it is there.
TEST(InferPolicyKind, TrustPolicyWithAResourceStaysATrustPolicy) {
  EXPECT_EQ(InferPolicyKind(R"({"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::1:root"},
                                "Action": "sts:AssumeRole", "Resource": "*"}]})"),
            PolicyKind::kTrust);
}

TEST(InferPolicyKind, OtherActionsBesideAssumeRoleMakeAResourcePolicy) {
  EXPECT_EQ(InferPolicyKind(R"({"Statement": [{"Effect": "Allow", "Principal": "*",
                                "Action": ["sts:AssumeRole", "kms:Decrypt"], "Resource": "*"}]})"),
            PolicyKind::kResource);
}

TEST(InferPolicyKind, AssumeRoleWithoutAPrincipalIsAnIdentityPolicy) {
  EXPECT_EQ(InferPolicyKind(R"({"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                "Resource": "arn:aws:iam::1:role/r"}]})"),
            PolicyKind::kIdentity);
}

TEST(InferPolicyKind, UnparsableTextIsCheckedAsAnIdentityPolicy) {
  EXPECT_EQ(InferPolicyKind("{\"Statement\": "), PolicyKind::kIdentity);
  EXPECT_EQ(InferPolicyKind("[]"), PolicyKind::kIdentity);
}

}  // namespace
}  // namespace bulwark::cli
