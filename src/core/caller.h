// The authenticated caller of an API request, as every layer above authentication sees it: who
// (ARN, ids, account), how (access key, temporary session, MFA) and with which attributes (tags).
// Thread-safety: value type.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace bulwark::core {

enum class CallerKind {
  kRoot,         // The account root user (long-term key).
  kIamUser,      // An IAM user (long-term key).
  kAssumedRole,  // A role session (temporary ASIA credentials from AssumeRole).
  kFederatedUser,  // GetFederationToken sessions.
  kUserSession,  // GetSessionToken credentials of a user or root.
};

struct Caller {
  CallerKind kind = CallerKind::kRoot;
  std::string account_id;
  std::string arn;           // arn:aws:iam::123456789012:user/alice, ...:assumed-role/r/s
  std::string principal_id;  // aws:userid: AIDA..., AROA...:session, account id for root
  std::string user_name;     // users and root ("root" is not used: empty for root)
  std::string access_key_id;
  // For sessions: the identity that issued them (the role, or the user for GetSessionToken).
  std::string issuer_arn;
  std::string issuer_principal_id;
  std::string issuer_name;
  int64_t session_issued_at = 0;  // Epoch seconds (aws:TokenIssueTime).
  int64_t session_expires_at = 0;
  bool mfa_present = false;
  int64_t mfa_authenticated_at = 0;  // Epoch seconds of the MFA check (aws:MultiFactorAuthAge).
  std::string source_identity;
  std::map<std::string, std::string> tags;  // aws:PrincipalTag/*, session tags override.
  // Session policies passed to AssumeRole / GetFederationToken: they cap what the session may do.
  std::string session_policy;                   // Inline JSON; empty: none.
  std::vector<std::string> session_policy_arns;  // Managed policies (PolicyArns).
  std::vector<std::string> transitive_tag_keys;  // Session tags that carry over in role chaining.
};

// "Root", "IAMUser", "AssumedRole", "FederatedUser" as CloudTrail's userIdentity.type says.
const char* CloudTrailIdentityType(CallerKind kind);

}  // namespace bulwark::core
