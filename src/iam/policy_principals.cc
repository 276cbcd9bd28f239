#include "iam/policy_principals.h"

#include <boost/json/parse.hpp>

#include "iam/entities.h"

namespace bulwark::iam {

namespace {

namespace json = boost::json;

void CollectAws(const json::value& principal, std::vector<std::string>* out) {
  if (!principal.is_object()) return;
  const json::value* aws = principal.get_object().if_contains("AWS");
  if (aws == nullptr) return;
  if (aws->is_string()) out->emplace_back(aws->get_string());
  if (aws->is_array()) {
    for (const auto& v : aws->get_array()) {
      if (v.is_string()) out->emplace_back(v.get_string());
    }
  }
}

std::vector<std::string> PrincipalArns(const std::string& policy) {
  std::vector<std::string> out;
  boost::system::error_code ec;
  json::value doc = json::parse(policy, ec);
  if (ec || !doc.is_object()) return out;
  const json::value* statements = doc.get_object().if_contains("Statement");
  if (statements == nullptr) return out;
  auto visit = [&](const json::value& st) {
    if (!st.is_object()) return;
    for (const char* key : {"Principal", "NotPrincipal"}) {
      if (const json::value* p = st.get_object().if_contains(key)) CollectAws(*p, &out);
    }
  };
  if (statements->is_array()) {
    for (const auto& st : statements->get_array()) visit(st);
  } else {
    visit(*statements);
  }
  return out;
}

}  // namespace

std::vector<store::Migration> PolicyPrincipalMigrations() {
  return {store::Migration{"iam_policy_principals", 1, "principals of trust policies, bound to unique ids", R"sql(
    CREATE TABLE IF NOT EXISTS iam_policy_principals (
      account_id TEXT NOT NULL,
      owner_id TEXT NOT NULL,
      principal_arn TEXT NOT NULL,
      principal_id TEXT NOT NULL,
      PRIMARY KEY (account_id, owner_id, principal_arn)
    );
  )sql"}};
}

core::Status DeletePolicyPrincipals(store::Transaction& txn, const std::string& account_id, const std::string& owner_id) {
  return txn
      .Execute("DELETE FROM iam_policy_principals WHERE account_id = ? AND owner_id = ?",
               {store::Value(account_id), store::Value(owner_id)})
      .status();
}

core::Status BindPolicyPrincipals(store::Transaction& txn, const std::string& owner_id, const std::string& policy,
                                  const std::string& account_id) {
  if (auto s = DeletePolicyPrincipals(txn, account_id, owner_id); !s.ok()) return s;
  const std::string user_prefix = "arn:aws:iam::" + account_id + ":user/";
  const std::string role_prefix = "arn:aws:iam::" + account_id + ":role/";
  for (const std::string& arn : PrincipalArns(policy)) {
    if (!arn.starts_with(user_prefix) && !arn.starts_with(role_prefix)) continue;
    auto entity = FindEntityByArn(txn, arn);
    if (!entity.ok()) return entity.error();
    if (!*entity) {
      // IAM refuses to save a policy naming a principal of its own account that does not exist.
      return core::Error{"MalformedPolicyDocument", "Invalid principal in policy: \"AWS\":\"" + arn + "\""};
    }
    auto inserted = txn.Execute(
        "INSERT INTO iam_policy_principals (account_id, owner_id, principal_arn, principal_id) VALUES (?,?,?,?) "
        "ON CONFLICT (account_id, owner_id, principal_arn) DO NOTHING",
        {store::Value(account_id), store::Value(owner_id), store::Value(arn), store::Value((*entity)->id)});
    if (!inserted.ok()) return inserted.error();
  }
  return core::Status::Ok();
}

core::Result<std::vector<PrincipalBinding>> LoadPolicyPrincipals(store::ReadView& view, const std::string& account_id,
                                                                 const std::string& owner_id) {
  std::vector<PrincipalBinding> out;
  core::Status st = view.Query(
      "SELECT principal_arn, principal_id FROM iam_policy_principals WHERE account_id = ? AND owner_id = ? "
      "ORDER BY principal_arn",
      {store::Value(account_id), store::Value(owner_id)}, [&](const store::Row& row) {
        auto arn = row.Text(0);
        auto id = row.Text(1);
        if (!arn.ok() || !id.ok()) return false;
        out.push_back(PrincipalBinding{std::string(*arn), std::string(*id)});
        return true;
      });
  if (!st.ok()) return st.error();
  return out;
}

std::string TrustPolicyFor(const std::string& policy, const std::vector<PrincipalBinding>& bindings,
                           const std::string& caller_arn, const std::string& caller_id) {
  std::string out = policy;
  for (const PrincipalBinding& b : bindings) {
    if (b.arn != caller_arn || b.id == caller_id) continue;
    // The quoted ARN, wherever it stands as a JSON string value, becomes the id it was bound to.
    const std::string quoted = "\"" + b.arn + "\"";
    const std::string replacement = "\"" + b.id + "\"";
    for (std::size_t at = out.find(quoted); at != std::string::npos; at = out.find(quoted, at + replacement.size())) {
      out.replace(at, quoted.size(), replacement);
    }
  }
  return out;
}

}  // namespace bulwark::iam
