// `bulwark policy simulate`: the batch protocol (one result or error line per case, the batch goes
// on), the flag-driven mode with files, and the exit statuses.
#include "cli/policy_simulate_command.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/json_tree.h"

namespace bulwark::cli {
namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::stringstream in(text);
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

struct Outcome {
  int status;
  std::vector<std::string> lines;
  std::string out;
  std::string err;
};

Outcome Batch(const std::string& input) {
  std::istringstream in(input);
  std::ostringstream out;
  const int status = RunSimulateBatch(in, out);
  return Outcome{status, Lines(out.str()), out.str(), ""};
}

Outcome Flags(const PolicySimulateArgs& args) {
  std::istringstream in;
  std::ostringstream out, err;
  const int status = RunPolicySimulate(args, in, out, err);
  return Outcome{status, Lines(out.str()), out.str(), err.str()};
}

bool Has(const std::string& line, const std::string& part) { return line.find(part) != std::string::npos; }

const char* kAllowCase =
    R"({"id":"a","request":{"principal":"arn:aws:iam::111111111111:user/alice","action":"s3:GetObject","resource":"arn:aws:s3:::b/k","context":{"aws:SourceIp":"10.0.0.1"}},)"
    R"("identityPolicies":[{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":"s3:Get*","Resource":"*"}]}],)"
    R"("resourcePolicy":null,"permissionBoundaries":null,"scps":null,"sessionPolicy":null})";

// Positions count within the case's line: the statement starts at byte 222 of kAllowCase.
TEST(PolicySimulateBatch, PrintsOneResultLinePerCase) {
  Outcome run = Batch(std::string(kAllowCase) + "\n\n" + kAllowCase + "\n");
  EXPECT_EQ(run.status, kSimulateEvaluated);
  ASSERT_EQ(run.lines.size(), 2u);
  EXPECT_EQ(run.lines[0],
            R"({"id":"a","decision":"allowed","matchedStatements":[{"sourcePolicyId":"identityPolicies[0]",)"
            R"("sourcePolicyType":"identity","sid":"Read","statementIndex":0,"effect":"Allow","startPosition":{"line":1,"column":223}}],)"
            R"("missingContextKeys":[]})");
}

TEST(PolicySimulateBatch, ResultLinesAreJson) {
  Outcome run = Batch(std::string(kAllowCase) + "\n");
  ASSERT_EQ(run.lines.size(), 1u);
  auto json = core::ParseJson(run.lines[0]);
  ASSERT_TRUE(json.ok());
  EXPECT_EQ(json->Find("decision")->text(), "allowed");
}

TEST(PolicySimulateBatch, MalformedCasesGiveErrorLinesAndTheBatchGoesOn) {
  const std::string bad_policy =
      R"({"id":7,"request":{"principal":"p","action":"s3:X","resource":"*","context":{}},"identityPolicies":[{"Statement":{"Effect":"Perhaps","Action":"s3:*","Resource":"*"}}]})";
  Outcome run = Batch("{not json\n" + bad_policy + "\n" + kAllowCase + "\n");
  EXPECT_EQ(run.status, kSimulateMalformed);
  ASSERT_EQ(run.lines.size(), 3u);
  EXPECT_TRUE(Has(run.lines[0], R"({"id":null,"error":{"code":"InvalidInput")")) << run.lines[0];
  EXPECT_TRUE(Has(run.lines[1], R"({"id":7,"error":{"code":"MalformedPolicyDocument")")) << run.lines[1];
  EXPECT_TRUE(Has(run.lines[1], "identityPolicies[0]"));
  EXPECT_TRUE(Has(run.lines[2], R"("decision":"allowed")"));
}

TEST(PolicySimulateBatch, MissingRequiredFieldIsAnError) {
  Outcome run = Batch(R"({"id":"x","request":{"action":"s3:GetObject","resource":"*"}})" "\n");
  EXPECT_EQ(run.status, kSimulateMalformed);
  ASSERT_EQ(run.lines.size(), 1u);
  EXPECT_TRUE(Has(run.lines[0], R"("id":"x")"));
  EXPECT_TRUE(Has(run.lines[0], "request.principal must be a string"));
}

TEST(PolicySimulateBatch, MistypedContextIsAnError) {
  Outcome run = Batch(R"({"id":"x","request":{"principal":"p","action":"a:b","resource":"*","context":{"k":1}}})" "\n");
  ASSERT_EQ(run.lines.size(), 1u);
  EXPECT_TRUE(Has(run.lines[0], "request.context.k must be a string or an array of strings"));
}

