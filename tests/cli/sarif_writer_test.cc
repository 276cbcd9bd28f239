// SARIF output of `bulwark policy validate --format sarif`: the fields SARIF 2.1.0's schema requires
// (and code-scanning tools read) are present and typed, levels map from severities, URIs are encoded.
#include "cli/sarif_writer.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "cli/policy_validate_command.h"

namespace bulwark::cli {
namespace {

namespace json = boost::json;

// Runs the command with --format sarif over `files` and parses what it printed.
json::object SarifOf(const std::vector<std::string>& files, int* status = nullptr) {
  PolicyValidateArgs args;
  args.files = files;
  args.format = "sarif";
  std::ostringstream out;
  std::ostringstream err;
  const int rc = RunPolicyValidate(args, out, err);
  if (status != nullptr) *status = rc;
  return json::parse(out.str()).as_object();
}

std::string WriteTemp(const std::string& name, const std::string& text) {
  const auto* info = testing::UnitTest::GetInstance()->current_test_info();
  const auto dir = std::filesystem::temp_directory_path() / (std::string("bulwark-sarif-") + info->name());
  std::filesystem::create_directories(dir);
  std::ofstream(dir / name, std::ios::binary) << text;
  return (dir / name).string();
}

// An ERROR (INVALID_ACTION, line 3) and a WARNING (MISSING_VERSION, line 1).
const char kTwoFindings[] = R"({
  "Statement": [
    {"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}]
})";

const json::string& StringAt(const json::object& o, const char* key) {
  EXPECT_TRUE(o.contains(key)) << key << " missing in " << json::serialize(o);
  return o.at(key).as_string();
}

TEST(SarifWriter, LogHasTheRequiredTopLevelFields) {
  const json::object log = SarifOf({WriteTemp("p.json", kTwoFindings)});
  EXPECT_EQ(StringAt(log, "version"), "2.1.0");
  EXPECT_EQ(StringAt(log, "$schema"), "https://json.schemastore.org/sarif-2.1.0.json");
  ASSERT_EQ(log.at("runs").as_array().size(), 1u);
  const json::object& driver = log.at("runs").at(0).at("tool").at("driver").as_object();
  EXPECT_EQ(StringAt(driver, "name"), "bulwark");
  ASSERT_TRUE(driver.at("rules").is_array());
}

TEST(SarifWriter, EveryResultHasRuleLevelMessageAndLocation) {
  int status = 0;
  const std::string file = WriteTemp("p.json", kTwoFindings);
  const json::object log = SarifOf({file}, &status);
  EXPECT_EQ(status, kValidateFindings);
  const json::object& run = log.at("runs").at(0).as_object();
  const json::array& rules = run.at("tool").at("driver").at("rules").as_array();
  const json::array& results = run.at("results").as_array();
  ASSERT_EQ(results.size(), 2u) << json::serialize(run);
  for (const json::value& r : results) {
    const json::object& result = r.as_object();
    const std::string rule_id(StringAt(result, "ruleId"));
    const std::size_t index = result.at("ruleIndex").to_number<std::size_t>();
    ASSERT_LT(index, rules.size());
    EXPECT_EQ(rules.at(index).at("id").as_string(), rule_id);
    EXPECT_FALSE(StringAt(result.at("message").as_object(), "text").empty());
    const json::object& physical = result.at("locations").at(0).at("physicalLocation").as_object();
    EXPECT_EQ(StringAt(physical.at("artifactLocation").as_object(), "uri"), SarifArtifactUri(file));
    EXPECT_GE(physical.at("region").at("startLine").to_number<int>(), 1);
    EXPECT_GE(physical.at("region").at("startColumn").to_number<int>(), 1);
  }
  const json::object& first = results.at(0).as_object();  // Source order: line 1 first.
  EXPECT_EQ(first.at("ruleId").as_string(), "MISSING_VERSION");
  EXPECT_EQ(first.at("level").as_string(), "warning");
  const json::object& second = results.at(1).as_object();
  EXPECT_EQ(second.at("ruleId").as_string(), "INVALID_ACTION");
  EXPECT_EQ(second.at("level").as_string(), "error");
  EXPECT_EQ(second.at("locations").at(0).at("physicalLocation").at("region").at("startLine").as_int64(), 3);
  EXPECT_EQ(second.at("properties").at("policyType").as_string(), "IDENTITY_POLICY");
}

TEST(SarifWriter, RulesAreTheFindingCodesSortedAndUnique) {
  const std::string a = WriteTemp("a.json", kTwoFindings);
  const std::string b = WriteTemp("b.json", kTwoFindings);
  const json::object log = SarifOf({a, b});
  const json::array& rules = log.at("runs").at(0).at("tool").at("driver").at("rules").as_array();
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules.at(0).at("id").as_string(), "INVALID_ACTION");
  EXPECT_EQ(rules.at(0).at("defaultConfiguration").at("level").as_string(), "error");
  EXPECT_EQ(rules.at(1).at("id").as_string(), "MISSING_VERSION");
  EXPECT_EQ(log.at("runs").at(0).at("results").as_array().size(), 4u);
}

TEST(SarifWriter, CleanRunHasNoResultsAndSucceeds) {
  int status = -1;
  const json::object log = SarifOf({std::string(BULWARK_SOURCE_DIR) + "/examples"}, &status);
  EXPECT_EQ(status, kValidateClean);
  const json::object& run = log.at("runs").at(0).as_object();
  EXPECT_TRUE(run.at("results").as_array().empty());
  EXPECT_TRUE(run.at("invocations").at(0).at("executionSuccessful").as_bool());
}

TEST(SarifWriter, UnreadableInputIsAFailedInvocation) {
  int status = -1;
  const json::object log = SarifOf({"/nonexistent/bulwark/p.json"}, &status);
  EXPECT_EQ(status, kValidateUnreadable);
  const json::object& invocation = log.at("runs").at(0).at("invocations").at(0).as_object();
  EXPECT_FALSE(invocation.at("executionSuccessful").as_bool());
  const json::object& note = invocation.at("toolExecutionNotifications").at(0).as_object();
  EXPECT_EQ(note.at("level").as_string(), "error");
  EXPECT_NE(std::string(note.at("message").at("text").as_string()).find("no such file"), std::string::npos);
}

TEST(SarifWriter, SeveritiesMapToSarifLevels) {
  EXPECT_STREQ(SarifLevel(policy::Severity::kError), "error");
  EXPECT_STREQ(SarifLevel(policy::Severity::kSecurityWarning), "warning");
  EXPECT_STREQ(SarifLevel(policy::Severity::kWarning), "warning");
  EXPECT_STREQ(SarifLevel(policy::Severity::kSuggestion), "note");
}

TEST(SarifWriter, ArtifactUrisArePercentEncoded) {
  EXPECT_EQ(SarifArtifactUri("examples/policies/a.json"), "examples/policies/a.json");
  EXPECT_EQ(SarifArtifactUri("my policies/a#1.json"), "my%20policies/a%231.json");
  EXPECT_EQ(SarifArtifactUri("/tmp/a.json"), "file:///tmp/a.json");
}

}  // namespace
}  // namespace bulwark::cli
