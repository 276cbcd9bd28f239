// `bulwark policy validate FILE|DIR... [--policy-type T] [--fail-on S] [--format text|json|sarif]`:
// checks policy files offline the way IAM Access Analyzer's ValidatePolicy does (policy/validator.h).
//
// A directory is searched recursively for *.json files, validated in sorted order. --policy-type
// defaults to auto: each document's kind is inferred (policy_kind_inference.h: identity, resource or
// trust policy); SCPs and RCPs must be named, and a named type applies to every file.
//
// Output, per file: text lines "file:line:col: SEVERITY CODE: message (checked as TYPE)" (columns
// are 1-based bytes), or with --format json one JSON object per line,
//   {"file": ..., "policyType": TYPE, "findings": [{"findingType", "issueCode", "findingDetails",
//                               "locations": [{"path": [{"value": ..} | {"index": ..}],
//                                              "span": {"start": {"line", "column", "offset"}}}]}]}
// shaped like Access Analyzer's findings (line and column 1-based, offset 0-based bytes), and
// {"file", "error"} for an input that cannot be read; or with --format sarif one SARIF 2.1.0 log
// (sarif_writer.h).
//
// Exit status: 0 when no finding is at or above --fail-on (default ERROR: what a CI gate wants,
// warnings are printed but do not fail the build); 1 when some finding is; 2 when a file cannot be
// read (missing, unreadable, a directory that cannot be listed or holds no *.json file), which wins
// over 1. A file that is not valid JSON or not a valid policy is a set of ERROR findings (status 1),
// not an unreadable input.
// Thread-safety: the command runs on the calling thread; nothing is shared.
#pragma once

#include <CLI/CLI.hpp>
#include <iosfwd>
#include <string>
#include <vector>

namespace bulwark::cli {

struct PolicyValidateArgs {
  std::vector<std::string> files;    // Files or directories; "-" reads standard input.
  std::string policy_type = "auto";  // Or a kind: IDENTITY_POLICY, TRUST_POLICY ... (case-insensitive).
  std::string fail_on = "ERROR";
  std::string format = "text";
  // ValidatePolicy's validatePolicyResourceType ("AWS::S3::Bucket", "AWS::KMS::Key", ...): the
  // files are resource policies of that type ("AWS::IAM::AssumeRolePolicyDocument": trust policies).
  std::string resource_type;
};

// Exit statuses of the command.
inline constexpr int kValidateClean = 0;
inline constexpr int kValidateFindings = 1;
inline constexpr int kValidateUnreadable = 2;

// Runs the command: findings to `out`, problems reading files to `err`; returns the exit status.
// Arguments are assumed checked by the CLI11 layer; an unknown policy type or severity name is
// or format name is reported on `err` and returns kValidateUnreadable (a usage error).
int RunPolicyValidate(const PolicyValidateArgs& args, std::ostream& out, std::ostream& err);

// Registers `validate` under the `policy` subcommand; its callback stores the exit status in
// `*exit_code` and writes to standard output and standard error.
void AddPolicyValidateCommand(CLI::App& policy, int* exit_code);

}  // namespace bulwark::cli
