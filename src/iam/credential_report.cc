#include "iam/credential_report.h"

#include <chrono>
#include <cstdio>

namespace bulwark::iam {
namespace {

constexpr const char* kColumns[] = {
    "user",
    "arn",
    "user_creation_time",
    "password_enabled",
    "password_last_used",
    "password_last_changed",
    "password_next_rotation",
    "mfa_active",
    "access_key_1_active",
    "access_key_1_last_rotated",
    "access_key_1_last_used_date",
    "access_key_1_last_used_region",
    "access_key_1_last_used_service",
    "access_key_2_active",
    "access_key_2_last_rotated",
    "access_key_2_last_used_date",
    "access_key_2_last_used_region",
    "access_key_2_last_used_service",
    "cert_1_active",
    "cert_1_last_rotated",
    "cert_2_active",
    "cert_2_last_rotated",
};

constexpr std::string_view kNotApplicable = "N/A";
constexpr std::string_view kNoInformation = "no_information";
constexpr std::string_view kNotSupported = "not_supported";

std::string Bool(bool value) { return value ? "true" : "false"; }

std::string TimeOr(const std::optional<int64_t>& time, std::string_view otherwise) {
  return time.has_value() ? CredentialReportTime(*time) : std::string(otherwise);
}

std::string TextOr(const std::string& text, std::string_view otherwise) {
  return text.empty() ? std::string(otherwise) : text;
}

// RFC 4180: quote a field holding a comma, quote or line break, doubling inner quotes.
std::string CsvField(const std::string& field) {
  if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
  std::string out = "\"";
  for (const char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

void AppendRow(std::string& out, const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    out += CsvField(fields[i]);
  }
  out += '\n';
}

void AppendKey(std::vector<std::string>& fields, const CredentialReportAccessKey* key) {
  if (key == nullptr) {
    fields.insert(fields.end(), {"false", "N/A", "N/A", "N/A", "N/A"});
    return;
  }
  fields.push_back(Bool(key->active));
  fields.push_back(CredentialReportTime(key->created));
  // A key that was never used has N/A in all three "last used" columns.
  fields.push_back(TimeOr(key->last_used, kNotApplicable));
  fields.push_back(key->last_used ? TextOr(key->last_used_region, kNotApplicable) : std::string(kNotApplicable));
  fields.push_back(key->last_used ? TextOr(key->last_used_service, kNotApplicable) : std::string(kNotApplicable));
}

}  // namespace

std::string CredentialReportTime(int64_t epoch_seconds) {
  using namespace std::chrono;
  const sys_seconds tp{seconds{epoch_seconds}};
  const auto day = floor<days>(tp);
  const year_month_day ymd{day};
  const hh_mm_ss<seconds> hms{tp - day};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d+00:00", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

std::string CredentialReportHeader() {
  std::string out;
  for (const char* column : kColumns) {
    if (!out.empty()) out += ',';
    out += column;
  }
  return out;
}

std::string CredentialReportCsv(const std::vector<CredentialReportUser>& rows,
                                const std::optional<PasswordPolicy>& policy) {
  std::string out = CredentialReportHeader() + "\n";
  for (const CredentialReportUser& row : rows) {
    std::vector<std::string> fields;
    fields.reserve(std::size(kColumns));
    fields.push_back(row.root ? "<root_account>" : row.user);
    fields.push_back(row.arn);
    fields.push_back(CredentialReportTime(row.created));
    if (row.root) {
      fields.push_back(std::string(kNotSupported));
      fields.push_back(TimeOr(row.password_last_used, kNoInformation));
      fields.push_back(std::string(kNotSupported));
      fields.push_back(std::string(kNotSupported));
    } else if (!row.password_enabled) {
      fields.insert(fields.end(), {"false", "N/A", "N/A", "N/A"});
    } else {
      fields.push_back("true");
      fields.push_back(TimeOr(row.password_last_used, kNoInformation));
      fields.push_back(TimeOr(row.password_last_changed, kNotApplicable));
      const std::optional<int64_t> next =
          row.password_last_changed ? PasswordExpiresAt(policy, *row.password_last_changed) : std::nullopt;
      fields.push_back(TimeOr(next, kNotApplicable));
    }
    fields.push_back(Bool(row.mfa_active));
    AppendKey(fields, row.access_keys.size() > 0 ? &row.access_keys[0] : nullptr);
    AppendKey(fields, row.access_keys.size() > 1 ? &row.access_keys[1] : nullptr);
    fields.insert(fields.end(), {"false", "N/A", "false", "N/A"});
    AppendRow(out, fields);
  }
  return out;
}

}  // namespace bulwark::iam
