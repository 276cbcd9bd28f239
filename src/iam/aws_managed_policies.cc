#include "iam/aws_managed_policies.h"

#include <array>
#include <string>

namespace bulwark::iam {

namespace {

// The documents grant what AWS's policies of the same name grant; the ids are Bulwark's own fixed
// ids (stable across installations, so policy ARNs and ids can be pinned in tests).
constexpr std::array<AwsManagedPolicy, 6> kPolicies{{
    {"AdministratorAccess", "/", "ANPAIWMBCKSKIEE64ZLYK",
     "Provides full access to AWS services and resources.",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})"},
    {"PowerUserAccess", "/", "ANPAJYRXTHIB4FOVS3ZXS",
     "Provides full access to AWS services and resources, but does not allow management of Users and groups.",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":["iam:*","organizations:*","account:*"],"Resource":"*"},{"Effect":"Allow","Action":["account:GetAccountInformation","account:GetPrimaryEmail","account:ListRegions","iam:CreateServiceLinkedRole","iam:DeleteServiceLinkedRole","iam:ListRoles","organizations:DescribeOrganization"],"Resource":"*"}]})"},
    {"IAMFullAccess", "/", "ANPAI7XKCFMBPM3QQRRVQ", "Provides full access to IAM via the AWS Management Console.",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:*","organizations:DescribeAccount","organizations:DescribeOrganization","organizations:DescribeOrganizationalUnit","organizations:DescribePolicy","organizations:ListChildren","organizations:ListParents","organizations:ListPoliciesForTarget","organizations:ListRoots","organizations:ListPolicies","organizations:ListTargetsForPolicy"],"Resource":"*"}]})"},
    {"IAMReadOnlyAccess", "/", "ANPAJKSO7NDY4T57MWDSQ", "Provides read only access to IAM via the AWS Management Console.",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:GenerateCredentialReport","iam:GenerateServiceLastAccessedDetails","iam:Get*","iam:List*","iam:SimulateCustomPolicy","iam:SimulatePrincipalPolicy"],"Resource":"*"}]})"},
    {"IAMUserChangePassword", "/", "ANPAJ4L4MM2A7QIEB56MS", "Provides the ability for an IAM user to change their own password.",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:ChangePassword"],"Resource":["arn:aws:iam::*:user/${aws:username}"]},{"Effect":"Allow","Action":["iam:GetAccountPasswordPolicy"],"Resource":"*"}]})"},
    {"AWSCloudTrail_ReadOnlyAccess", "/", "ANPAJDU7KJADWBSEQ3E7S", "Provides read only access to AWS CloudTrail.",
     R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["cloudtrail:Get*","cloudtrail:Describe*","cloudtrail:List*","cloudtrail:LookupEvents"],"Resource":"*"}]})"},
}};

}  // namespace

std::span<const AwsManagedPolicy> AwsManagedPolicies() { return kPolicies; }

const AwsManagedPolicy* FindAwsManagedPolicy(std::string_view arn) {
  constexpr std::string_view kPrefix = "arn:aws:iam::aws:policy";
  if (!arn.starts_with(kPrefix)) return nullptr;
  for (const auto& p : kPolicies) {
    if (arn.substr(kPrefix.size()) == std::string(p.path) + std::string(p.name)) return &p;
  }
  return nullptr;
}

}  // namespace bulwark::iam
