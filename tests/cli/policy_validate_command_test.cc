// `bulwark policy validate`: driven through the command tree (AddAllCommands + CLI11 parsing) for
// exit statuses and option handling, and through RunPolicyValidate for the printed output.
#include "cli/policy_validate_command.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.h"

namespace bulwark::cli {
namespace {

// A temporary directory with helper verbs to write policy files into it.
class TempDir {
 public:
  TempDir() {
    const auto* info = testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() / (std::string("bulwark-cli-") + info->test_suite_name() +
                                                      "-" + info->name() + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }

  std::string Write(const std::string& name, const std::string& text) const {
    const auto file = path_ / name;
    std::ofstream(file, std::ios::binary) << text;
    return file.string();
  }
  std::string PathOf(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

const char kClean[] = R"({
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}]
})";

// One WARNING (MISSING_VERSION) and nothing worse.
const char kWarningOnly[] = R"({
  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}]
})";

// One ERROR (INVALID_ACTION) on line 3.
const char kInvalidAction[] = R"({
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}]
})";

const char kTrust[] = R"({
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]
})";

// Parses argv through the whole command tree, as main() does; returns the exit status, or -1 when
// CLI11 rejects the arguments (main() maps that to 2).
int Exec(std::vector<std::string> args) {
  CLI::App app{"bulwark"};
  app.require_subcommand(1);
  int exit_code = -100;
  AddAllCommands(app, &exit_code);
  std::vector<const char*> argv{"bulwark"};
  for (const auto& a : args) argv.push_back(a.c_str());
  testing::internal::CaptureStdout();
  testing::internal::CaptureStderr();
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError&) {
    exit_code = -1;
  }
  testing::internal::GetCapturedStdout();
  testing::internal::GetCapturedStderr();
  return exit_code;
}

struct Output {
  int status = 0;
  std::string out;
  std::string err;
};

Output RunDirect(const PolicyValidateArgs& args) {
  std::ostringstream out;
  std::ostringstream err;
  const int status = RunPolicyValidate(args, out, err);
  return Output{status, out.str(), err.str()};
}

TEST(PolicyValidateCommand, CleanPolicyExitsZero) {
  TempDir dir;
  EXPECT_EQ(Exec({"policy", "validate", dir.Write("p.json", kClean)}), kValidateClean);
}

TEST(PolicyValidateCommand, ErrorFindingExitsOne) {
  TempDir dir;
  EXPECT_EQ(Exec({"policy", "validate", dir.Write("p.json", kInvalidAction)}), kValidateFindings);
}

TEST(PolicyValidateCommand, WarningsDoNotFailByDefault) {
  TempDir dir;
  EXPECT_EQ(Exec({"policy", "validate", dir.Write("p.json", kWarningOnly)}), kValidateClean);
}

TEST(PolicyValidateCommand, FailOnWarningMakesWarningsFail) {
  TempDir dir;
  const std::string file = dir.Write("p.json", kWarningOnly);
  EXPECT_EQ(Exec({"policy", "validate", "--fail-on", "WARNING", file}), kValidateFindings);
  EXPECT_EQ(Exec({"policy", "validate", "--fail-on", "security_warning", file}), kValidateClean);
}

TEST(PolicyValidateCommand, MissingFileExitsTwo) {
  TempDir dir;
  EXPECT_EQ(Exec({"policy", "validate", dir.PathOf("absent.json")}), kValidateUnreadable);
}

TEST(PolicyValidateCommand, DirectoryIsSearchedForPolicies) {
  TempDir dir;
  dir.Write("p.json", kClean);
  EXPECT_EQ(Exec({"policy", "validate", dir.PathOf("")}), kValidateClean);
  dir.Write("q.json", kInvalidAction);
  EXPECT_EQ(Exec({"policy", "validate", dir.PathOf("")}), kValidateFindings);
}

TEST(PolicyValidateCommand, DirectoryWithoutPoliciesExitsTwo) {
  TempDir dir;
  dir.Write("notes.txt", "not a policy");
  EXPECT_EQ(Exec({"policy", "validate", dir.PathOf("")}), kValidateUnreadable);
}

TEST(PolicyValidateCommand, UnreadableFileInDirectoryExitsTwo) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads files whatever their mode";
  TempDir dir;
  dir.Write("a.json", kClean);
  const std::string locked = dir.Write("b.json", kClean);
  std::filesystem::permissions(locked, std::filesystem::perms::none);
  EXPECT_EQ(Exec({"policy", "validate", dir.PathOf("")}), kValidateUnreadable);
}

TEST(PolicyValidateCommand, UnreadableInputWinsOverFindings) {
  TempDir dir;
  EXPECT_EQ(Exec({"policy", "validate", dir.Write("p.json", kInvalidAction), dir.PathOf("absent.json")}),
            kValidateUnreadable);
}

