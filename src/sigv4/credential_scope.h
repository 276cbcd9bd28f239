// The credential of a SigV4 signature, "AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request": the
// access key id and the scope (date, region, service, terminator) the signing key is derived for.
// Thread-safety: value types; pure functions.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace bulwark::sigv4 {

inline constexpr std::string_view kScopeTerminator = "aws4_request";

struct CredentialScope {
  std::string date;     // YYYYMMDD
  std::string region;   // "us-east-1"
  std::string service;  // Signing name: "iam", "sts", "s3", ...

  // "20150830/us-east-1/iam/aws4_request"
  std::string ToString() const;
};

struct Credential {
  std::string access_key_id;
  CredentialScope scope;
  std::string terminator;  // Should be kScopeTerminator; the verifier checks.
};

// Splits the five '/'-separated elements. IncompleteSignature unless there are exactly five and the
// access key id is not empty. The scope's contents are checked by the verifier, which knows what to
// expect.
core::Result<Credential> ParseCredential(std::string_view text);

}  // namespace bulwark::sigv4
