#include "services/sts/sts_service.h"

namespace bulwark::services {

namespace {

// "No permissions are required to perform this operation" (STS API reference): an explicit deny
// does not stop it, so the pipeline skips authorization.
Operation GetCallerIdentity() {
  Operation op;
  op.name = "GetCallerIdentity";
  op.action = "sts:GetCallerIdentity";
  op.read_only = true;
  op.skip_authorization = true;
  op.uses_store = false;
  op.execute = [](const CallContext& ctx, store::Transaction&) -> core::Result<OperationOutcome> {
    OperationOutcome out;
    out.result = boost::json::object{
        {"UserId", ctx.caller->principal_id}, {"Account", ctx.caller->account_id}, {"Arn", ctx.caller->arn}};
    return out;
  };
  return op;
}

}  // namespace

StsService::StsService(sts_ops::StsDeps deps)
    : TableService("sts", "sts.amazonaws.com",
                   protocol::ServiceProtocol{protocol::Protocol::kQuery, "https://sts.amazonaws.com/doc/2011-06-15/", ""},
                   "2011-06-15") {
  Add(GetCallerIdentity());
  Add(sts_ops::AssumeRole(deps));
  Add(sts_ops::GetSessionToken(deps));
  Add(sts_ops::DecodeAuthorizationMessage(deps));
}

}  // namespace bulwark::services
