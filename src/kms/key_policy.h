// Key policies ("Key policies in AWS KMS"): the default policy a key gets when CreateKey names none
// ("Default key policy": the account root may do kms:*, which lets IAM policies grant access), the
// grammar check (a resource policy: every statement names principals), and the lockout safety check
// that PutKeyPolicy and CreateKey apply unless BypassPolicyLockoutSafetyCheck.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace bulwark::kms {

// Key policies are at most 32 KB ("Quotas": key policy document size).
inline constexpr std::size_t kMaxKeyPolicyBytes = 32768;

std::string DefaultKeyPolicy(std::string_view account_id);

// MalformedPolicyDocumentException for text that is not a resource policy, LimitExceededException
// for one over 32 KB.
core::Status CheckKeyPolicyGrammar(std::string_view policy);

// Whether the principal that sends the request (its ARN, and for a role session its role's ARN)
// could still call kms:PutKeyPolicy on `key_arn` under `policy`: the policy allows it directly, or
// through its role, or delegates to its account (whose IAM policies then decide, as they did for
// this request). An explicit Deny for it fails the check. Errors: MalformedPolicyDocumentException
// with AWS's message ("The new key policy will not allow you to update the key policy in the future.").
core::Status CheckPolicyLockout(std::string_view policy, std::string_view caller_arn, std::string_view issuer_arn,
                                std::string_view key_arn);

}  // namespace bulwark::kms
