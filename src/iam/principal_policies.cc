#include "iam/principal_policies.h"

#include "iam/attachments.h"
#include "iam/aws_managed_policies.h"
#include "iam/managed_policies.h"

namespace bulwark::iam {

namespace {

core::Status AddOwnPolicies(store::ReadView& view, std::string_view account, EntityKind kind, const std::string& name,
                            std::vector<PolicySource>* out) {
  auto inline_policies = InlinePolicies(view, account, kind, name);
  if (!inline_policies.ok()) return inline_policies.error();
  for (auto& p : *inline_policies) {
    out->push_back(PolicySource{std::string(EntityKindKey(kind)) + "/" + name + "/" + p.name, EntityKindKey(kind),
                                std::move(p.document)});
  }
  auto attached = AttachedPolicyArns(view, account, kind, name);
  if (!attached.ok()) return attached.error();
  auto managed = LoadManagedPolicies(view, *attached);
  if (!managed.ok()) return managed.error();
  for (auto& m : *managed) out->push_back(std::move(m));
  return core::Status::Ok();
}

}  // namespace

core::Result<std::vector<PolicySource>> LoadManagedPolicies(store::ReadView& view, const std::vector<std::string>& arns) {
  std::vector<PolicySource> out;
  for (const auto& arn : arns) {
    auto document = DefaultDocument(view, arn);
    if (!document.ok()) {
      if (document.error().code == "NoSuchEntity") continue;  // Deleted since: grants nothing.
      return document.error();
    }
    out.push_back(PolicySource{arn, FindAwsManagedPolicy(arn) != nullptr ? "aws-managed" : "user-managed",
                               std::move(document.value())});
  }
  return out;
}

core::Result<PrincipalPolicies> LoadPrincipalPolicies(store::ReadView& view, std::string_view account, EntityKind kind,
                                                      std::string_view name, std::string_view expected_id) {
  auto entity = GetEntity(view, account, kind, name);
  if (!entity.ok()) return entity.error();
  if (!expected_id.empty() && entity->id != expected_id) return NoSuchEntity(kind, name);
  PrincipalPolicies out;
  if (auto s = AddOwnPolicies(view, account, kind, entity->name, &out.identity); !s.ok()) return s.error();
  if (kind == EntityKind::kUser) {
    auto groups = GroupsOfUser(view, account, entity->name);
    if (!groups.ok()) return groups.error();
    for (const auto& g : *groups) {
      if (auto s = AddOwnPolicies(view, account, EntityKind::kGroup, g.name, &out.identity); !s.ok()) return s.error();
    }
  }
  if (!entity->boundary_arn.empty()) {
    auto document = DefaultDocument(view, entity->boundary_arn);
    if (document.ok()) {
      out.boundary = PolicySource{entity->boundary_arn, "permissions-boundary", std::move(document.value())};
    } else if (document.error().code != "NoSuchEntity") {
      return document.error();
    } else {
      // A boundary whose policy is gone allows nothing: deny by default rather than drop the cap.
      out.boundary = PolicySource{entity->boundary_arn, "permissions-boundary",
                                  R"({"Version":"2012-10-17","Statement":[]})"};
    }
  }
  auto tags = ListTags(view, entity->arn);
  if (!tags.ok()) return tags.error();
  out.tags = std::move(tags.value());
  return out;
}

}  // namespace bulwark::iam
