// Console passwords: CreateLoginProfile, GetLoginProfile, UpdateLoginProfile, DeleteLoginProfile and
// ChangePassword (the calling user changes its own). Every new password is checked against the
// account password policy (or IAM's default policy when there is none) and, with
// PasswordReusePrevention, against the user's recent passwords; only its argon2id hash is stored.
// Passwords are never echoed in messages, and the trail hides the Password, OldPassword and
// NewPassword members (trail/event_record.cc).
#include "crypto/password_hash.h"
#include "iam/account_settings.h"
#include "iam/login_profiles.h"
#include "iam/password_policy.h"
#include "services/iam/iam_common.h"
#include "services/iam/iam_operations.h"

namespace bulwark::services::iam_ops {

namespace {

boost::json::object LoginProfileJson(const std::string& user_name, const iam::LoginProfileRecord& p) {
  return boost::json::object{
      {"UserName", user_name}, {"CreateDate", core::IsoTime(p.created)}, {"PasswordResetRequired", p.reset_required}};
}

// Checks `password` against the policy and the user's history, then returns its hash.
core::Result<std::string> AcceptNewPassword(store::Transaction& txn, const std::string& account,
                                            const std::string& user_id, const std::string& password) {
  auto policy = iam::FindPasswordPolicy(txn, account);
  if (!policy.ok()) return policy.error();
  if (auto s = iam::CheckPasswordAgainstPolicy(*policy, password); !s.ok()) return s.error();
  if (policy->has_value() && (*policy)->password_reuse_prevention > 0) {
    auto recent = iam::RecentPasswordHashes(txn, user_id, (*policy)->password_reuse_prevention);
    if (!recent.ok()) return recent.error();
    if (auto s = iam::CheckPasswordReuse(*policy, password, *recent); !s.ok()) return s.error();
  }
  auto hash = crypto::HashPassword(password);
  if (!hash.ok()) return core::Error{"ServiceFailure", "The password could not be stored."};
  if (auto s = iam::AppendPasswordHistory(txn, user_id, *hash, iam::kMaxPasswordReusePrevention); !s.ok()) {
    return s.error();
  }
  return hash;
}

Operation CreateLoginProfile(const IamDeps& deps) {
  Operation op;
  op.name = "CreateLoginProfile";
  op.action = "iam:CreateLoginProfile";
  op.read_only = false;
  op.resource = UserOrSelfResource(deps, "UserName");
  op.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    auto user_name = UserOrSelf(ctx);
    if (!user_name.ok()) return user_name.error();
    // The model makes Password optional (AWS can create a profile without one for some callers);
    // a console password is what this server's login profile is, so it is required here.
    const std::optional<std::string> password = OptionalString(ctx, "Password");
    if (!password) {
      return ValidationError("1 validation error detected: Value null at 'password' failed to satisfy constraint: "
                             "Member must not be null");
    }
    auto user = iam::GetEntity(txn, ctx.account_id, iam::EntityKind::kUser, *user_name);
    if (!user.ok()) return user.error();
    auto existing = iam::FindLoginProfile(txn, user->id);
    if (!existing.ok()) return existing.error();
    if (existing->has_value()) {
      return core::Error{"EntityAlreadyExists", "Login Profile for user " + user->name + " already exists."};
    }
    auto hash = AcceptNewPassword(txn, ctx.account_id, user->id, *password);
    if (!hash.ok()) return hash.error();
    iam::LoginProfileRecord profile;
    profile.user_id = user->id;
    profile.password_hash = *hash;
    profile.created = ctx.now;
    profile.password_changed = ctx.now;
    profile.reset_required = OptionalBool(ctx, "PasswordResetRequired").value_or(false);
    if (auto s = iam::InsertLoginProfile(txn, profile, user->name); !s.ok()) return s.error();
    return Outcome(boost::json::object{{"LoginProfile", LoginProfileJson(user->name, profile)}}, true);
  };
  return op;
}

Operation GetLoginProfile(const IamDeps& deps) {
  Operation op;
  op.name = "GetLoginProfile";
  op.action = "iam:GetLoginProfile";
  op.read_only = true;
  op.resource = UserOrSelfResource(deps, "UserName");
  op.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    auto user_name = UserOrSelf(ctx);
    if (!user_name.ok()) return user_name.error();
    auto user = iam::GetEntity(txn, ctx.account_id, iam::EntityKind::kUser, *user_name);
    if (!user.ok()) return user.error();
    auto profile = iam::FindLoginProfile(txn, user->id);
    if (!profile.ok()) return profile.error();
    if (!profile->has_value()) return iam::NoSuchLoginProfile(user->name);
    return Outcome(boost::json::object{{"LoginProfile", LoginProfileJson(user->name, **profile)}}, false);
  };
  return op;
}

