// Findings: what the parser and the validator say about a policy, shaped like IAM Access Analyzer's
// ValidatePolicy results (findingType, issueCode, message, location).
// Thread-safety: value types.
#pragma once

#include <string>
#include <vector>

#include "core/json_tree.h"

namespace bulwark::policy {

// Ordered by gravity: kError is the worst. Names follow Access Analyzer's findingType values.
enum class Severity { kSuggestion = 0, kWarning = 1, kSecurityWarning = 2, kError = 3 };

const char* SeverityName(Severity severity);  // "ERROR", "SECURITY_WARNING", "WARNING", "SUGGESTION"
// Parses the names above (case-insensitive, '-' or '_'); returns false on an unknown name.
bool ParseSeverity(std::string_view name, Severity* out);

struct Finding {
  Severity severity = Severity::kError;
  std::string code;     // Stable issue code, e.g. "MISSING_EFFECT", "UNKNOWN_ACTION".
  std::string message;  // One sentence, no trailing period needed.
  core::SourceLocation location;
  std::string path;     // JSON path of the element, e.g. "Statement[1].Action[0]".
};

using Findings = std::vector<Finding>;

}  // namespace bulwark::policy
