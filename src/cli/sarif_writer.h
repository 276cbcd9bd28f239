// SARIF 2.1.0 output for `bulwark policy validate --format sarif`, so findings show up in
// code-scanning tools (GitHub code scanning, GitLab, IDE SARIF viewers) the way CI users expect.
//
// One run whose tool.driver is "bulwark" with one rule per finding code present (sorted by id); one
// result per finding: ruleId = the finding's issue code, level error (ERROR), warning
// (SECURITY_WARNING, WARNING) or note (SUGGESTION), the message, one location (the file as a relative
// or file:// URI, startLine and startColumn, 1-based; columns count bytes, which equals SARIF's
// default for ASCII policies) with the JSON path as a logical location, and properties.policyType /
// properties.severity. Inputs that could not be read are error notifications of the run's one
// invocation, whose executionSuccessful is then false.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "policy/finding.h"

namespace bulwark::cli {

// What `policy validate` found in one input.
struct ValidatedFile {
  std::string file;         // As named on the command line or found in a directory.
  std::string policy_type;  // The --policy-type name it was checked as; empty when not read.
  policy::Findings findings;
  std::string read_error;  // Non-empty when the input could not be read.
};

// "error" | "warning" | "note".
const char* SarifLevel(policy::Severity severity);

// The artifact URI of a path: percent-encoded, relative paths stay relative, absolute ones are file://.
std::string SarifArtifactUri(const std::string& path);

// The whole SARIF log, indented JSON ending with a newline.
std::string SarifLog(const std::vector<ValidatedFile>& files);

}  // namespace bulwark::cli
