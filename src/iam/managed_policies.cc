#include "iam/managed_policies.h"

#include <algorithm>
#include <span>
#include <unordered_map>

#include "core/arn.h"
#include "iam/aws_managed_policies.h"
#include "iam/entities.h"
#include "iam/rows.h"

namespace bulwark::iam {

namespace {

constexpr const char* kColumns =
    "p.arn, p.name, p.id, p.path, p.description, p.default_version, p.created, p.updated, "
    "(SELECT COUNT(*) FROM iam_attachments a WHERE a.policy_arn = p.arn AND a.account_id = p.account_id), "
    "p.name_lower, p.account_id";

ManagedPolicy PolicyOf(const store::Row& r) {
  ManagedPolicy p;
  p.arn = TextAt(r, 0);
  p.name = TextAt(r, 1);
  p.id = TextAt(r, 2);
  p.path = TextAt(r, 3);
  p.description = TextAt(r, 4);
  p.default_version = TextAt(r, 5);
  p.created = IntAt(r, 6);
  p.updated = IntAt(r, 7);
  p.attachment_count = IntAt(r, 8);
  p.account_id = TextAt(r, 10);
  return p;
}

// AWS managed policies are attached in many accounts; each account sees its own count.
core::Result<int64_t> AttachmentCount(store::ReadView& view, std::string_view account, std::string_view arn) {
  auto row = view.QueryOne("SELECT COUNT(*) FROM iam_attachments WHERE policy_arn = ? AND account_id = ?",
                           {store::Value(std::string(arn)), store::Value(std::string(account))});
  if (!row.ok()) return row.error();
  return *row ? IntAt(**row, 0) : 0;
}

ManagedPolicy FromBuiltin(const AwsManagedPolicy& b, int64_t attachment_count) {
  ManagedPolicy p;
  p.arn = b.arn;
  p.name = b.name;
  p.id = b.id;
  p.path = b.path;
  p.default_version = b.default_version;
  p.created = b.created;
  p.updated = b.updated;
  p.attachment_count = attachment_count;
  p.aws_managed = true;
  return p;
}

// How many entities each attached AWS managed policy has, in one query over the policy index (a
// page of ListPolicies must not cost one query per built-in policy: there are more than 1,500).
core::Result<std::unordered_map<std::string, int64_t>> AwsAttachmentCounts(store::ReadView& view,
                                                                           std::string_view account) {
  std::unordered_map<std::string, int64_t> counts;
  // Every AWS managed policy ARN sorts within [prefix, prefix with its last ':' raised to ';').
  core::Status s = view.Query(
      "SELECT policy_arn, COUNT(*) FROM iam_attachments WHERE account_id = ? AND policy_arn >= ? AND policy_arn < ? "
      "GROUP BY policy_arn",
      {store::Value(std::string(account)), store::Value(std::string("arn:aws:iam::aws:")), store::Value(std::string("arn:aws:iam::aws;"))},
      [&](const store::Row& r) {
        counts.emplace(TextAt(r, 0), IntAt(r, 1));
        return true;
      });
  if (!s.ok()) return s.error();
  return counts;
}

// ListPolicies markers: "0<lower-cased name>" within the AWS managed policies, "1<lower-cased name>"
// within the local ones, so AWS managed policies come first, each set in name order.
constexpr char kAwsMarker = '0';
constexpr char kLocalMarker = '1';

// The index of the first AWS managed policy after `marker`, by binary search.
std::size_t FirstAwsPolicyAfter(std::span<const AwsManagedPolicy> all, std::string_view marker) {
  if (marker.empty() || marker[0] < kAwsMarker) return 0;
  if (marker[0] > kAwsMarker) return all.size();
  const std::string after(marker.substr(1));
  return std::partition_point(all.begin(), all.end(),
                              [&](const AwsManagedPolicy& p) { return Lower(p.name) <= after; }) -
         all.begin();
}

// The account a customer managed policy's ARN names (its owner).
std::string_view OwnerOf(std::string_view arn) {
  auto parts = core::SplitArn(arn);
  return parts ? parts->account : std::string_view();
}

core::Error ReadOnlyAwsPolicy(std::string_view arn) {
  return core::Error{"AccessDenied", "Policy " + std::string(arn) + " is an AWS managed policy and cannot be modified."};
}

}  // namespace

core::Error NoSuchPolicy(std::string_view arn) {
  return core::Error{"NoSuchEntity", "Policy " + std::string(arn) + " does not exist or is not attachable."};
}

std::string PolicyArn(std::string_view account, std::string_view path, std::string_view name) {
  return "arn:aws:iam::" + std::string(account) + ":policy" + std::string(path) + std::string(name);
}

core::Status InsertPolicy(store::Transaction& txn, const ManagedPolicy& p, const std::string& document) {
  auto existing = txn.QueryOne("SELECT arn FROM iam_policies WHERE account_id = ? AND name_lower = ?",
                               {store::Value(p.account_id), store::Value(Lower(p.name))});
  if (!existing.ok()) return existing.error();
  if (*existing) {
    return core::Error{"EntityAlreadyExists",
                       "A policy called " + p.name + " already exists. Duplicate names are not allowed."};
  }
  auto inserted = txn.Execute(
      "INSERT INTO iam_policies (account_id, arn, name_lower, name, id, path, description, default_version, "
      "next_version, created, updated) VALUES (?,?,?,?,?,?,?,'v1',2,?,?)",
      {store::Value(p.account_id), store::Value(p.arn), store::Value(Lower(p.name)), store::Value(p.name), store::Value(p.id), store::Value(p.path),
       store::Value(p.description), store::Value(p.created), store::Value(p.created)});
  if (!inserted.ok()) return inserted.error();
  return txn
      .Execute("INSERT INTO iam_policy_versions (policy_arn, version_id, number, document, created) VALUES (?,'v1',1,?,?)",
               {store::Value(p.arn), store::Value(document), store::Value(p.created)})
      .status();
}

core::Result<ManagedPolicy> GetPolicy(store::ReadView& view, std::string_view account, std::string_view arn) {
  if (const AwsManagedPolicy* b = FindAwsManagedPolicy(arn)) {
    auto count = AttachmentCount(view, account, arn);
    if (!count.ok()) return count.error();
    return FromBuiltin(*b, *count);
  }
  auto row = view.QueryOne(std::string("SELECT ") + kColumns + " FROM iam_policies p WHERE p.arn = ?",
                           {store::Value(std::string(arn))});
  if (!row.ok()) return row.error();
  if (!*row) return NoSuchPolicy(arn);
  return PolicyOf(**row);
}

core::Result<std::string> DefaultDocument(store::ReadView& view, std::string_view arn) {
  if (const AwsManagedPolicy* b = FindAwsManagedPolicy(arn)) return std::string(b->document);
  auto row = view.QueryOne(
      "SELECT v.document FROM iam_policies p JOIN iam_policy_versions v ON v.policy_arn = p.arn "
      "AND v.version_id = p.default_version WHERE p.arn = ?",
      {store::Value(std::string(arn))});
  if (!row.ok()) return row.error();
  if (!*row) return NoSuchPolicy(arn);
  return TextAt(**row, 0);
}

core::Result<PolicyPage> ListPolicies(store::ReadView& view, std::string_view account, std::string_view scope,
                                      bool only_attached, std::string_view path_prefix, std::string_view marker,
                                      int limit) {
  PolicyPage page;
  std::string last;  // The marker of the last policy on the page.
  // Adds `p` unless the page is full, in which case the page ends before it and says where.
  auto add = [&](ManagedPolicy p, std::string key) {
    if (static_cast<int>(page.policies.size()) == limit) {
      page.next_marker = last;
      return false;
    }
    last = std::move(key);
    page.policies.push_back(std::move(p));
    return true;
  };
  if (scope != "Local") {
    auto counts = AwsAttachmentCounts(view, account);
    if (!counts.ok()) return counts.error();
    const std::span<const AwsManagedPolicy> all = AwsManagedPolicies();
    for (std::size_t i = FirstAwsPolicyAfter(all, marker); i < all.size(); ++i) {
      const AwsManagedPolicy& b = all[i];
      if (!b.path.starts_with(path_prefix)) continue;
      auto count = counts->find(std::string(b.arn));
      const int64_t attachments = count == counts->end() ? 0 : count->second;
      if (only_attached && attachments == 0) continue;
      if (!add(FromBuiltin(b, attachments), kAwsMarker + Lower(b.name))) return page;
    }
  }
  if (scope != "AWS" && (marker.empty() || marker[0] <= kLocalMarker)) {
    const std::string after = !marker.empty() && marker[0] == kLocalMarker ? std::string(marker.substr(1)) : "";
    core::Status s = view.Query(std::string("SELECT ") + kColumns +
                                    " FROM iam_policies p WHERE p.account_id = ? AND p.name_lower > ? "
                                    "ORDER BY p.name_lower",
                                {store::Value(std::string(account)), store::Value(after)}, [&](const store::Row& r) {
                                  ManagedPolicy p = PolicyOf(r);
                                  if (!p.path.starts_with(path_prefix)) return true;
                                  if (only_attached && p.attachment_count == 0) return true;
                                  return add(std::move(p), kLocalMarker + TextAt(r, 9));
                                });
    if (!s.ok()) return s.error();
  }
  return page;
}

core::Result<std::vector<PolicyVersion>> ListPolicyVersions(store::ReadView& view, std::string_view arn) {
  std::vector<PolicyVersion> out;
  if (const AwsManagedPolicy* b = FindAwsManagedPolicy(arn)) {
    // Only the default version is built in (the package's history is not shipped).
    out.push_back(PolicyVersion{std::string(b->default_version), std::string(b->document), true, b->updated});
    return out;
  }
  auto policy = GetPolicy(view, OwnerOf(arn), arn);
  if (!policy.ok()) return policy.error();
  core::Status s = view.Query(
      "SELECT version_id, document, created FROM iam_policy_versions WHERE policy_arn = ? ORDER BY number DESC",
      {store::Value(std::string(arn))}, [&](const store::Row& r) {
        PolicyVersion v{TextAt(r, 0), TextAt(r, 1), false, IntAt(r, 2)};
        v.is_default = v.version_id == policy->default_version;
        out.push_back(std::move(v));
        return true;
      });
  if (!s.ok()) return s.error();
  return out;
}

core::Result<PolicyVersion> GetPolicyVersion(store::ReadView& view, std::string_view arn, std::string_view version_id) {
  auto versions = ListPolicyVersions(view, arn);
  if (!versions.ok()) return versions.error();
  for (auto& v : *versions) {
    if (v.version_id == version_id) return std::move(v);
  }
  return core::Error{"NoSuchEntity", "Policy " + std::string(arn) + " version " + std::string(version_id) +
                                         " does not exist or is not attachable."};
}

core::Result<std::string> CreatePolicyVersion(store::Transaction& txn, std::string_view arn, const std::string& document,
                                              bool set_as_default, int64_t now) {
  if (FindAwsManagedPolicy(arn) != nullptr) return ReadOnlyAwsPolicy(arn);
  auto row = txn.QueryOne("SELECT next_version FROM iam_policies WHERE arn = ?", {store::Value(std::string(arn))});
  if (!row.ok()) return row.error();
  if (!*row) return NoSuchPolicy(arn);
  const int64_t number = IntAt(**row, 0);
  auto count = txn.QueryOne("SELECT COUNT(*) FROM iam_policy_versions WHERE policy_arn = ?",
                            {store::Value(std::string(arn))});
  if (!count.ok()) return count.error();
  if (*count && IntAt(**count, 0) >= kMaxPolicyVersions) {
    return core::Error{"LimitExceeded", "A managed policy can have up to 5 versions. Before you create a new version, "
                                        "you must delete an existing version."};
  }
  const std::string version_id = "v" + std::to_string(number);
  auto inserted = txn.Execute(
      "INSERT INTO iam_policy_versions (policy_arn, version_id, number, document, created) VALUES (?,?,?,?,?)",
      {store::Value(std::string(arn)), store::Value(version_id), store::Value(number), store::Value(document),
       store::Value(now)});
  if (!inserted.ok()) return inserted.error();
  auto bumped = txn.Execute("UPDATE iam_policies SET next_version = ?, updated = ? WHERE arn = ?",
                            {store::Value(number + 1), store::Value(now), store::Value(std::string(arn))});
  if (bumped.ok() && set_as_default) {
    bumped = txn.Execute("UPDATE iam_policies SET default_version = ? WHERE arn = ?",
                         {store::Value(version_id), store::Value(std::string(arn))});
  }
  if (!bumped.ok()) return bumped.error();
  return version_id;
}

core::Status SetDefaultPolicyVersion(store::Transaction& txn, std::string_view arn, std::string_view version_id,
                                     int64_t now) {
  if (FindAwsManagedPolicy(arn) != nullptr) return ReadOnlyAwsPolicy(arn);
  auto version = GetPolicyVersion(txn, arn, version_id);
  if (!version.ok()) return version.error();
  return txn
      .Execute("UPDATE iam_policies SET default_version = ?, updated = ? WHERE arn = ?",
               {store::Value(std::string(version_id)), store::Value(now), store::Value(std::string(arn))})
      .status();
}

core::Status DeletePolicyVersion(store::Transaction& txn, std::string_view arn, std::string_view version_id) {
  if (FindAwsManagedPolicy(arn) != nullptr) return ReadOnlyAwsPolicy(arn);
  auto version = GetPolicyVersion(txn, arn, version_id);
  if (!version.ok()) return version.error();
  if (version->is_default) {
    return core::Error{"DeleteConflict", "Cannot delete the default version of a policy."};
  }
  return txn
      .Execute("DELETE FROM iam_policy_versions WHERE policy_arn = ? AND version_id = ?",
               {store::Value(std::string(arn)), store::Value(std::string(version_id))})
      .status();
}

core::Status DeletePolicy(store::Transaction& txn, std::string_view arn) {
  if (FindAwsManagedPolicy(arn) != nullptr) return ReadOnlyAwsPolicy(arn);
  auto policy = GetPolicy(txn, OwnerOf(arn), arn);
  if (!policy.ok()) return policy.error();
  if (policy->attachment_count > 0) {
    return core::Error{"DeleteConflict", "Cannot delete a policy attached to entities."};
  }
  auto versions = ListPolicyVersions(txn, arn);
  if (!versions.ok()) return versions.error();
  if (versions->size() > 1) {
    return core::Error{"DeleteConflict", "This policy has more than one version. Before you delete a policy, you "
                                         "must delete the policy's versions. The default version is deleted with "
                                         "the policy."};
  }
  auto removed = txn.Execute("DELETE FROM iam_policy_versions WHERE policy_arn = ?", {store::Value(std::string(arn))});
  if (!removed.ok()) return removed.error();
  removed = txn.Execute("DELETE FROM iam_policies WHERE arn = ?", {store::Value(std::string(arn))});
  if (!removed.ok()) return removed.error();
  return txn.Execute("DELETE FROM iam_tags WHERE resource_arn = ?", {store::Value(std::string(arn))}).status();
}

core::Result<int64_t> CountLocalPolicies(store::ReadView& view, std::string_view account) {
  auto row = view.QueryOne("SELECT COUNT(*) FROM iam_policies WHERE account_id = ?", {store::Value(std::string(account))});
  if (!row.ok()) return row.error();
  return *row ? IntAt(**row, 0) : 0;
}

}  // namespace bulwark::iam
