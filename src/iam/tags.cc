#include "iam/tags.h"

#include <set>

#include "core/arn.h"
#include "iam/entities.h"
#include "iam/rows.h"

namespace bulwark::iam {

namespace {

// AWS's tag character set is letters, digits, white space and _ . : / = + - @ (Unicode letters
// included); bytes >= 0x80 are accepted as parts of UTF-8 letters.
bool ValidTagText(std::string_view s) {
  for (unsigned char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80 ||
                    c == ' ' || c == '_' || c == '.' || c == ':' || c == '/' || c == '=' || c == '+' || c == '-' ||
                    c == '@';
    if (!ok) return false;
  }
  return true;
}

core::Error Invalid(std::string message) { return core::Error{"InvalidInput", std::move(message)}; }

}  // namespace

core::Status ValidateTags(const std::vector<Tag>& tags) {
  if (tags.size() > kMaxTagsPerResource) {
    return core::Error{"LimitExceeded", "The number of tags has reached the maximum limit."};
  }
  std::set<std::string> seen;
  for (const auto& t : tags) {
    if (t.key.empty() || t.key.size() > 128 || !ValidTagText(t.key)) {
      return Invalid("1 validation error detected: Value '" + t.key +
                     "' at 'tags.member.key' failed to satisfy constraint: Member must satisfy regular expression "
                     "pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+ and have length between 1 and 128");
    }
    if (t.value.size() > 256 || !ValidTagText(t.value)) {
      return Invalid("1 validation error detected: Value at 'tags.member.value' failed to satisfy constraint: "
                     "Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]* and have "
                     "length at most 256");
    }
    if (t.key.starts_with("aws:")) return Invalid("Tag keys starting with 'aws:' are reserved for AWS use.");
    if (!seen.insert(Lower(t.key)).second) {
      return Invalid("Duplicate tag keys found. Please note that Tag keys are case insensitive.");
    }
  }
  return core::Status::Ok();
}

core::Status PutTags(store::Transaction& txn, std::string_view resource_arn, const std::vector<Tag>& tags) {
  if (auto valid = ValidateTags(tags); !valid.ok()) return valid;
  // IAM resources are tagged only in their own account: the row's account is the ARN's.
  const auto parts = core::SplitArn(resource_arn);
  const std::string_view owner = parts ? parts->account : std::string_view();
  for (const auto& t : tags) {
    auto put = txn.Execute(
        "INSERT INTO iam_tags (account_id, resource_arn, key_lower, tag_key, tag_value) VALUES (?,?,?,?,?) "
        "ON CONFLICT (resource_arn, key_lower) DO UPDATE SET tag_key = excluded.tag_key, tag_value = excluded.tag_value",
        {store::Value(std::string(owner)), store::Value(std::string(resource_arn)), store::Value(Lower(t.key)), store::Value(t.key), store::Value(t.value)});
    if (!put.ok()) return put.error();
  }
  auto count = txn.QueryOne("SELECT COUNT(*) FROM iam_tags WHERE resource_arn = ?", {store::Value(std::string(resource_arn))});
  if (!count.ok()) return count.error();
  if (*count && static_cast<std::size_t>(IntAt(**count, 0)) > kMaxTagsPerResource) {
    return core::Error{"LimitExceeded", "The number of tags has reached the maximum limit."};
  }
  return core::Status::Ok();
}

core::Status RemoveTags(store::Transaction& txn, std::string_view resource_arn, const std::vector<std::string>& keys) {
  for (const auto& k : keys) {
    auto removed = txn.Execute("DELETE FROM iam_tags WHERE resource_arn = ? AND key_lower = ?",
                               {store::Value(std::string(resource_arn)), store::Value(Lower(k))});
    if (!removed.ok()) return removed.error();
  }
  return core::Status::Ok();
}

core::Result<std::vector<Tag>> ListTags(store::ReadView& view, std::string_view resource_arn) {
  std::vector<Tag> out;
  core::Status s = view.Query("SELECT tag_key, tag_value FROM iam_tags WHERE resource_arn = ? ORDER BY key_lower",
                              {store::Value(std::string(resource_arn))}, [&](const store::Row& r) {
                                out.push_back(Tag{TextAt(r, 0), TextAt(r, 1)});
                                return true;
                              });
  if (!s.ok()) return s.error();
  return out;
}

}  // namespace bulwark::iam
