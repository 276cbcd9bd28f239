// Account-wide IAM calls: GetAccountSummary (the SummaryMap IAM returns: usage counts and quotas),
// CreateAccountAlias / DeleteAccountAlias / ListAccountAliases, and the credential report
// (GenerateCredentialReport builds it from the store and the trail; GetCredentialReport returns it
// base64-encoded, as its blob member travels in the query protocol). None of these actions has a
// resource type, so they are authorized on "*".
#include <boost/json/parse.hpp>

#include "crypto/base64.h"
#include "iam/access_keys.h"
#include "iam/attachments.h"
#include "iam/account_settings.h"
#include "iam/credential_report.h"
#include "iam/login_profiles.h"
#include "iam/managed_policies.h"
#include "iam/mfa_devices.h"
#include "iam/rows.h"
#include "services/iam/iam_common.h"
#include "services/iam/iam_operations.h"
#include "trail/trail_log.h"

namespace bulwark::services::iam_ops {

namespace {

// IAM User Guide, "IAM and AWS STS quotas" (the defaults GetAccountSummary reports).
constexpr int64_t kUsersQuota = 5000;
constexpr int64_t kGroupsQuota = 300;
constexpr int64_t kRolesQuota = 1000;
constexpr int64_t kPoliciesQuota = 1500;
// A report is fresh for four hours: GenerateCredentialReport reuses it, GetCredentialReport refuses
// an older one (ReportExpired), as IAM does ("Getting credential reports").
constexpr int64_t kReportLifetimeSeconds = 4 * 3600;

Operation Base(const char* name, bool read_only) {
  Operation op;
  op.name = name;
  op.action = std::string("iam:") + name;
  op.read_only = read_only;
  op.resource = [](const CallContext&) { return ResourceRef{"*", ""}; };
  return op;
}

core::Result<int64_t> CountRows(store::ReadView& view, const char* sql, const std::string& account) {
  auto row = view.QueryOne(sql, {store::Value(account)});
  if (!row.ok()) return row.error();
  return *row ? iam::IntAt(**row, 0) : 0;
}

Operation GetAccountSummary() {
  Operation op = Base("GetAccountSummary", true);
  op.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    auto users = iam::CountEntities(txn, ctx.account_id, iam::EntityKind::kUser);
    auto groups = iam::CountEntities(txn, ctx.account_id, iam::EntityKind::kGroup);
    auto roles = iam::CountEntities(txn, ctx.account_id, iam::EntityKind::kRole);
    auto policies = iam::CountLocalPolicies(txn, ctx.account_id);
    auto devices = iam::CountMfaDevices(txn, ctx.account_id, false);
    auto devices_in_use = iam::CountMfaDevices(txn, ctx.account_id, true);
    auto root_keys =
        CountRows(txn, "SELECT COUNT(*) FROM access_keys WHERE account_id = ? AND principal_kind = 'root'", ctx.account_id);
    // Customer managed policy versions attached somewhere: each attached policy has one version in use.
    auto versions_in_use = CountRows(
        txn,
        "SELECT COUNT(DISTINCT policy_arn) FROM iam_attachments WHERE account_id = ? AND "
        "policy_arn NOT LIKE 'arn:aws:iam::aws:%'",
        ctx.account_id);
    for (const auto* r : {&users, &groups, &roles, &policies, &devices, &devices_in_use, &root_keys, &versions_in_use}) {
      if (!r->ok()) return r->error();
    }
    boost::json::object summary{
        {"Users", *users},
        {"UsersQuota", kUsersQuota},
        {"Groups", *groups},
        {"GroupsQuota", kGroupsQuota},
        {"Roles", *roles},
        {"RolesQuota", kRolesQuota},
        {"Policies", *policies},
        {"PoliciesQuota", kPoliciesQuota},
        {"PolicySizeQuota", 6144},
        {"PolicyVersionsInUse", *versions_in_use},
        {"PolicyVersionsInUseQuota", 10000},
        {"VersionsPerPolicyQuota", iam::kMaxPolicyVersions},
        {"UserPolicySizeQuota", 2048},
        {"GroupPolicySizeQuota", 5120},
        {"RolePolicySizeQuota", 10240},
        {"AssumeRolePolicySizeQuota", 2048},
        {"GroupsPerUserQuota", iam::kMaxGroupsPerUser},
        {"AttachedPoliciesPerUserQuota", iam::kMaxAttachedPolicies},
        {"AttachedPoliciesPerGroupQuota", iam::kMaxAttachedPolicies},
        {"AttachedPoliciesPerRoleQuota", iam::kMaxAttachedPolicies},
        {"AccessKeysPerUserQuota", 2},
        {"SigningCertificatesPerUserQuota", 2},
        {"ServerCertificates", 0},
        {"ServerCertificatesQuota", 20},
        {"InstanceProfiles", 0},
        {"InstanceProfilesQuota", 1000},
        {"Providers", 0},
        {"MFADevices", *devices},
        {"MFADevicesInUse", *devices_in_use},
        // The root user has no MFA device, no console password and no signing certificate here.
        {"AccountMFAEnabled", 0},
        {"AccountAccessKeysPresent", *root_keys > 0 ? 1 : 0},
        {"AccountPasswordPresent", 0},
        {"AccountSigningCertificatesPresent", 0},
        {"GlobalEndpointTokenVersion", 1},
    };
    return Outcome(boost::json::object{{"SummaryMap", QueryMap(summary)}}, false);
  };
  return op;
}

// accountAliasType: ^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$
bool ValidAlias(std::string_view alias) {
  if (alias.size() < 3 || alias.size() > 63) return false;
  if (alias.front() == '-' || alias.back() == '-') return false;
  for (std::size_t i = 0; i < alias.size(); ++i) {
    const char c = alias[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok || (c == '-' && i + 1 < alias.size() && alias[i + 1] == '-')) return false;
  }
  return true;
}

// The model's length bounds are checked by the decoder; its pattern has a lookahead, which RE2
// cannot check (protocol/model_pattern.h), so it is checked here.
core::Result<std::string> AliasParam(const CallContext& ctx) {
  std::string alias = RequiredString(ctx, "AccountAlias");
  if (!ValidAlias(alias)) {
    return ValidationError("1 validation error detected: Value '" + alias +
                           "' at 'accountAlias' failed to satisfy constraint: Member must satisfy regular expression "
                           "pattern: ^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$");
  }
  return alias;
}

Operation CreateAccountAlias() {
  Operation op = Base("CreateAccountAlias", false);
  op.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    auto alias = AliasParam(ctx);
    if (!alias.ok()) return alias.error();
    if (auto s = iam::PutAccountAlias(txn, ctx.account_id, *alias); !s.ok()) return s.error();
    return Outcome({}, true);
  };
  return op;
}

