// Member accounts: CreateAccount and its asynchronous status, describing, listing, moving and
// removing accounts.
#include <algorithm>

#include "org/account_provisioning.h"
#include "org/org_store.h"
#include "services/organizations/org_common.h"

namespace bulwark::services::org_ops {

namespace {

// "After you create an Amazon Web Services account, you must wait until at least four days after
// the account was created" before removing it (ConstraintViolationException, WAIT_PERIOD_ACTIVE).
constexpr int64_t kRemovalWaitSeconds = 4 * 24 * 3600;

core::Result<OperationOutcome> CreateAccount(const CallContext& ctx, store::Transaction& txn) {
  auto o = ManagedOrganization(ctx, txn);
  if (!o.ok()) return o.error();
  const std::string email = RequiredString(ctx, "Email");
  const std::string name = RequiredString(ctx, "AccountName");
  const std::string role_name = OptionalString(ctx, "RoleName").value_or(std::string(org::kDefaultAccessRoleName));
  auto tags = TagsParam(ctx);
  if (!tags.ok()) return tags.error();
  auto request_id = org::NewCreateAccountRequestId();
  if (!request_id.ok()) return request_id.error();
  org::CreateAccountStatus status;
  status.id = *request_id;
  status.account_name = name;
  status.requested = ctx.now;
  status.completed = ctx.now;
  // AWS completes the request asynchronously and reports why it failed in the status
  // (CreateAccountStatus.FailureReason); here the work is done now, in this call's transaction.
  auto accounts = org::ListAccounts(txn, *o);
  if (!accounts.ok()) return accounts.error();
  bool email_taken = false;
  for (const auto& a : *accounts) email_taken |= a.email == email;
  if (email_taken) {
    status.state = "FAILED";
    status.failure_reason = "EMAIL_ALREADY_EXISTS";
  } else if (static_cast<int>(accounts->size()) >= org::kMaxAccounts) {
    status.state = "FAILED";
    status.failure_reason = "ACCOUNT_LIMIT_EXCEEDED";
  } else {
    auto created = txn.Nested([&](store::Transaction& inner) -> core::Result<std::string> {
      auto provisioned = org::ProvisionAccount(inner, o->management_account_id, role_name, ctx.now);
      if (!provisioned.ok()) return provisioned.error();
      org::Account account;
      account.id = provisioned->account_id;
      account.name = name;
      account.email = email;
      account.joined_method = "CREATED";
      account.joined = ctx.now;
      if (auto s = org::InsertMemberAccount(inner, *o, account); !s.ok()) return s.error();
      if (!tags->empty()) {
        if (auto s = org::TagResource(inner, *o, account.id, *tags); !s.ok()) return s.error();
      }
      return account.id;
    });
    if (created.ok()) {
      status.state = "SUCCEEDED";
      status.account_id = *created;
    } else if (created.error().code == store::kErrorUnavailable) {
      return created.error();
    } else {
      status.state = "FAILED";
      status.failure_reason = "INTERNAL_FAILURE";
    }
  }
  if (auto s = org::InsertCreateAccountStatus(txn, *o, status); !s.ok()) return s.error();
  // The answer is the request as just accepted, as AWS's is: IN_PROGRESS, to be followed with
  // DescribeCreateAccountStatus.
  org::CreateAccountStatus accepted;
  accepted.id = status.id;
  accepted.account_name = status.account_name;
  accepted.state = "IN_PROGRESS";
  accepted.requested = status.requested;
  return Out(boost::json::object{{"CreateAccountStatus", CreateAccountStatusJson(accepted)}}, true);
}

// One page of accounts, as ListAccounts and ListAccountsForParent answer.
core::Result<OperationOutcome> AccountsPage(const CallContext& ctx, const org::Organization& o,
                                           const std::vector<org::Account>& accounts) {
  boost::json::array all;
  for (const auto& a : accounts) all.push_back(AccountJson(o, a));
  boost::json::object result;
  auto page = Page(ctx, std::move(all), &result);
  if (!page.ok()) return page.error();
  result["Accounts"] = std::move(*page);
  return Out(std::move(result), false);
}

}  // namespace

OperationList AccountOperations(const OrgDeps& deps) {
  OperationList ops;
  ops.push_back(Op(deps, "CreateAccount", false, AnyResource(), CreateAccount));
  ops.push_back(Op(deps, "DescribeCreateAccountStatus", true, AnyResource(),
                   [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
                     auto o = ManagedOrganization(ctx, txn);
                     if (!o.ok()) return o.error();
                     auto s = org::GetCreateAccountStatus(txn, *o, RequiredString(ctx, "CreateAccountRequestId"));
                     if (!s.ok()) return s.error();
                     return Out(boost::json::object{{"CreateAccountStatus", CreateAccountStatusJson(*s)}}, false);
                   }));
  ops.push_back(Op(deps, "ListCreateAccountStatus", true, AnyResource(),
                   [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
                     auto o = ManagedOrganization(ctx, txn);
                     if (!o.ok()) return o.error();
                     auto list = org::ListCreateAccountStatus(txn, *o);
                     if (!list.ok()) return list.error();
                     const std::vector<std::string> states = StringList(ctx, "States");
                     boost::json::array all;
                     for (const auto& s : *list) {
                       if (!states.empty() && std::find(states.begin(), states.end(), s.state) == states.end()) continue;
                       all.push_back(CreateAccountStatusJson(s));
                     }
                     boost::json::object result;
                     auto page = Page(ctx, std::move(all), &result);
                     if (!page.ok()) return page.error();
                     result["CreateAccountStatuses"] = std::move(*page);
                     return Out(std::move(result), false);
                   }));
  ops.push_back(Op(deps, "DescribeAccount", true, EntityResource(deps, "AccountId"),
                   [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
                     auto o = ManagedOrganization(ctx, txn);
                     if (!o.ok()) return o.error();
                     auto a = org::GetAccount(txn, *o, RequiredString(ctx, "AccountId"));
                     if (!a.ok()) return a.error();
                     return Out(boost::json::object{{"Account", AccountJson(*o, *a)}}, false);
                   }));
  ops.push_back(Op(deps, "ListAccounts", true, AnyResource(),
                   [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
                     auto o = ManagedOrganization(ctx, txn);
                     if (!o.ok()) return o.error();
                     auto list = org::ListAccounts(txn, *o);
                     if (!list.ok()) return list.error();
                     return AccountsPage(ctx, *o, *list);
                   }));
  ops.push_back(Op(deps, "ListAccountsForParent", true, EntityResource(deps, "ParentId"),
                   [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
                     auto o = ManagedOrganization(ctx, txn);
                     if (!o.ok()) return o.error();
                     auto list = org::AccountsOf(txn, *o, RequiredString(ctx, "ParentId"));
                     if (!list.ok()) return list.error();
                     return AccountsPage(ctx, *o, *list);
                   }));
  ops.push_back(Op(deps, "MoveAccount", false, EntityResource(deps, "AccountId"),
                   [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
                     auto o = ManagedOrganization(ctx, txn);
                     if (!o.ok()) return o.error();
                     auto s = org::MoveAccount(txn, *o, RequiredString(ctx, "AccountId"),
                                               RequiredString(ctx, "SourceParentId"),
                                               RequiredString(ctx, "DestinationParentId"));
                     if (!s.ok()) return s.error();
                     return OperationOutcome{};
                   }));
  ops.push_back(Op(deps, "RemoveAccountFromOrganization", false, EntityResource(deps, "AccountId"),
                   [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
                     auto o = ManagedOrganization(ctx, txn);
                     if (!o.ok()) return o.error();
                     const std::string id = RequiredString(ctx, "AccountId");
                     auto account = org::GetAccount(txn, *o, id);
                     if (!account.ok()) return account.error();
                     if (id != o->management_account_id) {
                       auto delegated = org::DelegatedServicesOf(txn, *o, id);
                       if (!delegated.ok()) return delegated.error();
                       if (!delegated->empty()) {
                         return org::ConstraintViolation("CANNOT_REMOVE_DELEGATED_ADMINISTRATOR_FROM_ORG",
                                                         "You can't remove an account that is a delegated administrator.");
                       }
                       if (account->joined_method == "CREATED" && ctx.now - account->joined < kRemovalWaitSeconds) {
                         return org::ConstraintViolation("WAIT_PERIOD_ACTIVE",
                                                         "After you create an AWS account, you must wait until at "
                                                         "least four days after the account was created.");
                       }
                     }
                     if (auto s = org::RemoveAccount(txn, *o, id); !s.ok()) return s.error();
                     return OperationOutcome{};
                   }));
  return ops;
}

}  // namespace bulwark::services::org_ops