TEST(PolicyValidateCommand, InvalidJsonIsAFindingNotUnreadable) {
  TempDir dir;
  EXPECT_EQ(Exec({"policy", "validate", dir.Write("p.json", "{\"Version\": ")}), kValidateFindings);
}

TEST(PolicyValidateCommand, PolicyTypeSelectsTheRules) {
  TempDir dir;
  const std::string file = dir.Write("trust.json", kTrust);
  EXPECT_EQ(Exec({"policy", "validate", "--policy-type", "TRUST_POLICY", file}), kValidateClean);
  // As an identity policy the Principal element is an error: an explicit type wins over inference.
  EXPECT_EQ(Exec({"policy", "validate", "--policy-type", "IDENTITY_POLICY", file}), kValidateFindings);
}

// --resource-type is ValidatePolicy's validatePolicyResourceType: the resource type's checks apply
// ("Error – Unsupported resource ARN in policy": a KMS key ARN in a bucket policy).
TEST(PolicyValidateCommand, ResourceTypeAddsItsChecks) {
  TempDir dir;
  const std::string file = dir.Write("bucket.json", R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
      "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject",
      "Resource": "arn:aws:kms:us-east-1:111122223333:key/k"}]})");
  EXPECT_EQ(Exec({"policy", "validate", "--resource-type", "AWS::S3::Bucket", file}), kValidateFindings);
  EXPECT_EQ(Exec({"policy", "validate", "--resource-type", "AWS::KMS::Key", file}), kValidateClean);
  EXPECT_EQ(Exec({"policy", "validate", "--resource-type", "AWS::Nothing::Here", file}), kValidateUnreadable);
  EXPECT_EQ(Exec({"policy", "validate", "--resource-type", "AWS::IAM::AssumeRolePolicyDocument",
                  dir.Write("trust.json", kTrust)}),
            kValidateClean);
}

TEST(PolicyValidateCommand, DefaultInfersTheKindOfEachFile) {
  TempDir dir;
  EXPECT_EQ(Exec({"policy", "validate", dir.Write("trust.json", kTrust), dir.Write("p.json", kClean)}),
            kValidateClean);
  EXPECT_EQ(Exec({"policy", "validate", "--policy-type", "auto", dir.PathOf("trust.json")}), kValidateClean);
}

// The issue that made auto the default: the README's own example failed on the bucket and trust policies.
TEST(PolicyValidateCommand, ProjectExamplesPassWithTheDefaults) {
  EXPECT_EQ(Exec({"policy", "validate", std::string(BULWARK_SOURCE_DIR) + "/examples"}), kValidateClean);
}

TEST(PolicyValidateCommand, UnknownOptionValuesAreUsageErrors) {
  TempDir dir;
  const std::string file = dir.Write("p.json", kClean);
  EXPECT_EQ(Exec({"policy", "validate", "--policy-type", "FOO_POLICY", file}), -1);
  EXPECT_EQ(Exec({"policy", "validate", "--fail-on", "CRITICAL", file}), -1);
  EXPECT_EQ(Exec({"policy", "validate", "--format", "xml", file}), -1);
  EXPECT_EQ(Exec({"policy", "validate", "--format", "SARIF", file}), kValidateClean);
  EXPECT_EQ(Exec({"policy", "validate"}), -1);
}

TEST(PolicyValidateOutput, TextLinesNameFileLineColumnSeverityAndCode) {
  TempDir dir;
  PolicyValidateArgs args;
  args.files = {dir.Write("p.json", kInvalidAction)};
  const Output o = RunDirect(args);
  EXPECT_EQ(o.status, kValidateFindings);
  EXPECT_NE(
      o.out.find(args.files[0] + ":3:47: ERROR INVALID_ACTION: The action s3:GetObjekt does not exist."),
      std::string::npos)
      << o.out;
  EXPECT_NE(o.out.find("1 file: 1 errors, 0 security warnings, 0 warnings, 0 suggestions"), std::string::npos)
      << o.out;
}

TEST(PolicyValidateOutput, JsonIsShapedLikeAccessAnalyzerFindings) {
  TempDir dir;
  PolicyValidateArgs args;
  args.files = {dir.Write("p.json", kInvalidAction)};
  args.format = "json";
  const Output o = RunDirect(args);
  EXPECT_EQ(o.status, kValidateFindings);
  EXPECT_NE(o.out.find("\"findings\":[{\"findingType\":\"ERROR\",\"issueCode\":\"INVALID_ACTION\""),
            std::string::npos)
      << o.out;
  EXPECT_NE(
      o.out.find("\"path\":[{\"value\":\"Statement\"},{\"index\":0},{\"value\":\"Action\"},{\"index\":0}]"),
      std::string::npos)
      << o.out;
  EXPECT_NE(o.out.find("\"span\":{\"start\":{\"line\":3,\"column\":47,\"offset\":75}}"), std::string::npos)
      << o.out;
}

