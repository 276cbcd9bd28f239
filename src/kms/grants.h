// KMS grants ("Grants in AWS KMS"): an allow-only permission a key's user hands to a grantee for a
// set of operations, optionally only for some encryption contexts. A grant never denies; it allows
// in addition to the key policy and IAM policies. Effective as soon as it is created (this server is
// consistent, so its grant token is accepted at once and names the grant).
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kms/ciphertext.h"

namespace bulwark::kms {

struct Grant {
  std::string grant_id;
  std::string key_id;
  std::string account_id;  // The key's account.
  std::string name;
  std::string grantee_principal;
  std::string retiring_principal;
  std::vector<std::string> operations;  // GrantOperation values: "Decrypt", "ReEncryptFrom", ...
  std::optional<EncryptionContext> context_equals;
  std::optional<EncryptionContext> context_subset;
  std::string issuing_account;  // arn:aws:iam::<account>:root of the creator.
  int64_t creation_date = 0;
};

// Whether `grant` allows `operation` for a caller (its ARN, and for a role session the role's ARN)
// with `context`: the grantee is the caller or its role, the operation is listed, and the
// constraints hold (EncryptionContextEquals: exactly; EncryptionContextSubset: each pair present).
bool GrantAllows(const Grant& grant, std::string_view caller_arn, std::string_view role_arn,
                 std::string_view operation, const EncryptionContext& context);

// The grant operation an API call exercises: the operation's name, except ReEncrypt, which needs
// ReEncryptFrom on the source key and ReEncryptTo on the destination ("kms:ReEncrypt*").
std::string GrantOperationOf(std::string_view action);

}  // namespace bulwark::kms
