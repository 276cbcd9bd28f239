#include "iam/aws_managed_policies.h"

#include <algorithm>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <unordered_map>
#include <vector>

// The embedded table (cmake/AwsManagedPolicies.cmake): the generator's JSON between these two
// symbols, followed by one NUL byte.
extern "C" const char bulwark_aws_managed_policies_begin[];
extern "C" const char bulwark_aws_managed_policies_end[];

namespace bulwark::iam {

namespace {

constexpr std::string_view kArnPrefix = "arn:aws:iam::aws:policy";

char LowerChar(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool LowerNameLess(const AwsManagedPolicy& a, const AwsManagedPolicy& b) {
  return std::lexicographical_compare(a.name.begin(), a.name.end(), b.name.begin(), b.name.end(),
                                      [](char x, char y) { return LowerChar(x) < LowerChar(y); });
}

[[noreturn]] void Broken(const char* why) {
  // No input reaches this: the table is produced and checked at build time (generate.mjs).
  std::fprintf(stderr, "bulwark: the embedded AWS managed policies are broken: %s\n", why);
  std::abort();
}

std::string_view Text(const boost::json::value& v) {
  const boost::json::string& s = v.as_string();
  return {s.data(), s.size()};
}

// The parsed JSON stays alive in an arena, and the policies' string views point into it: the
// documents (about 3 MB) are decoded once and never copied again.
class Table {
 public:
  Table() {
    try {
      Load();
    } catch (const std::exception& e) {
      Broken(e.what());
    }
  }

  std::vector<AwsManagedPolicy> policies;
  std::unordered_map<std::string_view, const AwsManagedPolicy*> by_arn;
  std::string_view version;

 private:
  void Load() {
    const std::string_view text(
        bulwark_aws_managed_policies_begin,
        static_cast<std::size_t>(bulwark_aws_managed_policies_end - bulwark_aws_managed_policies_begin));
    json_ = boost::json::parse(text, boost::json::storage_ptr(&arena_));
    const boost::json::object& root = json_.as_object();
    version = Text(root.at("version"));
    const boost::json::array& rows = root.at("policies").as_array();
    policies.reserve(rows.size());
    for (const boost::json::value& row_value : rows) {
      // [arn, policyId, defaultVersionId, createDate, updateDate, document] (generate.mjs).
      const boost::json::array& row = row_value.as_array();
      if (row.size() != 6) Broken("a policy row does not have six fields");
      AwsManagedPolicy p;
      p.arn = Text(row[0]);
      if (!p.arn.starts_with(kArnPrefix)) Broken("a policy ARN is not an AWS managed policy's");
      const std::size_t slash = p.arn.rfind('/');
      if (slash < kArnPrefix.size()) Broken("a policy ARN has no path");
      p.path = p.arn.substr(kArnPrefix.size(), slash + 1 - kArnPrefix.size());
      p.name = p.arn.substr(slash + 1);
      p.id = Text(row[1]);
      p.default_version = Text(row[2]);
      p.created = row[3].to_number<int64_t>();
      p.updated = row[4].to_number<int64_t>();
      p.document = Text(row[5]);
      policies.push_back(p);
    }
    std::sort(policies.begin(), policies.end(), LowerNameLess);
    by_arn.reserve(policies.size());
    for (const AwsManagedPolicy& p : policies) {
      if (!by_arn.emplace(p.arn, &p).second) Broken("two policies have the same ARN");
    }
  }

  boost::json::monotonic_resource arena_;
  boost::json::value json_;
};

const Table& Loaded() {
  // Never destroyed: reader threads may still look policies up while the process exits.
  static const Table* const table = new Table;
  return *table;
}

}  // namespace

std::span<const AwsManagedPolicy> AwsManagedPolicies() {
  return Loaded().policies;
}

const AwsManagedPolicy* FindAwsManagedPolicy(std::string_view arn) {
  // Not ours to parse for any other ARN: customer policies must not pay for loading the table.
  if (!arn.starts_with(kArnPrefix)) return nullptr;
  const Table& table = Loaded();
  auto it = table.by_arn.find(arn);
  return it == table.by_arn.end() ? nullptr : it->second;
}

std::string_view AwsManagedPoliciesDataVersion() {
  return Loaded().version;
}

}  // namespace bulwark::iam
