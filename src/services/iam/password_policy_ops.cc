// The account password policy: UpdateAccountPasswordPolicy (every omitted member takes its default,
// as IAM does: the call replaces the whole policy), GetAccountPasswordPolicy (NoSuchEntity while the
// account uses IAM's default policy), DeleteAccountPasswordPolicy. The actions have no resource type,
// so they are authorized on "*".
#include <charconv>

#include "iam/account_settings.h"
#include "iam/password_policy.h"
#include "services/iam/iam_common.h"
#include "services/iam/iam_operations.h"

namespace bulwark::services::iam_ops {

namespace {

Operation Base(const char* name, bool read_only) {
  Operation op;
  op.name = name;
  op.action = std::string("iam:") + name;
  op.read_only = read_only;
  op.resource = [](const CallContext&) { return ResourceRef{"*", ""}; };
  return op;
}

// An integer member; ValidationError when it is not one (the range is the policy's to check).
core::Result<std::optional<int64_t>> IntParam(const CallContext& ctx, const char* name, const char* member) {
  auto v = ctx.form->Get(name);
  if (!v) return std::optional<int64_t>();
  int64_t n = 0;
  const auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc() || ptr != v->data() + v->size() || v->empty()) {
    return ValidationError("1 validation error detected: Value '" + *v + "' at '" + member +
                           "' failed to satisfy constraint: Member must be an integer");
  }
  return std::optional<int64_t>(n);
}

core::Result<std::optional<bool>> OptionalBool(const CallContext& ctx, const char* name) {
  if (!ctx.form->Get(name)) return std::optional<bool>();
  auto b = BoolParam(ctx, name, false);
  if (!b.ok()) return b.error();
  return std::optional<bool>(*b);
}

core::Result<iam::PasswordPolicyUpdate> ReadUpdate(const CallContext& ctx) {
  iam::PasswordPolicyUpdate u;
  const struct {
    const char* name;
    const char* member;
    std::optional<int64_t>* field;
  } ints[] = {{"MinimumPasswordLength", "minimumPasswordLength", &u.minimum_password_length},
              {"MaxPasswordAge", "maxPasswordAge", &u.max_password_age},
              {"PasswordReusePrevention", "passwordReusePrevention", &u.password_reuse_prevention}};
  for (const auto& i : ints) {
    auto v = IntParam(ctx, i.name, i.member);
    if (!v.ok()) return v.error();
    *i.field = *v;
  }
  const struct {
    const char* name;
    std::optional<bool>* field;
  } bools[] = {{"RequireSymbols", &u.require_symbols},
               {"RequireNumbers", &u.require_numbers},
               {"RequireUppercaseCharacters", &u.require_uppercase_characters},
               {"RequireLowercaseCharacters", &u.require_lowercase_characters},
               {"AllowUsersToChangePassword", &u.allow_users_to_change_password},
               {"HardExpiry", &u.hard_expiry}};
  for (const auto& b : bools) {
    auto v = OptionalBool(ctx, b.name);
    if (!v.ok()) return v.error();
    *b.field = *v;
  }
  return u;
}

boost::json::object PasswordPolicyJson(const iam::PasswordPolicy& p) {
  boost::json::object o{{"MinimumPasswordLength", p.minimum_password_length},
                        {"RequireSymbols", p.require_symbols},
                        {"RequireNumbers", p.require_numbers},
                        {"RequireUppercaseCharacters", p.require_uppercase_characters},
                        {"RequireLowercaseCharacters", p.require_lowercase_characters},
                        {"AllowUsersToChangePassword", p.allow_users_to_change_password},
                        {"ExpirePasswords", p.ExpirePasswords()}};
  // Present only when set, as IAM answers.
  if (p.max_password_age > 0) o["MaxPasswordAge"] = p.max_password_age;
  if (p.password_reuse_prevention > 0) o["PasswordReusePrevention"] = p.password_reuse_prevention;
  o["HardExpiry"] = p.hard_expiry;
  return o;
}

Operation UpdateAccountPasswordPolicy() {
  Operation op = Base("UpdateAccountPasswordPolicy", false);
  op.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    auto update = ReadUpdate(ctx);
    if (!update.ok()) return update.error();
    auto policy = iam::ResolvePasswordPolicy(*update);
    if (!policy.ok()) return policy.error();
    if (auto s = iam::PutPasswordPolicy(txn, *policy); !s.ok()) return s.error();
    return Outcome({}, true);
  };
  return op;
}

Operation GetAccountPasswordPolicy() {
  Operation op = Base("GetAccountPasswordPolicy", true);
  op.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    auto policy = iam::FindPasswordPolicy(txn);
    if (!policy.ok()) return policy.error();
    if (!policy->has_value()) return iam::NoSuchPasswordPolicy(ctx.account_id);
    return Outcome(boost::json::object{{"PasswordPolicy", PasswordPolicyJson(**policy)}}, false);
  };
  return op;
}

Operation DeleteAccountPasswordPolicy() {
  Operation op = Base("DeleteAccountPasswordPolicy", false);
  op.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    if (auto s = iam::DeletePasswordPolicy(txn, ctx.account_id); !s.ok()) return s.error();
    return Outcome({}, true);
  };
  return op;
}

}  // namespace

OperationList PasswordPolicyOperations(const IamDeps&) {
  return {UpdateAccountPasswordPolicy(), GetAccountPasswordPolicy(), DeleteAccountPasswordPolicy()};
}

}  // namespace bulwark::services::iam_ops