Operation DeleteAccountAlias() {
  Operation op = Base("DeleteAccountAlias", false);
  op.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    auto alias = AliasParam(ctx);
    if (!alias.ok()) return alias.error();
    if (auto s = iam::DeleteAccountAlias(txn, ctx.account_id, *alias); !s.ok()) return s.error();
    return Outcome({}, true);
  };
  return op;
}

Operation ListAccountAliases() {
  Operation op = Base("ListAccountAliases", true);
  op.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    auto paging = PagingParams(ctx);  // Validated; one alias at most, so one page.
    if (!paging.ok()) return paging.error();
    auto aliases = iam::ListAccountAliases(txn, ctx.account_id);
    if (!aliases.ok()) return aliases.error();
    boost::json::array list;
    for (const auto& a : *aliases) list.emplace_back(a);
    return Outcome(boost::json::object{{"AccountAliases", std::move(list)}, {"IsTruncated", false}}, false);
  };
  return op;
}

// The key's last use from the trail: its newest authenticated call, with that call's region and
// service (iam_common.h, LastUseOfAccessKey).
core::Status FillLastUsed(store::ReadView& view, const std::string& key_id, iam::CredentialReportAccessKey* key) {
  auto record = iam::FindAccessKey(view, key_id);
  if (!record.ok()) return record.error();
  if (!*record) return core::Status::Ok();
  auto last = LastUseOfAccessKey(view, **record);
  if (!last.ok()) return last.error();
  if (!*last) return core::Status::Ok();
  key->last_used = (*last)->time;
  key->last_used_service = (*last)->service;
  key->last_used_region = (*last)->region;
  return core::Status::Ok();
}

core::Result<std::vector<iam::CredentialReportAccessKey>> ReportKeys(store::ReadView& view, const char* sql,
                                                                     std::initializer_list<store::Value> params) {
  auto rows = view.QueryAll(sql, params);
  if (!rows.ok()) return rows.error();
  std::vector<iam::CredentialReportAccessKey> keys;
  for (const store::Row& r : *rows) {
    iam::CredentialReportAccessKey key;
    key.active = iam::TextAt(r, 1) == "Active";
    key.created = iam::IntAt(r, 2);
    if (auto s = FillLastUsed(view, iam::TextAt(r, 0), &key); !s.ok()) return s.error();
    keys.push_back(std::move(key));
  }
  return keys;
}