TEST(PolicySimulateBatch, OversizedLineIsAnErrorAndTheNextLineIsRead) {
  Outcome run = Batch(std::string(2u << 20, 'x') + "\n" + kAllowCase + "\n");
  EXPECT_EQ(run.status, kSimulateMalformed);
  ASSERT_EQ(run.lines.size(), 2u);
  EXPECT_TRUE(Has(run.lines[0], "larger than 1 MiB"));
  EXPECT_TRUE(Has(run.lines[1], R"("decision":"allowed")"));
}

TEST(PolicySimulateBatch, ExplainsExplicitDenyAndMissingKeys) {
  const std::string c =
      R"({"id":"d","request":{"principal":"arn:aws:iam::111111111111:user/alice","action":"s3:DeleteObject","resource":"arn:aws:s3:::b/k","context":{"aws:TagKeys":["a","b"]}},)"
      R"("identityPolicies":[{"Version":"2012-10-17","Statement":[{"Sid":"All","Effect":"Allow","Action":"s3:*","Resource":"*"},)"
      R"({"Sid":"NoDeleteWithoutMfa","Effect":"Deny","Action":"s3:Delete*","Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}]}],)"
      R"("scps":[[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}]]})";
  Outcome run = Batch(c + "\n");
  ASSERT_EQ(run.lines.size(), 1u);
  EXPECT_TRUE(Has(run.lines[0], R"("decision":"explicitDeny")")) << run.lines[0];
  EXPECT_TRUE(Has(run.lines[0], R"("sid":"NoDeleteWithoutMfa")"));
  EXPECT_FALSE(Has(run.lines[0], R"("sid":"All")"));
  EXPECT_TRUE(Has(run.lines[0], R"("missingContextKeys":["aws:MultiFactorAuthPresent"])"));
}

TEST(PolicySimulateBatch, CrossAccountCaseNeedsTheResourcePolicy) {
  const std::string head =
      R"({"id":1,"request":{"principal":"arn:aws:iam::222222222222:user/eve","action":"s3:GetObject","resource":"arn:aws:s3:::b/k","resourceAccount":"111111111111"},)"
      R"("identityPolicies":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}])";
  const std::string with_policy =
      head + R"(,"resourcePolicy":{"Version":"2012-10-17","Statement":[{"Sid":"Partner","Effect":"Allow","Principal":{"AWS":"222222222222"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}})";
  Outcome run = Batch(head + "}\n" + with_policy + "\n");
  ASSERT_EQ(run.lines.size(), 2u);
  EXPECT_TRUE(Has(run.lines[0], R"("decision":"implicitDeny")")) << run.lines[0];
  EXPECT_TRUE(Has(run.lines[1], R"("decision":"allowed")")) << run.lines[1];
  EXPECT_TRUE(Has(run.lines[1], R"("sourcePolicyType":"resource","sid":"Partner")"));
}

TEST(PolicySimulateBatch, RcpLevelsDeny) {
  const std::string c =
      R"({"id":1,"request":{"principal":"arn:aws:iam::111111111111:user/a","action":"s3:GetObject","resource":"*"},)"
      R"("identityPolicies":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}],)"
      R"("rcps":[[{"Version":"2012-10-17","Statement":[{"Sid":"NoS3","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}]}]]})";
  Outcome run = Batch(c + "\n");
  ASSERT_EQ(run.lines.size(), 1u);
  EXPECT_TRUE(Has(run.lines[0], R"("sourcePolicyType":"rcp","sid":"NoS3")")) << run.lines[0];
}

// Role trust policies have no Resource element ("Terms and concepts for roles",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html): for
// sts:AssumeRole on a role ARN the resource policy is read with the trust-policy grammar.
TEST(PolicySimulateBatch, AssumeRoleReadsTheResourcePolicyAsATrustPolicy) {
  const std::string trust =
      R"("resourcePolicy":{"Version":"2012-10-17","Statement":[{"Sid":"TrustDev","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":["sts:AssumeRole","sts:TagSession"]}]})";
  const std::string identity =
      R"("identityPolicies":[{"Version":"2012-10-17","Statement":[{"Sid":"Assume","Effect":"Allow","Action":["sts:AssumeRole","sts:TagSession"],"Resource":"arn:aws:iam::444455556666:role/ReadOnly"}]}])";
  std::string cases;
  for (const char* action : {"sts:AssumeRole", "sts:TagSession"}) {
    cases += R"({"id":")" + std::string(action) +
             R"(","request":{"principal":"arn:aws:iam::111122223333:user/Alice","action":")" + action +
             R"(","resource":"arn:aws:iam::444455556666:role/ReadOnly"},)" + identity + "," + trust + "}\n";
  }
  Outcome run = Batch(cases);
  EXPECT_EQ(run.status, kSimulateEvaluated) << run.out;
  ASSERT_EQ(run.lines.size(), 2u);
  for (const auto& line : run.lines) {
    EXPECT_TRUE(Has(line, R"("decision":"allowed")")) << line;
    EXPECT_TRUE(Has(line, R"("sourcePolicyType":"resource","sid":"TrustDev")")) << line;
  }
}

