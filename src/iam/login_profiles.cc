#include "iam/login_profiles.h"

#include "iam/rows.h"

namespace bulwark::iam {

core::Error NoSuchLoginProfile(std::string_view user_name) {
  return core::Error{"NoSuchEntity", "Login Profile for User " + std::string(user_name) + " cannot be found."};
}

core::Result<std::optional<LoginProfileRecord>> FindLoginProfile(store::ReadView& view, std::string_view user_id) {
  auto row = view.QueryOne(
      "SELECT user_id, password_hash, created, password_changed, password_last_used, reset_required "
      "FROM iam_login_profiles WHERE user_id = ?",
      {store::Value(user_id)});
  if (!row.ok()) return row.error();
  if (!*row) return std::optional<LoginProfileRecord>();
  const store::Row& r = **row;
  LoginProfileRecord p;
  p.user_id = TextAt(r, 0);
  p.password_hash = TextAt(r, 1);
  p.created = IntAt(r, 2);
  p.password_changed = IntAt(r, 3);
  if (!r.IsNull(4)) p.password_last_used = IntAt(r, 4);
  p.reset_required = IntAt(r, 5) != 0;
  return std::optional<LoginProfileRecord>(std::move(p));
}

core::Status InsertLoginProfile(store::Transaction& txn, const LoginProfileRecord& p, std::string_view user_name) {
  auto existing = FindLoginProfile(txn, p.user_id);
  if (!existing.ok()) return existing.error();
  if (existing->has_value()) {
    return core::Error{"EntityAlreadyExists", "Login Profile for user " + std::string(user_name) + " already exists."};
  }
  return txn
      .Execute(
          "INSERT INTO iam_login_profiles (user_id, password_hash, created, password_changed, reset_required) "
          "VALUES (?, ?, ?, ?, ?)",
          {store::Value(p.user_id), store::Value(p.password_hash), store::Value(p.created),
           store::Value(p.password_changed), store::Value(int64_t{p.reset_required ? 1 : 0})})
      .status();
}

core::Status UpdateLoginProfilePassword(store::Transaction& txn, std::string_view user_id,
                                        std::string_view password_hash, int64_t now,
                                        std::optional<bool> reset_required) {
  auto updated = txn.Execute(
      "UPDATE iam_login_profiles SET password_hash = ?, password_changed = ? WHERE user_id = ?",
      {store::Value(password_hash), store::Value(now), store::Value(user_id)});
  if (!updated.ok()) return updated.error();
  if (reset_required.has_value()) return SetLoginProfileResetRequired(txn, user_id, *reset_required);
  return core::Status::Ok();
}

core::Status SetLoginProfileResetRequired(store::Transaction& txn, std::string_view user_id, bool reset_required) {
  return txn
      .Execute("UPDATE iam_login_profiles SET reset_required = ? WHERE user_id = ?",
               {store::Value(int64_t{reset_required ? 1 : 0}), store::Value(user_id)})
      .status();
}

core::Status DeleteLoginProfile(store::Transaction& txn, std::string_view user_id) {
  return txn.Execute("DELETE FROM iam_login_profiles WHERE user_id = ?", {store::Value(user_id)}).status();
}

core::Status AppendPasswordHistory(store::Transaction& txn, std::string_view user_id,
                                   std::string_view password_hash, int64_t keep) {
  auto last = txn.QueryOne("SELECT MAX(seq) FROM iam_password_history WHERE user_id = ?", {store::Value(user_id)});
  if (!last.ok()) return last.error();
  const int64_t seq = (*last && !(*last)->IsNull(0)) ? IntAt(**last, 0) + 1 : 1;
  auto inserted = txn.Execute("INSERT INTO iam_password_history (user_id, seq, password_hash) VALUES (?, ?, ?)",
                              {store::Value(user_id), store::Value(seq), store::Value(password_hash)});
  if (!inserted.ok()) return inserted.error();
  return txn
      .Execute("DELETE FROM iam_password_history WHERE user_id = ? AND seq <= ?",
               {store::Value(user_id), store::Value(seq - keep)})
      .status();
}

core::Result<std::vector<std::string>> RecentPasswordHashes(store::ReadView& view, std::string_view user_id,
                                                            int64_t limit) {
  auto rows = view.QueryAll(
      "SELECT password_hash FROM iam_password_history WHERE user_id = ? ORDER BY seq DESC LIMIT ?",
      {store::Value(user_id), store::Value(limit)});
  if (!rows.ok()) return rows.error();
  std::vector<std::string> out;
  for (const store::Row& r : *rows) out.push_back(TextAt(r, 0));
  return out;
}

core::Status ForgetUserPasswords(store::Transaction& txn, std::string_view user_id) {
  if (auto s = DeleteLoginProfile(txn, user_id); !s.ok()) return s;
  return txn.Execute("DELETE FROM iam_password_history WHERE user_id = ?", {store::Value(user_id)}).status();
}

}  // namespace bulwark::iam
