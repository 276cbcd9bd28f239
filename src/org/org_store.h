// AWS Organizations over the store: the organization and its root, organizational units, member
// accounts, create-account requests, policies and their attachments, tags, trusted service access
// and delegated administrators, with the rules AWS documents for them ("Quotas and service limits
// for AWS Organizations"; each operation's page in the Organizations API Reference). Errors carry
// the modelled exception names (and Reason where the model has one). No wire protocol here
// (services/organizations has it). Ids come from the OpenSSL DRBG in the formats of botocore's
// patterns (o-[a-z0-9]{10}, r-[0-9a-z]{4}, ou-<root>-[a-z0-9]{8}, p-[0-9a-z]{8}, car-[a-z0-9]{32}).
// Thread-safety: stateless functions over store transactions and read views.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/store.h"

namespace bulwark::org {

// Quotas ("Quotas and service limits for AWS Organizations").
inline constexpr int kMaxOuDepth = 5;               // OUs nested below the root
inline constexpr int kMaxOrganizationalUnits = 1000;
inline constexpr int kMaxAccounts = 10;             // The default quota of a new organization
inline constexpr int kMaxPoliciesPerType = 1000;
inline constexpr int kMaxPoliciesPerTarget = 5;     // SCPs or RCPs attached to one root, OU or account
inline constexpr std::size_t kMaxScpChars = 5120;   // SCPs and RCPs, white space included
inline constexpr std::size_t kMaxTagPolicyChars = 10000;
inline constexpr int kMaxTagsPerResource = 50;
inline constexpr int kMaxDelegatedAdminsPerService = 1;  // The common limit; services with more are not served

inline constexpr std::string_view kServiceControlPolicy = "SERVICE_CONTROL_POLICY";
inline constexpr std::string_view kResourceControlPolicy = "RESOURCE_CONTROL_POLICY";
inline constexpr std::string_view kTagPolicy = "TAG_POLICY";
inline constexpr std::string_view kFullAwsAccessId = "p-FullAWSAccess";
inline constexpr std::string_view kRcpFullAwsAccessId = "p-RCPFullAWSAccess";

// Errors as the model names them.
core::Error NotInUse();                                       // AWSOrganizationsNotInUseException
core::Error ConstraintViolation(std::string reason, std::string message);
core::Error InvalidInput(std::string reason, std::string message);

struct Organization {
  std::string id;  // o-...
  std::string management_account_id;
  std::string management_email;
  std::string root_id;
  std::string root_name;  // "Root"
  int64_t created = 0;
  std::vector<std::string> enabled_policy_types;  // On the root, sorted
};
std::string OrganizationArn(const Organization& o);
std::string RootArn(const Organization& o);
std::string OuArn(const Organization& o, std::string_view ou_id);
std::string AccountArn(const Organization& o, std::string_view account_id);
std::string PolicyArn(const Organization& o, std::string_view policy_type, std::string_view policy_id, bool aws_managed);

// The organization the account belongs to (as management or member account), or nullopt.
core::Result<std::optional<Organization>> FindOrganizationOf(store::ReadView& view, std::string_view account_id);
// Same, AWSOrganizationsNotInUseException when there is none.
core::Result<Organization> OrganizationOf(store::ReadView& view, std::string_view account_id);

// Creates the organization with `management_account_id` as its management account, its root,
// the AWS managed FullAWSAccess SCP and RCPFullAWSAccess attached to the root, and the SCP policy
// type enabled (as AWS does for organizations created with all features).
// Errors: AlreadyInOrganizationException.
core::Result<Organization> CreateOrganization(store::Transaction& txn, std::string_view management_account_id,
                                              std::string_view management_email, int64_t now);
// Errors: OrganizationNotEmptyException while member accounts remain.
core::Status DeleteOrganization(store::Transaction& txn, const Organization& o);

// Policy types on the root. Errors: PolicyTypeAlreadyEnabledException, PolicyTypeNotEnabledException,
// PolicyTypeNotAvailableForOrganizationException (a type this server does not serve),
// RootNotFoundException.
core::Status EnablePolicyType(store::Transaction& txn, const Organization& o, std::string_view root_id,
                              std::string_view policy_type);
core::Status DisablePolicyType(store::Transaction& txn, const Organization& o, std::string_view root_id,
                               std::string_view policy_type);

// Organizational units --------------------------------------------------------------------------

struct OrganizationalUnit {
  std::string id;
  std::string parent_id;
  std::string name;
  int depth = 1;  // 1: directly below the root
};
// Errors: ParentNotFoundException, DuplicateOrganizationalUnitException, ConstraintViolation
// OU_DEPTH_LIMIT_EXCEEDED / OU_NUMBER_LIMIT_EXCEEDED.
core::Result<OrganizationalUnit> CreateOrganizationalUnit(store::Transaction& txn, const Organization& o,
                                                          std::string_view parent_id, std::string_view name,
                                                          int64_t now);
core::Result<OrganizationalUnit> GetOrganizationalUnit(store::ReadView& view, const Organization& o,
                                                       std::string_view ou_id);  // OrganizationalUnitNotFoundException
core::Result<OrganizationalUnit> RenameOrganizationalUnit(store::Transaction& txn, const Organization& o,
                                                          std::string_view ou_id, std::string_view name);
// Errors: OrganizationalUnitNotFoundException, OrganizationalUnitNotEmptyException (accounts or OUs).
core::Status DeleteOrganizationalUnit(store::Transaction& txn, const Organization& o, std::string_view ou_id);
// Children of a parent, by id. Errors: ParentNotFoundException.
core::Result<std::vector<OrganizationalUnit>> OrganizationalUnitsOf(store::ReadView& view, const Organization& o,
                                                                   std::string_view parent_id);

// Whether `id` is the root or one of the organization's OUs.
core::Result<bool> ParentExists(store::ReadView& view, const Organization& o, std::string_view id);

// Accounts ---------------------------------------------------------------------------------------

struct Account {
  std::string id;
  std::string parent_id;
  std::string name;
  std::string email;
  std::string status = "ACTIVE";
  std::string joined_method;  // INVITED (the management account) | CREATED
  int64_t joined = 0;
};
// Errors: AccountNotFoundException.
core::Result<Account> GetAccount(store::ReadView& view, const Organization& o, std::string_view account_id);
core::Result<std::vector<Account>> ListAccounts(store::ReadView& view, const Organization& o);
core::Result<std::vector<Account>> AccountsOf(store::ReadView& view, const Organization& o, std::string_view parent_id);
// Adds a member account under the root. Errors: DuplicateAccountException (email taken in the
// organization), ConstraintViolation ACCOUNT_NUMBER_LIMIT_EXCEEDED.
core::Status InsertMemberAccount(store::Transaction& txn, const Organization& o, const Account& account);
// Errors: AccountNotFoundException, SourceParentNotFoundException, DestinationParentNotFoundException,
// DuplicateAccountException (already in the destination).
core::Status MoveAccount(store::Transaction& txn, const Organization& o, std::string_view account_id,
                         std::string_view source_parent_id, std::string_view destination_parent_id);
// Errors: AccountNotFoundException, MasterCannotLeaveOrganizationException. Its attachments, tags and
// delegated-administrator registrations go with it.
core::Status RemoveAccount(store::Transaction& txn, const Organization& o, std::string_view account_id);

// The parent of a child (account or OU). Errors: ChildNotFoundException.
core::Result<std::string> ParentOf(store::ReadView& view, const Organization& o, std::string_view child_id);
// The ids from the root down to the child's parent (root first). Errors: ChildNotFoundException.
core::Result<std::vector<std::string>> AncestorsOf(store::ReadView& view, const Organization& o,
                                                   std::string_view child_id);

struct CreateAccountStatus {
  std::string id;  // car-...
  std::string account_name;
  std::string state;  // IN_PROGRESS | SUCCEEDED | FAILED
  int64_t requested = 0;
  int64_t completed = 0;
  std::string account_id;
  std::string failure_reason;
};
core::Result<std::string> NewCreateAccountRequestId();
core::Status InsertCreateAccountStatus(store::Transaction& txn, const Organization& o, const CreateAccountStatus& s);
// Errors: CreateAccountStatusNotFoundException.
core::Result<CreateAccountStatus> GetCreateAccountStatus(store::ReadView& view, const Organization& o,
                                                         std::string_view id);
core::Result<std::vector<CreateAccountStatus>> ListCreateAccountStatus(store::ReadView& view, const Organization& o);

// Policies ---------------------------------------------------------------------------------------

struct Policy {
  std::string id;
  std::string type;
  std::string name;
  std::string description;
  std::string content;
  bool aws_managed = false;
};
// Errors: DuplicatePolicyException (name taken for the type), ConstraintViolation
// POLICY_NUMBER_LIMIT_EXCEEDED. The content must have been validated by the caller.
core::Result<Policy> CreatePolicy(store::Transaction& txn, const Organization& o, Policy policy);
// Errors: PolicyNotFoundException.
core::Result<Policy> GetPolicy(store::ReadView& view, const Organization& o, std::string_view policy_id);
// Replaces the given fields. Errors: PolicyNotFoundException, InvalidInput IMMUTABLE_POLICY for AWS
// managed policies, DuplicatePolicyException.
core::Result<Policy> UpdatePolicy(store::Transaction& txn, const Organization& o, std::string_view policy_id,
                                  const std::optional<std::string>& name, const std::optional<std::string>& description,
                                  const std::optional<std::string>& content);
// Errors: PolicyNotFoundException, PolicyInUseException (attached), InvalidInput IMMUTABLE_POLICY.
core::Status DeletePolicy(store::Transaction& txn, const Organization& o, std::string_view policy_id);
core::Result<std::vector<Policy>> ListPolicies(store::ReadView& view, const Organization& o, std::string_view type);

enum class TargetKind { kRoot, kOrganizationalUnit, kAccount };
const char* TargetTypeName(TargetKind kind);  // ROOT | ORGANIZATIONAL_UNIT | ACCOUNT
struct Target {
  std::string id;
  TargetKind kind = TargetKind::kRoot;
  std::string name;
};
// Errors: TargetNotFoundException.
core::Result<Target> GetTarget(store::ReadView& view, const Organization& o, std::string_view target_id);

// Errors: PolicyNotFoundException, TargetNotFoundException, PolicyTypeNotEnabledException,
// DuplicatePolicyAttachmentException, ConstraintViolation MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED.
core::Status AttachPolicy(store::Transaction& txn, const Organization& o, std::string_view policy_id,
                          std::string_view target_id);
// Errors: PolicyNotFoundException, TargetNotFoundException, PolicyNotAttachedException,
// ConstraintViolation MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED (a target keeps at least one SCP
// while the type is enabled), InvalidInput NON_DETACHABLE_POLICY (RCPFullAWSAccess).
core::Status DetachPolicy(store::Transaction& txn, const Organization& o, std::string_view policy_id,
                          std::string_view target_id);
// Policies of a type attached directly to a target, by id.
core::Result<std::vector<Policy>> PoliciesForTarget(store::ReadView& view, const Organization& o,
                                                    std::string_view target_id, std::string_view type);
core::Result<std::vector<Target>> TargetsForPolicy(store::ReadView& view, const Organization& o,
                                                   std::string_view policy_id);

// Tags on the root, OUs, accounts and policies ------------------------------------------------------

struct Tag {
  std::string key;
  std::string value;
};
// The id names a resource of the organization. Errors: TargetNotFoundException, ConstraintViolation
// MAX_TAG_LIMIT_EXCEEDED.
core::Status TagResource(store::Transaction& txn, const Organization& o, std::string_view resource_id,
                         const std::vector<Tag>& tags);
core::Status UntagResource(store::Transaction& txn, const Organization& o, std::string_view resource_id,
                           const std::vector<std::string>& keys);
core::Result<std::vector<Tag>> TagsOf(store::ReadView& view, const Organization& o, std::string_view resource_id);
// Whether the id names a taggable resource: the root, an OU, an account or a policy.
core::Status CheckTaggable(store::ReadView& view, const Organization& o, std::string_view resource_id);

// Trusted access and delegated administrators ------------------------------------------------------

struct ServiceAccess {
  std::string service_principal;
  int64_t enabled = 0;
};
core::Status EnableServiceAccess(store::Transaction& txn, const Organization& o, std::string_view principal,
                                 int64_t now);
core::Status DisableServiceAccess(store::Transaction& txn, const Organization& o, std::string_view principal);
core::Result<std::vector<ServiceAccess>> ListServiceAccess(store::ReadView& view, const Organization& o);

struct DelegatedAdministrator {
  std::string account_id;
  std::string service_principal;
  int64_t enabled = 0;
};
// Errors: AccountNotFoundException, ConstraintViolation CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR
// / MAX_DELEGATED_ADMINISTRATORS_FOR_SERVICE_LIMIT_EXCEEDED, AccountAlreadyRegisteredException.
core::Status RegisterDelegatedAdministrator(store::Transaction& txn, const Organization& o,
                                            std::string_view account_id, std::string_view principal, int64_t now);
// Errors: AccountNotFoundException, AccountNotRegisteredException.
core::Status DeregisterDelegatedAdministrator(store::Transaction& txn, const Organization& o,
                                              std::string_view account_id, std::string_view principal);
// All registrations, or those of one service when `principal` is non-empty.
core::Result<std::vector<DelegatedAdministrator>> ListDelegatedAdministrators(store::ReadView& view,
                                                                             const Organization& o,
                                                                             std::string_view principal);
core::Result<std::vector<DelegatedAdministrator>> DelegatedServicesOf(store::ReadView& view, const Organization& o,
                                                                     std::string_view account_id);

}  // namespace bulwark::org