TEST(PolicySimulateBatch, TrustPolicyMustAllowEvenInTheSameAccount) {
  const std::string c =
      R"({"id":1,"request":{"principal":"arn:aws:iam::111122223333:user/Alice","action":"sts:AssumeRole","resource":"arn:aws:iam::111122223333:role/Ec2"},)"
      R"("identityPolicies":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}],)"
      R"("resourcePolicy":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}})";
  Outcome run = Batch(c + "\n");
  ASSERT_EQ(run.lines.size(), 1u);
  EXPECT_TRUE(Has(run.lines[0], R"("decision":"implicitDeny")")) << run.lines[0];
}

TEST(PolicySimulateBatch, TrustPolicyWithAResourceElementIsMalformed) {
  const std::string c =
      R"({"id":1,"request":{"principal":"arn:aws:iam::111122223333:user/Alice","action":"sts:AssumeRole","resource":"arn:aws:iam::111122223333:role/Ec2"},)"
      R"("resourcePolicy":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Resource":"*"}]}})";
  Outcome run = Batch(c + "\n");
  EXPECT_EQ(run.status, kSimulateMalformed);
  ASSERT_EQ(run.lines.size(), 1u);
  EXPECT_TRUE(Has(run.lines[0], "MalformedPolicyDocument")) << run.lines[0];
}

// "Cross-account policy evaluation logic"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html):
// without resourceAccount, the queue's ARN names its owner, so the case is cross-account.
TEST(PolicySimulateBatch, ResourceAccountComesFromTheArnWhenNotGiven) {
  const std::string c =
      R"({"id":1,"request":{"principal":"arn:aws:iam::111122223333:user/Alice","action":"sqs:SendMessage","resource":"arn:aws:sqs:us-east-1:444455556666:queue1"},)"
      R"("identityPolicies":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:*","Resource":"arn:aws:sqs:us-east-1:444455556666*"}]}]})";
  Outcome run = Batch(c + "\n");
  EXPECT_EQ(run.status, kSimulateEvaluated) << run.out;
  ASSERT_EQ(run.lines.size(), 1u);
  EXPECT_TRUE(Has(run.lines[0], R"("decision":"implicitDeny")")) << run.lines[0];
}

// Files for the flag-driven mode, in a fresh directory.
class PolicySimulateFlags : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("bulwark-simulate-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& text) {
    const auto path = dir_ / name;
    std::ofstream(path) << text;
    return path.string();
  }
  PolicySimulateArgs Args(const std::string& action = "s3:GetObject") {
    PolicySimulateArgs a;
    a.principal = "arn:aws:iam::111111111111:user/alice";
    a.action = action;
    a.resource = "arn:aws:s3:::data/report.csv";
    a.identity_policies = {Write("identity.json",
                                R"({"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":"s3:Get*","Resource":"*",
                                    "Condition":{"ForAnyValue:StringEquals":{"aws:TagKeys":["team"]}}}]})")};
    a.context = {"aws:TagKeys=env", "aws:TagKeys=team"};
    return a;
  }
  std::filesystem::path dir_;
};

TEST_F(PolicySimulateFlags, PrintsAnIndentedResultWithLayerDetails) {
  PolicySimulateArgs a = Args();
  const std::string scp = Write("scp.json", R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})");
  a.scp_levels = {scp, scp + "," + scp};
  Outcome run = Flags(a);
  EXPECT_EQ(run.status, kSimulateEvaluated) << run.err;
  auto json = core::ParseJson(run.out);
  ASSERT_TRUE(json.ok()) << run.out;
  EXPECT_EQ(json->Find("decision")->text(), "allowed");
  EXPECT_EQ(json->Find("decisionDetails")->Find("organizations")->text(), "allowed");
  EXPECT_EQ(json->Find("decisionDetails")->Find("identityPolicies")->text(), "allowed");
  EXPECT_GT(run.lines.size(), 5u);  // Indented.
}

TEST_F(PolicySimulateFlags, BoundaryCapsAndIsReported) {
  PolicySimulateArgs a = Args();
  a.boundaries = {Write("boundary.json", R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"}]})")};
  Outcome run = Flags(a);
  EXPECT_EQ(run.status, kSimulateEvaluated);
  auto json = core::ParseJson(run.out);
  ASSERT_TRUE(json.ok());
  EXPECT_EQ(json->Find("decision")->text(), "implicitDeny");
  EXPECT_EQ(json->Find("decisionDetails")->Find("permissionsBoundary")->text(), "implicitDeny");
}

