#include "cli/policy_simulate_command.h"

#include <gtest/gtest.h>

#include <sstream>

namespace bulwark::cli {
namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::stringstream in(text);
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

struct BatchRun {
  int status;
  std::vector<std::string> lines;
};

BatchRun Batch(const std::string& input) {
  std::istringstream in(input);
  std::ostringstream out;
  const int status = RunSimulateBatch(in, out);
  return BatchRun{status, Lines(out.str())};
}

const char* kAllowCase =
    R"({"id":"a","request":{"principal":"arn:aws:iam::111111111111:user/alice","action":"s3:GetObject","resource":"arn:aws:s3:::b/k","context":{"aws:SourceIp":"10.0.0.1"}},)"
    R"("identityPolicies":[{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":"s3:Get*","Resource":"*"}]}],)"
    R"("resourcePolicy":null,"permissionBoundaries":null,"scps":null,"sessionPolicy":null})";

TEST(PolicySimulateBatch, PrintsOneResultLinePerCase) {
  BatchRun run = Batch(std::string(kAllowCase) + "\n" + kAllowCase + "\n");
  EXPECT_EQ(run.status, 0);
  ASSERT_EQ(run.lines.size(), 2u);
  EXPECT_NE(run.lines[0].find(R"("id":"a","decision":"allowed")"), std::string::npos) << run.lines[0];
  EXPECT_NE(run.lines[0].find(R"("sid":"Read")"), std::string::npos);
  EXPECT_NE(run.lines[0].find(R"("missingContextKeys":[])"), std::string::npos);
}

TEST(PolicySimulateBatch, MalformedCaseGivesAnErrorLineAndTheBatchGoesOn) {
  const std::string bad_policy =
      R"({"id":7,"request":{"principal":"p","action":"s3:X","resource":"*","context":{}},"identityPolicies":[{"Statement":{"Effect":"Perhaps","Action":"s3:*","Resource":"*"}}]})";
  BatchRun run = Batch("{not json\n" + bad_policy + "\n" + kAllowCase + "\n");
  EXPECT_EQ(run.status, 1);
  ASSERT_EQ(run.lines.size(), 3u);
  EXPECT_NE(run.lines[0].find(R"("id":null,"error")"), std::string::npos) << run.lines[0];
  EXPECT_NE(run.lines[1].find(R"("id":7,"error":{"code":"MalformedPolicyDocument")"), std::string::npos) << run.lines[1];
  EXPECT_NE(run.lines[2].find(R"("decision":"allowed")"), std::string::npos);
}

TEST(PolicySimulateBatch, ExplainsExplicitDenyAndMissingKeys) {
  const std::string c =
      R"({"id":"d","request":{"principal":"arn:aws:iam::111111111111:user/alice","action":"s3:DeleteObject","resource":"arn:aws:s3:::b/k","context":{"aws:TagKeys":["a","b"]}},)"
      R"("identityPolicies":[{"Version":"2012-10-17","Statement":[{"Sid":"All","Effect":"Allow","Action":"s3:*","Resource":"*"},)"
      R"({"Sid":"NoDeleteWithoutMfa","Effect":"Deny","Action":"s3:Delete*","Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}]}],)"
      R"("scps":[[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}]]})";
  BatchRun run = Batch(c + "\n");
  ASSERT_EQ(run.lines.size(), 1u);
  EXPECT_NE(run.lines[0].find(R"("decision":"explicitDeny")"), std::string::npos) << run.lines[0];
  EXPECT_NE(run.lines[0].find(R"("sid":"NoDeleteWithoutMfa")"), std::string::npos);
  EXPECT_EQ(run.lines[0].find(R"("sid":"All")"), std::string::npos);
  EXPECT_NE(run.lines[0].find(R"("missingContextKeys":["aws:MultiFactorAuthPresent"])"), std::string::npos);
}

TEST(PolicySimulateBatch, MissingRequiredFieldIsAnError) {
  BatchRun run = Batch(R"({"id":"x","request":{"action":"s3:GetObject","resource":"*"}})" "\n");
  EXPECT_EQ(run.status, 1);
  ASSERT_EQ(run.lines.size(), 1u);
  EXPECT_NE(run.lines[0].find("request.principal must be a string"), std::string::npos);
}

}  // namespace
}  // namespace bulwark::cli
