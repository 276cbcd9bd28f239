#include "policy/finding.h"

#include <strings.h>

#include <string>

namespace bulwark::policy {

const char* SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kError: return "ERROR";
    case Severity::kSecurityWarning: return "SECURITY_WARNING";
    case Severity::kWarning: return "WARNING";
    case Severity::kSuggestion: return "SUGGESTION";
  }
  return "ERROR";
}

bool ParseSeverity(std::string_view name, Severity* out) {
  std::string normalized(name);
  for (char& c : normalized) c = c == '-' ? '_' : c;
  for (Severity s : {Severity::kError, Severity::kSecurityWarning, Severity::kWarning,
                     Severity::kSuggestion}) {
    if (strcasecmp(normalized.c_str(), SeverityName(s)) == 0) {
      *out = s;
      return true;
    }
  }
  return false;
}

}  // namespace bulwark::policy