core::Result<std::string> BuildCredentialReport(const CallContext& ctx, store::ReadView& view) {
  std::vector<iam::CredentialReportUser> rows;
  iam::CredentialReportUser root;
  root.root = true;
  root.arn = "arn:aws:iam::" + ctx.account_id + ":root";
  auto created = view.QueryOne("SELECT created FROM accounts WHERE account_id = ?", {store::Value(ctx.account_id)});
  if (!created.ok()) return created.error();
  root.created = *created ? iam::IntAt(**created, 0) : 0;
  auto root_keys = ReportKeys(
      view,
      "SELECT access_key_id, status, created FROM access_keys WHERE account_id = ? AND principal_kind = 'root' "
      "ORDER BY created",
      {store::Value(ctx.account_id)});
  if (!root_keys.ok()) return root_keys.error();
  root.access_keys = std::move(*root_keys);
  rows.push_back(std::move(root));

  std::string marker;
  for (;;) {
    auto page = iam::ListEntities(view, ctx.account_id, iam::EntityKind::kUser, "/", marker, 1000);
    if (!page.ok()) return page.error();
    for (const iam::Entity& user : page->entities) {
      iam::CredentialReportUser row;
      row.user = user.name;
      row.arn = user.arn;
      row.created = user.created;
      auto profile = iam::FindLoginProfile(view, user.id);
      if (!profile.ok()) return profile.error();
      if (profile->has_value()) {
        row.password_enabled = true;
        row.password_last_used = (*profile)->password_last_used;
        row.password_last_changed = (*profile)->password_changed;
      }
      auto devices = iam::CountUserMfaDevices(view, user.id);
      if (!devices.ok()) return devices.error();
      row.mfa_active = *devices > 0;
      auto keys = ReportKeys(view,
                             "SELECT access_key_id, status, created FROM access_keys WHERE account_id = ? AND "
                             "principal_kind = 'user' AND user_name = ? ORDER BY created",
                             {store::Value(ctx.account_id), store::Value(user.name)});
      if (!keys.ok()) return keys.error();
      row.access_keys = std::move(*keys);
      rows.push_back(std::move(row));
    }
    if (!page->next_marker) break;
    marker = *page->next_marker;
  }
  auto policy = iam::FindPasswordPolicy(view, ctx.account_id);
  if (!policy.ok()) return policy.error();
  return iam::CredentialReportCsv(rows, *policy);
}

Operation GenerateCredentialReport() {
  Operation op = Base("GenerateCredentialReport", false);
  op.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    auto existing = iam::FindCredentialReport(txn, ctx.account_id);
    if (!existing.ok()) return existing.error();
    if (existing->has_value() && ctx.now - (*existing)->generated < kReportLifetimeSeconds) {
      return Outcome(boost::json::object{{"State", "COMPLETE"}}, true);
    }
    auto csv = BuildCredentialReport(ctx, txn);
    if (!csv.ok()) return csv.error();
    if (auto s = iam::PutCredentialReport(txn, ctx.account_id, {ctx.now, *csv}); !s.ok()) return s.error();
    // The report is complete at once; the first answer still says STARTED, as IAM's does.
    boost::json::object result{{"State", existing->has_value() ? "COMPLETE" : "STARTED"}};
    if (!existing->has_value()) result["Description"] = "No report exists. Starting a new report generation task";
    return Outcome(std::move(result), true);
  };
  return op;
}

Operation GetCredentialReport() {
  Operation op = Base("GetCredentialReport", true);
  op.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    auto report = iam::FindCredentialReport(txn, ctx.account_id);
    if (!report.ok()) return report.error();
    if (!report->has_value()) {
      return core::Error{"ReportNotPresent",
                         "Credential report not present. Use GenerateCredentialReport to generate one."};
    }
    if (ctx.now - (*report)->generated >= kReportLifetimeSeconds) {
      return core::Error{"ReportExpired",
                         "Credential report has expired. Use GenerateCredentialReport to generate a new one."};
    }
    return Outcome(boost::json::object{{"Content", crypto::Base64Encode((*report)->content)},
                                       {"ReportFormat", "text/csv"},
                                       {"GeneratedTime", core::IsoTime((*report)->generated)}},
                   false);
  };
  return op;
}

}  // namespace

OperationList AccountOperations(const IamDeps&) {
  return {GetAccountSummary(),        CreateAccountAlias(),  DeleteAccountAlias(), ListAccountAliases(),
          GenerateCredentialReport(), GetCredentialReport()};
}

}  // namespace bulwark::services::iam_ops
