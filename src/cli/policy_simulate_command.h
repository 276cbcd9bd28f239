// `bulwark policy simulate`: evaluates requests against policies offline with AWS's evaluation
// logic (policy/evaluator.h) and explains each decision.
//
// One request from flags:
//   bulwark policy simulate --principal ARN --action A [--resource ARN] [--resource-account ID]
//       [--context key=value ...] --identity-policy FILE... [--resource-policy FILE]
//       [--boundary FILE...] [--scp-level FILE,FILE ...] [--rcp-level FILE,FILE ...]
//       [--session-policy FILE] [--format json|text]
// prints one indented JSON result with the verdict of each layer (simulation_case.h), or with
// --format text the decision, one line per deciding statement ("Allow by identity policy FILE:line:col
// Statement[i] (Sid)"), the missing context keys and each layer's verdict. A repeated
// --context key makes a multivalued key; each --scp-level / --rcp-level is one organization level,
// root first.
//
// Or `--batch`: JSON lines on standard input, one case per line,
//   {"id", "request": {"principal", "action", "resource", "resourceAccount"?,
//                      "context": {key: string | [strings]}},
//    "identityPolicies": [policy...], "resourcePolicy": policy|null,
//    "permissionBoundaries": [policy...]|null, "scps": [[policy...] per level, root first]|null,
//    "rcps": [[policy...] per level]|null, "sessionPolicy": policy|null}
// and one line out per case, {"id", "decision", "matchedStatements", "missingContextKeys"}; a
// malformed case (bad JSON, a line over 1 MiB, a bad policy, a missing field) prints
// {"id": id-or-null, "error": {"code", "message"}} and the batch goes on. With --format text each
// case prints "case ID: decision: ..." (and its deciding statements) or "case ID: error CODE: message".
//
// The resource account, when not given, is the account in the resource's ARN (the principal's for
// ARNs without one, such as S3's). For a role trust request (sts:AssumeRole*, sts:TagSession,
// sts:SetSourceIdentity on a role ARN) the resource policy is the role's trust policy: it is read
// with the trust-policy grammar (no Resource element) and must allow.
// The request context is exactly what the case gives: no key is added.
// Exit status: 0 when every case was evaluated; 1 when a case or policy was malformed; 2 when an
// input file cannot be read or the flags are wrong.
// Thread-safety: runs on the calling thread; nothing is shared.
#pragma once

#include <CLI/CLI.hpp>
#include <iosfwd>
#include <string>
#include <vector>

namespace bulwark::cli {

struct PolicySimulateArgs {
  bool batch = false;
  std::string principal;
  std::string action;
  std::string resource = "*";
  std::string resource_account;
  std::vector<std::string> context;  // key=value
  std::vector<std::string> identity_policies;
  std::string resource_policy;
  std::vector<std::string> boundaries;
  std::vector<std::string> scp_levels;  // Each: comma-separated files.
  std::vector<std::string> rcp_levels;
  std::string session_policy;
  std::string format = "json";  // "json" or "text".
};

inline constexpr int kSimulateEvaluated = 0;
inline constexpr int kSimulateMalformed = 1;
inline constexpr int kSimulateUnreadable = 2;

// Runs the command: results to `out`, problems with files and flags to `err`; batch cases from `in`.
int RunPolicySimulate(const PolicySimulateArgs& args, std::istream& in, std::ostream& out, std::ostream& err);

// The batch mode alone (see above), JSON lines or, with `text`, text. Returns kSimulateEvaluated or
// kSimulateMalformed.
int RunSimulateBatch(std::istream& in, std::ostream& out);
int RunSimulateBatch(std::istream& in, std::ostream& out, bool text);

// Registers `simulate` under the `policy` subcommand; its callback stores the exit status in
// `*exit_code` and uses standard input, output and error.
void AddPolicySimulateCommand(CLI::App& policy, int* exit_code);

}  // namespace bulwark::cli
