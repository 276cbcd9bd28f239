#include "org/guardrails.h"

#include <algorithm>

#include "org/org_store.h"
#include "policy/parser.h"

namespace bulwark::org {

bool IsServiceLinkedRole(const std::string& arn) {
  return arn.find(":role/aws-service-role/") != std::string::npos;
}

bool RcpsApplyTo(const std::string& action) {
  const auto colon = action.find(':');
  if (colon == std::string::npos) return false;
  const std::string_view service = std::string_view(action).substr(0, colon);
  return service == "sts" || service == "s3" || service == "kms" || service == "sqs" || service == "secretsmanager";
}

Guardrails::Guardrails(std::shared_ptr<store::Store> store, std::shared_ptr<const core::CredentialEpoch> epoch,
                       std::size_t capacity)
    : store_(std::move(store)), epoch_(std::move(epoch)), capacity_(capacity) {}

// One level's policies of a type compiled as one bundle: one index probe per level per request
// (CompiledPolicy::CompileBundle), each statement still naming its own policy. Cached by the
// level's ids and texts, so a rebuilt placement whose policies did not change compiles nothing.
core::Result<std::shared_ptr<const policy::CompiledPolicy>> Guardrails::Compile(const std::vector<Policy>& level,
                                                                                bool rcp) const {
  std::string key = rcp ? "r" : "s";
  for (const auto& p : level) key += '\x1f' + p.id + '\x1f' + p.content;
  {
    std::lock_guard lock(mutex_);
    auto it = compiled_.find(key);
    if (it != compiled_.end()) return it->second;
  }
  policy::ParseOptions options;
  options.kind = rcp ? policy::PolicyKind::kResourceControl : policy::PolicyKind::kServiceControl;
  std::vector<policy::PolicyDocument> documents;
  documents.reserve(level.size());
  for (const auto& p : level) {
    auto document = policy::ParsePolicy(p.content, options);
    if (!document.ok()) return document.error();
    documents.push_back(std::move(document.value()));
  }
  std::vector<policy::SourcePolicy> sources;
  for (std::size_t i = 0; i < level.size(); ++i) sources.push_back(policy::SourcePolicy{&documents[i], level[i].id});
  auto compiled = policy::CompiledPolicy::CompileBundle(
      sources, rcp ? policy::PolicyType::kResourceControl : policy::PolicyType::kServiceControl);
  std::lock_guard lock(mutex_);
  if (compiled_.size() >= capacity_) compiled_.clear();
  compiled_.emplace(std::move(key), compiled);
  return compiled;
}

core::Result<std::shared_ptr<const Placement>> Guardrails::Build(const std::string& account_id) const {
  struct Level {
    std::vector<Policy> scps;
    std::vector<Policy> rcps;
  };
  struct Read {
    std::optional<Organization> organization;
    std::vector<std::string> path;  // root first, down to the account's parent
    std::vector<Level> levels;      // the path's levels, then the account
  };
  auto read = store_->Read([&](store::ReadView& view) -> core::Result<Read> {
    Read r;
    auto o = FindOrganizationOf(view, account_id);
    if (!o.ok()) return o.error();
    if (!*o) return r;
    r.organization = std::move(*o);
    auto ancestors = AncestorsOf(view, *r.organization, account_id);
    if (!ancestors.ok()) return ancestors.error();
    r.path = std::move(ancestors.value());
    if (r.organization->management_account_id == account_id) return r;  // Neither SCPs nor RCPs apply.
    const auto& types = r.organization->enabled_policy_types;
    const bool scps = std::find(types.begin(), types.end(), kServiceControlPolicy) != types.end();
    const bool rcps = std::find(types.begin(), types.end(), kResourceControlPolicy) != types.end();
    std::vector<std::string> targets = r.path;
    targets.push_back(account_id);
    for (const auto& target : targets) {
      Level level;
      if (scps) {
        auto p = PoliciesForTarget(view, *r.organization, target, kServiceControlPolicy);
        if (!p.ok()) return p.error();
        level.scps = std::move(p.value());
      }
      if (rcps) {
        auto p = PoliciesForTarget(view, *r.organization, target, kResourceControlPolicy);
        if (!p.ok()) return p.error();
        level.rcps = std::move(p.value());
      }
      r.levels.push_back(std::move(level));
    }
    return r;
  });
  if (!read.ok()) return read.error();
  auto placement = std::make_shared<Placement>();
  if (!read->organization) return std::shared_ptr<const Placement>(placement);
  const Organization& o = *read->organization;
  placement->in_organization = true;
  placement->org_id = o.id;
  placement->management = o.management_account_id == account_id;
  placement->org_path = o.id + "/";
  for (const auto& id : read->path) placement->org_path += id + "/";
  if (placement->management) return std::shared_ptr<const Placement>(placement);
  const auto& types = o.enabled_policy_types;
  placement->scps_enabled = std::find(types.begin(), types.end(), kServiceControlPolicy) != types.end();
  placement->rcps_enabled = std::find(types.begin(), types.end(), kResourceControlPolicy) != types.end();
  for (const auto& level : read->levels) {
    if (placement->scps_enabled) {
      auto& out = placement->scps.emplace_back();
      if (!level.scps.empty()) {  // Empty only while DisablePolicyType runs; then nothing allows.
        auto compiled = Compile(level.scps, false);
        if (!compiled.ok()) return compiled.error();
        placement->keep.push_back(*compiled);
        out.push_back(compiled->get());
      }
    }
    if (placement->rcps_enabled) {
      // RCPFullAWSAccess allows everything: an RCP level needs no Allow (it cannot be detached), so
      // it adds nothing to evaluate (and its Allow is not in the RCP grammar customers use).
      std::vector<Policy> customer;
      for (const auto& p : level.rcps) {
        if (!p.aws_managed) customer.push_back(p);
      }
      auto& out = placement->rcps.emplace_back();
      if (!customer.empty()) {
        auto compiled = Compile(customer, true);
        if (!compiled.ok()) return compiled.error();
        placement->keep.push_back(*compiled);
        out.push_back(compiled->get());
      }
    }
  }
  return std::shared_ptr<const Placement>(placement);
}

core::Result<std::shared_ptr<const Placement>> Guardrails::PlacementOf(const std::string& account_id) const {
  // The epoch read before the store read: a change committed after it advances the epoch again,
  // so what this read builds is never served past that change.
  const uint64_t epoch = epoch_->Current();
  {
    std::lock_guard lock(mutex_);
    auto it = placements_.find(account_id);
    if (it != placements_.end() && it->second.epoch == epoch) return it->second.placement;
  }
  auto built = Build(account_id);
  if (!built.ok()) return built.error();
  std::lock_guard lock(mutex_);
  if (placements_.size() >= capacity_) placements_.clear();
  placements_[account_id] = Entry{epoch, *built};
  return *built;
}

core::Result<AppliedGuardrails> Guardrails::Apply(const core::Caller& caller, const std::string& action,
                                                  const std::string& resource_account, policy::PolicySet* set,
                                                  std::map<std::string, std::vector<std::string>>* context) const {
  AppliedGuardrails applied;
  const bool service_linked =
      caller.kind == core::CallerKind::kAssumedRole && IsServiceLinkedRole(caller.issuer_arn);
  if (!caller.account_id.empty()) {
    auto principal = PlacementOf(caller.account_id);
    if (!principal.ok()) return principal.error();
    applied.principal = *principal;
    const Placement& p = **principal;
    if (p.in_organization) {
      (*context)["aws:PrincipalOrgID"] = {p.org_id};
      (*context)["aws:PrincipalOrgPaths"] = {p.org_path};
      if (!p.management && p.scps_enabled && !service_linked) set->scps = p.scps;
    }
  }
  if (!resource_account.empty()) {
    if (context->find("aws:ResourceAccount") == context->end()) (*context)["aws:ResourceAccount"] = {resource_account};
    auto resource = resource_account == caller.account_id && applied.principal ? applied.principal
                                                                                 : PlacementOf(resource_account);
    if (!resource.ok()) return resource.error();
    applied.resource = *resource;
    const Placement& r = **resource;
    if (r.in_organization) {
      (*context)["aws:ResourceOrgID"] = {r.org_id};
      (*context)["aws:ResourceOrgPaths"] = {r.org_path};
      if (!r.management && r.rcps_enabled && !service_linked && RcpsApplyTo(action)) set->rcps = r.rcps;
    }
  }
  return applied;
}

}  // namespace bulwark::org
