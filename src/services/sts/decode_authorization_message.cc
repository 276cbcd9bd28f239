// sts:DecodeAuthorizationMessage: reads an encoded authorization failure message (see
// server/policy_authorizer.h) for a caller allowed the action.
#include "iam/authorization_message.h"
#include "services/iam/iam_common.h"
#include "services/input.h"
#include "services/sts/sts_credentials.h"

namespace bulwark::services::sts_ops {

Operation DecodeAuthorizationMessage(const StsDeps& deps) {
  Operation op;
  op.name = "DecodeAuthorizationMessage";
  op.action = "sts:DecodeAuthorizationMessage";
  op.read_only = true;
  op.request_parameters = [](const CallContext&) -> boost::json::value {
    return boost::json::object{{"encodedMessage", "HIDDEN_DUE_TO_SECURITY_REASONS"}};  // It holds policy details.
  };
  op.execute = [deps](const CallContext& ctx, store::Transaction&) -> core::Result<OperationOutcome> {
    auto decoded = iam::DecodeAuthorizationMessage(iam::AuthorizationMessageKey(deps.master_key),
                                                   RequiredString(ctx, "EncodedMessage"));
    if (!decoded.ok()) return decoded.error();
    OperationOutcome out;
    out.result = boost::json::object{{"DecodedMessage", *decoded}};
    return out;
  };
  return op;
}

}  // namespace bulwark::services::sts_ops
