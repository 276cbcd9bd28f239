#include "iam/credential_report.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

namespace bulwark::iam {
namespace {

constexpr int64_t kT0 = 1414523701;  // 2014-10-28T19:15:01Z

// Helper verbs: split the CSV (no quoted fields in these rows) into rows of fields.
std::vector<std::string> Fields(const std::string& line) {
  std::vector<std::string> fields;
  std::stringstream in(line);
  std::string field;
  while (std::getline(in, field, ',')) fields.push_back(field);
  if (!line.empty() && line.back() == ',') fields.push_back("");
  return fields;
}

std::vector<std::string> Lines(const std::string& csv) {
  std::vector<std::string> lines;
  std::stringstream in(csv);
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

std::vector<std::string> OnlyRow(const CredentialReportUser& user, const std::optional<PasswordPolicy>& policy = {}) {
  const auto lines = Lines(CredentialReportCsv({user}, policy));
  EXPECT_EQ(lines.size(), 2u);
  return lines.size() == 2 ? Fields(lines[1]) : std::vector<std::string>{};
}

TEST(CredentialReport, HeaderHasAwsColumnsInOrder) {
  EXPECT_EQ(CredentialReportHeader(),
            "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
            "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
            "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
            "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,"
            "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,"
            "cert_2_active,cert_2_last_rotated");
}

TEST(CredentialReport, TimesAreIso8601WithOffset) {
  EXPECT_EQ(CredentialReportTime(kT0), "2014-10-28T19:15:01+00:00");
  EXPECT_EQ(CredentialReportTime(0), "1970-01-01T00:00:00+00:00");
}

TEST(CredentialReport, UserWithoutCredentialsIsAllNotApplicable) {
  CredentialReportUser user;
  user.user = "alice";
  user.arn = "arn:aws:iam::123456789012:user/alice";
  user.created = kT0;
  EXPECT_EQ(OnlyRow(user), (std::vector<std::string>{
                               "alice", "arn:aws:iam::123456789012:user/alice", "2014-10-28T19:15:01+00:00",
                               "false", "N/A", "N/A", "N/A", "false",
                               "false", "N/A", "N/A", "N/A", "N/A",
                               "false", "N/A", "N/A", "N/A", "N/A",
                               "false", "N/A", "false", "N/A"}));
}

TEST(CredentialReport, RootRowUsesNotSupported) {
  CredentialReportUser root;
  root.root = true;
  root.arn = "arn:aws:iam::123456789012:root";
  root.created = kT0;
  root.mfa_active = true;
  const auto row = OnlyRow(root);
  ASSERT_EQ(row.size(), 22u);
  EXPECT_EQ(row[0], "<root_account>");
  EXPECT_EQ(row[3], "not_supported");   // password_enabled
  EXPECT_EQ(row[4], "no_information");  // password_last_used
  EXPECT_EQ(row[5], "not_supported");   // password_last_changed
  EXPECT_EQ(row[6], "not_supported");   // password_next_rotation
  EXPECT_EQ(row[7], "true");
}

TEST(CredentialReport, UnusedPasswordIsNoInformation) {
  CredentialReportUser user;
  user.user = "bob";
  user.arn = "arn:aws:iam::123456789012:user/bob";
  user.password_enabled = true;
  user.password_last_changed = kT0;
  const auto row = OnlyRow(user);
  EXPECT_EQ(row[3], "true");
  EXPECT_EQ(row[4], "no_information");
  EXPECT_EQ(row[5], "2014-10-28T19:15:01+00:00");
  EXPECT_EQ(row[6], "N/A");  // No policy: passwords do not rotate.
}

TEST(CredentialReport, NextRotationFollowsMaxPasswordAge) {
  CredentialReportUser user;
  user.user = "bob";
  user.password_enabled = true;
  user.password_last_changed = kT0;
  user.password_last_used = kT0 + 60;
  PasswordPolicy policy;
  policy.max_password_age = 1;
  const auto row = OnlyRow(user, policy);
  EXPECT_EQ(row[4], "2014-10-28T19:16:01+00:00");
  EXPECT_EQ(row[6], "2014-10-29T19:15:01+00:00");
}

TEST(CredentialReport, AccessKeysFillTheirColumnsInOrder) {
  CredentialReportUser user;
  user.user = "carol";
  user.mfa_active = true;
  CredentialReportAccessKey used{.active = true, .created = kT0, .last_used = kT0 + 3600,
                                 .last_used_region = "us-east-1", .last_used_service = "iam"};
  CredentialReportAccessKey unused{.active = false, .created = kT0 + 1, .last_used = std::nullopt,
                                   .last_used_region = "", .last_used_service = ""};
  user.access_keys = {used, unused};
  const auto row = OnlyRow(user);
  EXPECT_EQ(std::vector<std::string>(row.begin() + 7, row.begin() + 18),
            (std::vector<std::string>{"true", "true", "2014-10-28T19:15:01+00:00", "2014-10-28T20:15:01+00:00",
                                      "us-east-1", "iam", "false", "2014-10-28T19:15:02+00:00", "N/A", "N/A",
                                      "N/A"}));
}

TEST(CredentialReport, FieldsWithCommasAreQuoted) {
  CredentialReportUser user;
  user.user = "a,b";
  user.arn = "arn:aws:iam::123456789012:user/a,b";
  const auto lines = Lines(CredentialReportCsv({user}, std::nullopt));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1].rfind("\"a,b\",\"arn:aws:iam::123456789012:user/a,b\",", 0), 0u) << lines[1];
}

TEST(CredentialReport, RowsKeepTheGivenOrder) {
  CredentialReportUser root;
  root.root = true;
  CredentialReportUser user;
  user.user = "zed";
  const auto lines = Lines(CredentialReportCsv({root, user}, std::nullopt));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[1].rfind("<root_account>,", 0), 0u);
  EXPECT_EQ(lines[2].rfind("zed,", 0), 0u);
}

}  // namespace
}  // namespace bulwark::iam
