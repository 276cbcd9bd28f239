// The account password policy: UpdateAccountPasswordPolicy (every omitted member takes its default,
// as IAM does: the call replaces the whole policy), GetAccountPasswordPolicy (NoSuchEntity while the
// account uses IAM's default policy), DeleteAccountPasswordPolicy. The actions have no resource type,
// so they are authorized on "*".
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

// Every member the model bounds; the policy's own rules (iam::ResolvePasswordPolicy) check the rest.
iam::PasswordPolicyUpdate ReadUpdate(const CallContext& ctx) {
  iam::PasswordPolicyUpdate u;
  u.minimum_password_length = OptionalInt(ctx, "MinimumPasswordLength");
  u.max_password_age = OptionalInt(ctx, "MaxPasswordAge");
  u.password_reuse_prevention = OptionalInt(ctx, "PasswordReusePrevention");
  u.require_symbols = OptionalBool(ctx, "RequireSymbols");
  u.require_numbers = OptionalBool(ctx, "RequireNumbers");
  u.require_uppercase_characters = OptionalBool(ctx, "RequireUppercaseCharacters");
  u.require_lowercase_characters = OptionalBool(ctx, "RequireLowercaseCharacters");
  u.allow_users_to_change_password = OptionalBool(ctx, "AllowUsersToChangePassword");
  u.hard_expiry = OptionalBool(ctx, "HardExpiry");
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
    auto policy = iam::ResolvePasswordPolicy(ReadUpdate(ctx));
    if (!policy.ok()) return policy.error();
    if (auto s = iam::PutPasswordPolicy(txn, ctx.account_id, *policy); !s.ok()) return s.error();
    return Outcome({}, true);
  };
  return op;
}

Operation GetAccountPasswordPolicy() {
  Operation op = Base("GetAccountPasswordPolicy", true);
  op.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    auto policy = iam::FindPasswordPolicy(txn, ctx.account_id);
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