TEST(PolicyValidateOutput, JsonPathKeepsDottedConditionKeysWhole) {
  TempDir dir;
  PolicyValidateArgs args;
  args.files = {dir.Write("p.json", R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
    "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Condition": {"StringEquals": {"token.actions.githubusercontent.com:sub": "repo:o/r:*"}}}]})")};
  args.policy_type = "TRUST_POLICY";
  args.format = "json";
  const Output o = RunDirect(args);
  EXPECT_NE(o.out.find("{\"value\":\"Condition\"},{\"value\":\"StringEquals\"},"
                       "{\"value\":\"token.actions.githubusercontent.com:sub\"},{\"index\":0}"),
            std::string::npos)
      << o.out;
}

TEST(PolicyValidateOutput, UnreadableFileIsReportedOnStandardError) {
  TempDir dir;
  PolicyValidateArgs args;
  args.files = {dir.PathOf("absent.json")};
  const Output o = RunDirect(args);
  EXPECT_EQ(o.status, kValidateUnreadable);
  EXPECT_NE(o.err.find("absent.json: cannot read: no such file"), std::string::npos) << o.err;
}

TEST(PolicyValidateOutput, EveryFileIsReportedInOrder) {
  TempDir dir;
  PolicyValidateArgs args;
  args.files = {dir.Write("a.json", kInvalidAction), dir.Write("b.json", kWarningOnly)};
  const Output o = RunDirect(args);
  const auto a = o.out.find("a.json:3:47: ERROR");
  const auto b = o.out.find("b.json:1:1: WARNING MISSING_VERSION");
  ASSERT_NE(a, std::string::npos) << o.out;
  ASSERT_NE(b, std::string::npos) << o.out;
  EXPECT_LT(a, b);
  EXPECT_NE(o.out.find("2 files: 1 errors, 0 security warnings, 1 warnings"), std::string::npos) << o.out;
}

TEST(PolicyValidateOutput, TextLinesNameTheKindTheFileWasCheckedAs) {
  TempDir dir;
  PolicyValidateArgs args;
  args.files = {dir.Write("trust.json", R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole", "Resource": "*"}]})")};
  const Output o = RunDirect(args);
  EXPECT_EQ(o.status, kValidateFindings);
  EXPECT_NE(o.out.find(" (checked as TRUST_POLICY)\n"), std::string::npos) << o.out;
}

TEST(PolicyValidateOutput, JsonNamesThePolicyType) {
  TempDir dir;
  PolicyValidateArgs args;
  args.files = {dir.Write("trust.json", kTrust)};
  args.format = "json";
  const Output o = RunDirect(args);
  EXPECT_EQ(o.status, kValidateClean);
  EXPECT_NE(o.out.find(R"("policyType":"TRUST_POLICY","findings":[])"), std::string::npos) << o.out;
}

TEST(PolicyValidateOutput, DirectoryFilesAreRecursiveSortedAndJsonOnly) {
  TempDir dir;
  std::filesystem::create_directories(dir.PathOf("sub"));
  dir.Write("b.json", kWarningOnly);
  dir.Write("sub/a.json", kWarningOnly);
  dir.Write("a.json", kWarningOnly);
  dir.Write("readme.md", "# not a policy");
  PolicyValidateArgs args;
  args.files = {dir.PathOf("")};
  const Output o = RunDirect(args);
  EXPECT_EQ(o.status, kValidateClean) << o.out << o.err;
  const auto a = o.out.find("/a.json:1:1:");
  const auto b = o.out.find("/b.json:1:1:");
  const auto sub = o.out.find("/sub/a.json:1:1:");
  ASSERT_NE(a, std::string::npos) << o.out;
  ASSERT_NE(b, std::string::npos) << o.out;
  ASSERT_NE(sub, std::string::npos) << o.out;
  EXPECT_LT(a, b);
  EXPECT_LT(b, sub);
  EXPECT_EQ(o.out.find("readme.md"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("3 files:"), std::string::npos) << o.out;
}

TEST(PolicyValidateOutput, EmptyDirectoryIsExplained) {
  TempDir dir;
  PolicyValidateArgs args;
  args.files = {dir.PathOf("")};
  const Output o = RunDirect(args);
  EXPECT_EQ(o.status, kValidateUnreadable);
  EXPECT_NE(o.err.find("cannot read: directory holds no *.json files"), std::string::npos) << o.err;
}

}  // namespace
}  // namespace bulwark::cli
