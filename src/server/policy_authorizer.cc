#include "server/policy_authorizer.h"

#include <optional>
#include <vector>

#include <boost/json/serialize.hpp>

#include "iam/authorization_message.h"
#include "iam/account_settings.h"
#include "iam/aws_managed_policies.h"
#include "iam/entities.h"
#include "iam/policy_principals.h"
#include "iam/principal_policies.h"
#include "policy/evaluator.h"
#include "services/sts/sts_credentials.h"

namespace bulwark::server {

namespace {

core::Error Denied(std::string message) { return core::Error{"AccessDenied", std::move(message)}; }

// The IAM entity whose policies a caller acts with: its name to find it and its unique id (AIDA...,
// AROA...) to be sure it is the same entity the key or session was issued to, not a later one that
// took the name (a principal is its unique id: IAM User Guide, "IAM identifiers").
struct Subject {
  iam::EntityKind kind;
  std::string name;
  std::string id;
};

std::optional<Subject> SubjectOf(const core::Caller& c) {
  switch (c.kind) {
    case core::CallerKind::kIamUser:
      if (c.principal_id.empty()) return std::nullopt;
      return Subject{iam::EntityKind::kUser, c.user_name, c.principal_id};
    case core::CallerKind::kUserSession:
      if (c.user_name.empty()) return std::nullopt;  // A root session acts as root.
      if (c.issuer_principal_id.empty()) return std::nullopt;
      return Subject{iam::EntityKind::kUser, c.user_name, c.issuer_principal_id};
    case core::CallerKind::kAssumedRole: {
      const auto slash = c.issuer_arn.rfind('/');
      if (slash == std::string::npos || c.issuer_principal_id.empty()) return std::nullopt;
      return Subject{iam::EntityKind::kRole, c.issuer_arn.substr(slash + 1), c.issuer_principal_id};
    }
    default:
      return std::nullopt;
  }
}

bool IsRootCaller(const core::Caller& c) {
  return c.kind == core::CallerKind::kRoot || (c.kind == core::CallerKind::kUserSession && c.user_name.empty());
}

bool AssumesRole(const std::string& action) {
  return action == "sts:AssumeRole" || action == "sts:TagSession" || action == "sts:SetSourceIdentity";
}

bool IsIamArn(const std::string& arn) { return arn.starts_with("arn:aws:iam::"); }

// IAM operations name users, groups and roles by name, and the pipeline authorizes against the
// stored ARN (with its path) so that policies naming paths match. Denials name what was requested,
// the ARN at the root path, as AWS's do: the stored path is not told to a caller that may not even
// read the entity.
std::string ResourceAsRequested(const AuthorizationRequest& request) {
  const std::string& arn = request.resource;
  if (!request.action.starts_with("iam:") || !IsIamArn(arn)) return arn;
  const auto colon = arn.find(':', std::string_view("arn:aws:iam::").size());
  if (colon == std::string::npos) return arn;
  const std::string_view resource = std::string_view(arn).substr(colon + 1);
  for (std::string_view type : {"user/", "group/", "role/"}) {
    if (!resource.starts_with(type)) continue;
    const auto last = resource.rfind('/');
    if (last + 1 == type.size()) return arn;  // Already at the root path.
    return arn.substr(0, colon + 1) + std::string(type) + std::string(resource.substr(last + 1));
  }
  return arn;
}

// The refusal an MFA-checking STS operation asked for (services/sts/sts_credentials.h), if any.
std::optional<std::string> MfaRefusal(const AuthorizationRequest& request) {
  auto it = request.context.find(std::string(services::sts_ops::kMfaRefusalKey));
  if (it == request.context.end()) return std::nullopt;
  return it->second.empty() ? std::string() : it->second.front();
}

}  // namespace

struct PolicyAuthorizer::Gathered {
  iam::PrincipalPolicies principal;
  std::vector<iam::PolicySource> session_managed;
  std::vector<iam::Tag> resource_tags;
  std::optional<std::string> trust_policy;  // For role-assuming actions on an existing role.
  bool users_may_change_password = false;   // The account password policy's AllowUsersToChangePassword.
  // The resource's own policy, from the operation (AuthorizationRequest::resource_policy), or why
  // there is none (such as NotFoundException).
  std::optional<services::ResourcePolicy> resource_policy;
  std::optional<core::Error> resource_policy_error;
};

PolicyAuthorizer::PolicyAuthorizer(std::shared_ptr<store::Store> store, std::string message_key,
                                   std::size_t cache_capacity, std::shared_ptr<const org::Guardrails> guardrails)
    : store_(std::move(store)), guardrails_(std::move(guardrails)), message_key_(std::move(message_key)),
      cache_capacity_(cache_capacity) {}

core::Result<PolicyAuthorizer::Gathered> PolicyAuthorizer::Gather(const core::Caller& caller,
                                                                  const AuthorizationRequest& request) const {
  const std::optional<Subject> subject = SubjectOf(caller);
  return store_->Read([&](store::ReadView& view) -> core::Result<Gathered> {
    Gathered g;
    if (subject) {
      auto loaded = iam::LoadPrincipalPolicies(view, caller.account_id, subject->kind, subject->name, subject->id);
      if (!loaded.ok()) return loaded.error();
      g.principal = std::move(loaded.value());
    }
    if (!caller.session_policy_arns.empty()) {
      auto managed = iam::LoadManagedPolicies(view, caller.session_policy_arns);
      if (!managed.ok()) return managed.error();
      g.session_managed = std::move(managed.value());
    }
    if (caller.kind == core::CallerKind::kIamUser &&
        (request.action == "iam:ChangePassword" || request.action == "iam:GetAccountPasswordPolicy")) {
      auto password_policy = iam::FindPasswordPolicy(view, caller.account_id);
      if (!password_policy.ok()) return password_policy.error();
      g.users_may_change_password = *password_policy && (*password_policy)->allow_users_to_change_password;
    }
    if (request.resource_policy) {
      auto found = request.resource_policy(view);
      if (found.ok()) {
        g.resource_policy = std::move(found.value());
      } else {
        g.resource_policy_error = found.error();
      }
    }
    if (IsIamArn(request.resource)) {
      auto tags = iam::ListTags(view, request.resource);
      if (!tags.ok()) return tags.error();
      g.resource_tags = std::move(tags.value());
      if (AssumesRole(request.action)) {
        auto role = iam::FindEntityByArn(view, request.resource);
        if (!role.ok()) return role.error();
        if (*role && (*role)->kind == iam::EntityKind::kRole) {
          // Principals the policy named by ARN mean the entities they named when it was saved.
          auto bindings = iam::LoadPolicyPrincipals(view, request.resource_account, (*role)->id);
          if (!bindings.ok()) return bindings.error();
          const bool session = caller.kind == core::CallerKind::kAssumedRole;
          g.trust_policy = iam::TrustPolicyFor((*role)->trust_policy, *bindings,
                                               session ? caller.issuer_arn : caller.arn,
                                               session ? caller.issuer_principal_id : caller.principal_id);
        }
      }
    }
    return g;
  });
}

core::Result<std::shared_ptr<const policy::CompiledPolicy>> PolicyAuthorizer::Compile(const std::string& id,
                                                                                      const std::string& text,
                                                                                      policy::PolicyKind kind,
                                                                                      policy::PolicyType type) const {
  // AWS managed policies never change within a binary (they are built in), so their ARN names the
  // text: keying them by it spares hashing documents of up to 150 KB (ReadOnlyAccess is 91 KB) on
  // every call. Anything else is keyed by its text, so an edited policy is compiled afresh.
  const bool built_in = iam::FindAwsManagedPolicy(id) != nullptr;
  std::string key;
  key.reserve(id.size() + (built_in ? 0 : text.size()) + 4);
  key += static_cast<char>('0' + static_cast<int>(type));
  key += '\x1f';
  key += id;
  key += '\x1f';
  if (!built_in) key += text;
  {
    std::lock_guard lock(mutex_);
    auto it = cache_.find(key);
    if (it != cache_.end()) return it->second;
  }
  policy::ParseOptions options;
  options.kind = kind;
  auto document = policy::ParsePolicy(text, options);
  if (!document.ok()) return document.error();
  auto compiled = policy::CompiledPolicy::Compile(*document, type, id);
  std::lock_guard lock(mutex_);
  if (cache_.size() >= cache_capacity_) cache_.clear();  // Rare; the working set recompiles quickly.
  cache_.emplace(std::move(key), compiled);
  return compiled;
}

core::Status PolicyAuthorizer::Authorize(const core::Caller& caller, const AuthorizationRequest& request) const {
  // A wrong MFA code or a locked MFA device refuses the call whatever the policies say, with STS's
  // own message (sts_credentials.h), before any policy is read.
  if (auto refusal = MfaRefusal(request)) return Denied(*refusal);
  // "No permissions are required to perform this operation" (IAM User Guide, "Permissions for
  // GetSessionToken"): no policy, not even an explicit deny, stops it.
  if (request.action == "sts:GetSessionToken") return core::Status::Ok();
  policy::Decision decision;
  core::Status status = Decide(caller, request, &decision);
  if (status.ok() || message_key_.empty() || status.error().code != "AccessDenied") return status;
  return Denied(status.error().message + " Encoded authorization failure message: " +
                EncodedDetails(caller, request, decision));
}

// The decoded form follows AWS's: allowed, explicitDeny, matchedStatements, failures, and the
// context (principal, action, resource, conditions).
std::string PolicyAuthorizer::EncodedDetails(const core::Caller& caller, const AuthorizationRequest& request,
                                             const policy::Decision& decision) const {
  boost::json::array statements;
  for (const auto& m : decision.matched) {
    statements.push_back(boost::json::object{
        {"statementId", m.statement->sid},
        {"effect", m.statement->effect == policy::Effect::kDeny ? "DENY" : "ALLOW"},
        {"source", m.policy->SourceId(*m.statement)},
        {"index", m.statement->index}});
  }
  boost::json::array conditions;
  for (const auto& [key, values] : request.context) {
    if (key == services::sts_ops::kMfaRefusalKey) continue;
    boost::json::array items;
    for (const auto& v : values) items.push_back(boost::json::object{{"value", v}});
    conditions.push_back(boost::json::object{{"key", key}, {"values", boost::json::object{{"items", std::move(items)}}}});
  }
  boost::json::object decoded{
      {"allowed", false},
      {"explicitDeny", decision.decision == policy::EvalDecision::kExplicitDeny},
      {"matchedStatements", boost::json::object{{"items", std::move(statements)}}},
      {"failures", boost::json::object{{"items", boost::json::array()}}},
      {"context", boost::json::object{{"principal", boost::json::object{{"id", caller.principal_id}, {"arn", caller.arn}}},
                                      {"action", request.action},
                                      {"resource", request.resource},
                                      {"conditions", boost::json::object{{"items", std::move(conditions)}}}}}};
  auto encoded = iam::EncodeAuthorizationMessage(message_key_, boost::json::serialize(decoded));
  return encoded.ok() ? *encoded : std::string();
}

core::Status PolicyAuthorizer::Decide(const core::Caller& caller, const AuthorizationRequest& request,
                                      policy::Decision* decision_out) const {
  const std::string shown_resource = ResourceAsRequested(request);
  const std::string who = "User: " + caller.arn + " is not authorized to perform: " + request.action +
                          " on resource: " + shown_resource;
  // GetSessionToken credentials reach IAM only with MFA, and STS only for AssumeRole and
  // GetCallerIdentity ("Permissions for GetSessionToken").
  if (caller.kind == core::CallerKind::kUserSession) {
    if (request.action.starts_with("iam:") && !caller.mfa_present) {
      return Denied(who + " because IAM calls with GetSessionToken credentials need MFA authentication");
    }
    if (request.action.starts_with("sts:") && request.action != "sts:AssumeRole") {
      return Denied(who + " because GetSessionToken credentials cannot call this STS operation");
    }
  }
  // The organization's guardrails: SCP levels for the caller, RCP levels for the resource, and the
  // aws:*Org* context keys. They restrict a member account's root user too.
  policy::PolicySet set;
  auto context = request.context;
  org::AppliedGuardrails guardrails;
  if (guardrails_) {
    auto applied = guardrails_->Apply(caller, request.action, request.resource_account, &set, &context);
    if (!applied.ok()) {
      if (applied.error().code == store::kErrorUnavailable) {
        return core::Error{"ServiceUnavailable", "The service is unavailable. Please try again."};
      }
      return Denied(who + " because a policy that applies could not be read");
    }
    guardrails = std::move(applied.value());
  }
  // Where the resource has a policy of its own that must allow (a KMS key), the root user too is
  // only what that policy lets it be ("Key policies in AWS KMS": the account has no access the key
  // policy does not give).
  const bool resource_decides = static_cast<bool>(request.resource_policy);
  const bool root = IsRootCaller(caller);
  if (root && !resource_decides) {
    if (request.action == "sts:AssumeRole") return Denied("Roles may not be assumed by root accounts.");
    // The root user owns its account's resources; another account's resource needs that account's
    // consent, which no IAM resource can give.
    if (!request.resource_account.empty() && request.resource_account != caller.account_id) return Denied(who);
    if (!set.scps && !set.rcps) return core::Status::Ok();
  }
  if (!root && !SubjectOf(caller)) return Denied(who);

  auto gathered = Gather(caller, request);
  if (!gathered.ok()) {
    // The principal is gone (deleted since its key or session was issued): nothing allows it.
    if (gathered.error().code == "NoSuchEntity") return Denied(who + " because no identity-based policy allows the " +
                                                               request.action + " action");
    return core::Error{"ServiceUnavailable", "The service is unavailable. Please try again."};
  }
  const Gathered& g = *gathered;
  if (g.resource_policy_error) {
    const std::string& code = g.resource_policy_error->code;
    if (code == "ServiceUnavailable" || code == "InternalFailure" || code == "ConcurrentModification") {
      return core::Error{"ServiceUnavailable", "The service is unavailable. Please try again."};
    }
    return *g.resource_policy_error;
  }

  // Everything compiled lives until the end of this call.
  std::vector<std::shared_ptr<const policy::CompiledPolicy>> keep;
  auto add = [&](const std::string& id, const std::string& text, policy::PolicyKind kind, policy::PolicyType type,
                 std::vector<const policy::CompiledPolicy*>* out) -> core::Status {
    auto compiled = Compile(id, text, kind, type);
    if (!compiled.ok()) return compiled.error();
    keep.push_back(*compiled);
    out->push_back(compiled->get());
    return core::Status::Ok();
  };
  const std::string malformed = who + " because a policy that applies could not be read";

  for (const auto& p : g.principal.identity) {
    if (!add(p.id, p.document, policy::PolicyKind::kIdentity, policy::PolicyType::kIdentity, &set.identity).ok()) {
      return Denied(malformed);
    }
  }
  if (g.principal.boundary) {
    set.boundaries.emplace();
    if (!add(g.principal.boundary->id, g.principal.boundary->document, policy::PolicyKind::kPermissionsBoundary,
             policy::PolicyType::kPermissionsBoundary, &*set.boundaries)
             .ok()) {
      return Denied(malformed);
    }
  }
  if (!caller.session_policy.empty() || !caller.session_policy_arns.empty()) {
    set.session.emplace();
    if (!caller.session_policy.empty() &&
        !add("session-policy", caller.session_policy, policy::PolicyKind::kSession, policy::PolicyType::kSession,
             &*set.session)
             .ok()) {
      return Denied(malformed);
    }
    for (const auto& p : g.session_managed) {
      if (!add(p.id, p.document, policy::PolicyKind::kSession, policy::PolicyType::kSession, &*set.session).ok()) {
        return Denied(malformed);
      }
    }
  }
  if (AssumesRole(request.action)) {
    // A role is assumed only where its trust policy allows; a role that does not exist trusts no one.
    if (!g.trust_policy) return Denied(who);
    std::vector<const policy::CompiledPolicy*> one;
    if (!add(request.resource, *g.trust_policy, policy::PolicyKind::kTrust, policy::PolicyType::kResource, &one).ok()) {
      return Denied(malformed);
    }
    set.resource = one.front();
    set.resource_policy_required = true;
  }
  if (g.resource_policy) {
    if (!g.resource_policy->document.empty()) {
      std::vector<const policy::CompiledPolicy*> one;
      if (!add(request.resource, g.resource_policy->document, policy::PolicyKind::kResource,
               policy::PolicyType::kResource, &one)
               .ok()) {
        return Denied(malformed);
      }
      set.resource = one.front();
    }
    set.resource_policy_required = set.resource_policy_required || g.resource_policy->required;
  }

  policy::EvalRequest eval;
  eval.principal = policy::RequestPrincipal::FromArn(caller.arn);
  if (caller.kind == core::CallerKind::kAssumedRole) eval.principal.issuer_arn = caller.issuer_arn;
  eval.action = request.action;
  eval.resource = request.resource;
  eval.resource_account = request.resource_account;
  // The principal's tags, overridden by session tags (which the caller carries).
  std::map<std::string, std::string> principal_tags;
  for (const auto& t : g.principal.tags) principal_tags[t.key] = t.value;
  for (const auto& [k, v] : caller.tags) principal_tags[k] = v;
  context.erase(std::string(services::sts_ops::kMfaRefusalKey));
  for (const auto& [k, v] : principal_tags) context["aws:PrincipalTag/" + k] = {v};
  for (const auto& t : g.resource_tags) context["aws:ResourceTag/" + t.key] = {t.value};
  if (g.resource_policy) {
    for (const auto& [k, v] : g.resource_policy->context) context[k] = v;
  }
  for (const auto& [k, values] : context) {
    if (values.size() == 1 && k != "aws:TagKeys") {
      eval.context.Set(k, values.front());
    } else {
      eval.context.SetList(k, values);
    }
  }

  policy::Decision& decision = *decision_out;
  policy::Evaluate(set, eval, &decision);
  // Passing session tags also needs sts:TagSession, from the trust policy and the caller's policies
  // alike ("Passing session tags in AWS STS": "the role's trust policy must allow sts:TagSession").
  if (decision.decision == policy::EvalDecision::kAllowed && request.action == "sts:AssumeRole" &&
      request.context.count("aws:TagKeys") != 0) {
    eval.action = "sts:TagSession";
    policy::Evaluate(set, eval, &decision);
    if (decision.decision != policy::EvalDecision::kAllowed) {
      return Denied("User: " + caller.arn + " is not authorized to perform: sts:TagSession on resource: " +
                    request.resource);
    }
  }
  // Likewise a source identity (set now, or carried into a chained session) needs
  // sts:SetSourceIdentity ("Monitor and control actions taken with assumed roles": the trust policy
  // must allow it, as must the caller's policies).
  if (decision.decision == policy::EvalDecision::kAllowed && request.action == "sts:AssumeRole" &&
      request.context.count("sts:SourceIdentity") != 0) {
    eval.action = "sts:SetSourceIdentity";
    policy::Evaluate(set, eval, &decision);
    if (decision.decision != policy::EvalDecision::kAllowed) {
      return Denied("User: " + caller.arn + " is not authorized to perform: sts:SetSourceIdentity on resource: " +
                    request.resource);
    }
  }
  if (decision.decision == policy::EvalDecision::kAllowed) return core::Status::Ok();
  // Grants allow in addition to policies, never past an explicit deny ("Grants in AWS KMS").
  if (g.resource_policy && g.resource_policy->granted && decision.decision == policy::EvalDecision::kImplicitDeny) {
    return core::Status::Ok();
  }
  // AllowUsersToChangePassword lets every IAM user change its own password, and read the password
  // policy to do so, without a policy granting it; an explicit deny still wins.
  if (g.users_may_change_password && decision.decision == policy::EvalDecision::kImplicitDeny &&
      (request.action == "iam:GetAccountPasswordPolicy" || request.resource == caller.arn)) {
    return core::Status::Ok();
  }
  if (AssumesRole(request.action) && decision.decision == policy::EvalDecision::kImplicitDeny) {
    return Denied(who);  // AWS's AssumeRole denial names no layer.
  }
  return Denied(AccessDeniedMessage(caller.arn, request.action, shown_resource, decision));
}

std::string AccessDeniedMessage(const std::string& principal_arn, const std::string& action, const std::string& resource,
                                const policy::Decision& decision) {
  std::string m = "User: " + principal_arn + " is not authorized to perform: " + action + " on resource: " + resource;
  auto layer = [](policy::PolicyType type) {
    switch (type) {
      case policy::PolicyType::kIdentity: return "an identity-based policy";
      case policy::PolicyType::kResource: return "a resource-based policy";
      case policy::PolicyType::kPermissionsBoundary: return "a permissions boundary";
      case policy::PolicyType::kSession: return "a session policy";
      case policy::PolicyType::kServiceControl: return "a service control policy";
      case policy::PolicyType::kResourceControl: return "a resource control policy";
    }
    return "a policy";
  };
  if (decision.decision == policy::EvalDecision::kExplicitDeny) {
    const char* where = decision.matched.empty() ? "a policy" : layer(decision.matched.front().policy->type());
    return m + " with an explicit deny in " + where;
  }
  using policy::EvalDecision;
  auto denied = [](const std::optional<EvalDecision>& d) { return d && *d != EvalDecision::kAllowed; };
  if (denied(decision.organizations)) return m + " because no service control policy allows the " + action + " action";
  if (denied(decision.identity_policies) || !decision.identity_policies) {
    return m + " because no identity-based policy allows the " + action + " action";
  }
  if (denied(decision.permissions_boundary)) return m + " because no permissions boundary allows the " + action + " action";
  if (denied(decision.session_policy)) return m + " because no session policy allows the " + action + " action";
  return m + " because no resource-based policy allows the " + action + " action";
}

}  // namespace bulwark::server