TEST_F(PolicySimulateFlags, AssumeRoleReadsTheResourcePolicyFileAsATrustPolicy) {
  PolicySimulateArgs a;
  a.principal = "arn:aws:iam::111122223333:user/Alice";
  a.action = "sts:AssumeRole";
  a.resource = "arn:aws:iam::111122223333:role/Dev";
  a.resource_policy = Write("trust.json",
                            R"({"Version":"2012-10-17","Statement":[{"Sid":"TrustAlice","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/Alice"},"Action":"sts:AssumeRole"}]})");
  Outcome run = Flags(a);
  EXPECT_EQ(run.status, kSimulateEvaluated) << run.out << run.err;
  auto json = core::ParseJson(run.out);
  ASSERT_TRUE(json.ok()) << run.out;
  EXPECT_EQ(json->Find("decision")->text(), "allowed");
  EXPECT_EQ(json->Find("decisionDetails")->Find("resourcePolicy")->text(), "allowed");
}

TEST_F(PolicySimulateFlags, UnreadableFileExitsTwo) {
  PolicySimulateArgs a = Args();
  a.identity_policies.push_back((dir_ / "missing.json").string());
  Outcome run = Flags(a);
  EXPECT_EQ(run.status, kSimulateUnreadable);
  EXPECT_TRUE(Has(run.err, "cannot read"));
}

TEST_F(PolicySimulateFlags, MalformedPolicyExitsOne) {
  PolicySimulateArgs a = Args();
  a.session_policy = Write("session.json", R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow"}]})");
  Outcome run = Flags(a);
  EXPECT_EQ(run.status, kSimulateMalformed);
  EXPECT_TRUE(Has(run.out, "MalformedPolicyDocument")) << run.out;
}

TEST_F(PolicySimulateFlags, NotJsonExitsOne) {
  PolicySimulateArgs a = Args();
  a.resource_policy = Write("bucket.json", "{nope");
  EXPECT_EQ(Flags(a).status, kSimulateMalformed);
}

TEST_F(PolicySimulateFlags, BadContextFlagExitsTwo) {
  PolicySimulateArgs a = Args();
  a.context = {"novalue"};
  EXPECT_EQ(Flags(a).status, kSimulateUnreadable);
}

TEST_F(PolicySimulateFlags, MissingPrincipalExitsTwo) {
  PolicySimulateArgs a = Args();
  a.principal.clear();
  EXPECT_EQ(Flags(a).status, kSimulateUnreadable);
}

TEST_F(PolicySimulateFlags, FormatJsonIsTheDefaultOutput) {
  PolicySimulateArgs a = Args();
  const Outcome by_default = Flags(a);
  a.format = "json";
  const Outcome json = Flags(a);
  EXPECT_EQ(json.status, kSimulateEvaluated);
  EXPECT_EQ(json.out, by_default.out);
}

TEST_F(PolicySimulateFlags, FormatTextNamesTheDecisionAndTheDecidingStatement) {
  PolicySimulateArgs a = Args();
  a.format = "text";
  Outcome run = Flags(a);
  EXPECT_EQ(run.status, kSimulateEvaluated) << run.err;
  ASSERT_GE(run.lines.size(), 3u) << run.out;
  EXPECT_EQ(run.lines[0], "decision: allowed");
  EXPECT_TRUE(Has(run.lines[1], "Allow by identity policy ")) << run.lines[1];
  EXPECT_TRUE(Has(run.lines[1], "identity.json:1:")) << run.lines[1];
  EXPECT_TRUE(Has(run.lines[1], "Statement[0] (Read)")) << run.lines[1];
  EXPECT_TRUE(Has(run.out, "identityPolicies: allowed\n")) << run.out;
}

TEST_F(PolicySimulateFlags, UnknownFormatExitsTwo) {
  PolicySimulateArgs a = Args();
  a.format = "yaml";
  EXPECT_EQ(Flags(a).status, kSimulateUnreadable);
}

TEST(PolicySimulateBatch, FormatTextPrintsOneDecisionPerCase) {
  std::istringstream in(std::string(kAllowCase) + "\n{not json\n");
  std::ostringstream out;
  EXPECT_EQ(RunSimulateBatch(in, out, /*text=*/true), kSimulateMalformed);
  const std::vector<std::string> lines = Lines(out.str());
  ASSERT_EQ(lines.size(), 3u) << out.str();
  EXPECT_EQ(lines[0], "case \"a\": decision: allowed");
  EXPECT_TRUE(Has(lines[1], "Allow by identity policy identityPolicies[0]:1:223 Statement[0] (Read)")) << lines[1];
  EXPECT_TRUE(Has(lines[2], "case null: error InvalidInput: ")) << lines[2];
}

}  // namespace
}  // namespace bulwark::cli
