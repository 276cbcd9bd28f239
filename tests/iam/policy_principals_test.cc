// Trust-policy principals bound to unique ids ("IAM JSON policy elements: Principal").
#include "iam/policy_principals.h"

#include <gtest/gtest.h>

namespace bulwark::iam {
namespace {

const std::string kPolicy =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:user/alice","arn:aws:iam::111122223333:role/ops"]},"Action":"sts:AssumeRole"}]})";
const std::vector<PrincipalBinding> kBindings{{"arn:aws:iam::111122223333:role/ops", "AROAOLDOPS"},
                                              {"arn:aws:iam::111122223333:user/alice", "AIDAOLDALICE"}};

TEST(TrustPolicyFor, TheEntityTheArnNamedWhenSavedKeepsTheTrust) {
  EXPECT_EQ(TrustPolicyFor(kPolicy, kBindings, "arn:aws:iam::111122223333:user/alice", "AIDAOLDALICE"), kPolicy);
}

TEST(TrustPolicyFor, ANewEntityUnderTheSameNameDoesNotMatch) {
  const std::string seen = TrustPolicyFor(kPolicy, kBindings, "arn:aws:iam::111122223333:user/alice", "AIDANEWALICE");
  EXPECT_EQ(seen.find("user/alice"), std::string::npos) << seen;
  EXPECT_NE(seen.find("\"AIDAOLDALICE\""), std::string::npos) << seen;
  EXPECT_NE(seen.find("role/ops"), std::string::npos) << "other principals are untouched: " << seen;
}

TEST(TrustPolicyFor, UnboundPrincipalsAndOtherCallersAreUntouched) {
  EXPECT_EQ(TrustPolicyFor(kPolicy, {}, "arn:aws:iam::111122223333:user/alice", "AIDANEWALICE"), kPolicy);
  EXPECT_EQ(TrustPolicyFor(kPolicy, kBindings, "arn:aws:iam::111122223333:user/bob", "AIDABOB"), kPolicy);
}

}  // namespace
}  // namespace bulwark::iam