Operation UpdateLoginProfile(const IamDeps& deps) {
  Operation op;
  op.name = "UpdateLoginProfile";
  op.action = "iam:UpdateLoginProfile";
  op.read_only = false;
  op.resource = EntityResource(deps, iam::EntityKind::kUser, "UserName");
  op.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    const std::optional<std::string> password = OptionalString(ctx, "Password");
    const std::optional<bool> reset = OptionalBool(ctx, "PasswordResetRequired");
    auto user = iam::GetEntity(txn, ctx.account_id, iam::EntityKind::kUser, RequiredString(ctx, "UserName"));
    if (!user.ok()) return user.error();
    auto profile = iam::FindLoginProfile(txn, user->id);
    if (!profile.ok()) return profile.error();
    if (!profile->has_value()) return iam::NoSuchLoginProfile(user->name);
    if (password.has_value()) {
      auto hash = AcceptNewPassword(txn, ctx.account_id, user->id, *password);
      if (!hash.ok()) return hash.error();
      if (auto s = iam::UpdateLoginProfilePassword(txn, user->id, *hash, ctx.now, reset); !s.ok()) return s.error();
    } else if (reset.has_value()) {
      if (auto s = iam::SetLoginProfileResetRequired(txn, user->id, *reset); !s.ok()) return s.error();
    }
    return Outcome({}, true);
  };
  return op;
}

Operation DeleteLoginProfile(const IamDeps& deps) {
  Operation op;
  op.name = "DeleteLoginProfile";
  op.action = "iam:DeleteLoginProfile";
  op.read_only = false;
  op.resource = UserOrSelfResource(deps, "UserName");
  op.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    auto user_name = UserOrSelf(ctx);
    if (!user_name.ok()) return user_name.error();
    auto user = iam::GetEntity(txn, ctx.account_id, iam::EntityKind::kUser, *user_name);
    if (!user.ok()) return user.error();
    auto profile = iam::FindLoginProfile(txn, user->id);
    if (!profile.ok()) return profile.error();
    if (!profile->has_value()) return iam::NoSuchLoginProfile(user->name);
    if (auto s = iam::DeleteLoginProfile(txn, user->id); !s.ok()) return s.error();
    return Outcome({}, true);
  };
  return op;
}

// The caller's own password. Only IAM users have one (InvalidUserType otherwise); the old password
// must match (verified in constant time by argon2id_verify); the new one passes the policy and the
// reuse check. The policy's AllowUsersToChangePassword grants iam:ChangePassword on oneself at the
// account level, as on AWS (server/policy_authorizer.cc).
Operation ChangePassword() {
  Operation op;
  op.name = "ChangePassword";
  op.action = "iam:ChangePassword";
  op.read_only = false;
  op.resource = [](const CallContext& ctx) -> ResourceRef {
    if (ctx.caller != nullptr && ctx.caller->kind == core::CallerKind::kIamUser) {
      return ResourceRef{ctx.caller->arn, "AWS::IAM::User"};
    }
    return ResourceRef{"*", ""};
  };
  op.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    const std::string old_password = RequiredString(ctx, "OldPassword");
    const std::string new_password = RequiredString(ctx, "NewPassword");
    if (ctx.caller == nullptr || ctx.caller->kind != core::CallerKind::kIamUser) {
      return core::Error{"InvalidUserType", "Only IAM users can change their own password with ChangePassword."};
    }
    auto user = iam::GetEntity(txn, ctx.account_id, iam::EntityKind::kUser, ctx.caller->user_name);
    if (!user.ok()) return user.error();
    auto profile = iam::FindLoginProfile(txn, user->id);
    if (!profile.ok()) return profile.error();
    if (!profile->has_value()) return iam::NoSuchLoginProfile(user->name);
    auto matches = crypto::VerifyPassword(old_password, (*profile)->password_hash);
    if (!matches.ok()) return core::Error{"ServiceFailure", "The stored password could not be read."};
    if (!*matches) return core::Error{"AccessDenied", "The old password is incorrect."};
    auto hash = AcceptNewPassword(txn, ctx.account_id, user->id, new_password);
    if (!hash.ok()) return hash.error();
    // A changed password clears "reset required", which is what the reset asked for.
    if (auto s = iam::UpdateLoginProfilePassword(txn, user->id, *hash, ctx.now, false); !s.ok()) return s.error();
    return Outcome({}, true);
  };
  return op;
}

}  // namespace

OperationList LoginProfileOperations(const IamDeps& deps) {
  return {CreateLoginProfile(deps), GetLoginProfile(deps), UpdateLoginProfile(deps), DeleteLoginProfile(deps),
          ChangePassword()};
}

}  // namespace bulwark::services::iam_ops
