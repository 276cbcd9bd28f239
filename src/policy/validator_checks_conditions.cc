// Condition element checks: condition keys against the catalog (global and service keys, keys the
// statement's actions never supply), operators against key types, values against operators, set
// qualifiers, and policy variables.
#include <string>

#include "policy/condition_operator.h"
#include "policy/condition_value.h"
#include "policy/validator_checks.h"

namespace bulwark::policy::validation {

namespace {

std::string DidYouMean(const std::string& suggestion) {
  return suggestion.empty() ? std::string() : " Did you mean " + suggestion + "?";
}

std::string Prefix(std::string_view key) {
  return std::string(key.substr(0, key.find(':')));
}

// Condition keys of an OpenID Connect provider are named after the provider's URL
// ("oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE:sub", "example.auth0.com:aud") and its token's
// claims (aud, sub, amr, azp, email ...), so no list holds them all ("IAM and AWS STS condition
// context keys": "Available keys for AWS OIDC federation"); the catalog lists a few providers' keys
// but not even their aud and sub. A key not in the catalog whose prefix looks like a host name is
// therefore accepted as such a key.
bool LooksLikeIdentityProviderKey(std::string_view prefix) {
  return prefix.find('.') != std::string_view::npos;
}

// Looks a key up and reports unknown ones. Returns the catalog entry, or nullptr (reported, or an
// identity provider key that cannot be checked).
const ConditionKeyInfo* LookUpKey(const Context& context, std::string_view key, const SourceLocation& at,
                                  const std::string& path) {
  const auto colon = key.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == key.size()) {
    context.report.Add(
        Severity::kError, "INVALID_CONDITION_KEY_FORMAT",
        "The condition key " + Quote(key) + " is not valid: condition keys are written prefix:name", at,
        path);
    return nullptr;
  }
  const std::string prefix = Prefix(key);
  const ConditionKeyInfo* info = context.catalog.FindConditionKey(key);
  if (info != nullptr) {
    // A variable part must not be empty: "aws:PrincipalTag/" names no tag.
    if (info->has_variable && key.back() == '/') {
      context.report.Add(
          Severity::kError, "MISSING_TAG_KEY_IN_CONDITION",
          "The condition key " + Quote(key) + " must name a tag key after '/' (" + info->name + ")", at,
          path);
      return nullptr;
    }
    return info;
  }
  if (LooksLikeIdentityProviderKey(prefix)) return nullptr;
  if (IsDeprecatedGlobalConditionKey(key)) return nullptr;  // DEPRECATED_GLOBAL_CONDITION_KEY says it.
  if (EqualsIgnoreCase(prefix, "aws")) {
    context.report.Add(Severity::kError, "INVALID_GLOBAL_CONDITION_KEY",
                       "The condition key " + std::string(key) +
                           " does not exist. Use a valid global condition key." +
                           DidYouMean(context.catalog.SuggestGlobalConditionKey(key)),
                       at, path);
    return nullptr;
  }
  if (context.catalog.IsConditionKeyPrefix(prefix)) {
    context.report.Add(Severity::kError, "INVALID_SERVICE_CONDITION_KEY",
                       "The condition key " + std::string(key) + " does not exist in the service " + prefix +
                           "." + DidYouMean(context.catalog.SuggestServiceConditionKey(key)),
                       at, path);
    return nullptr;
  }
  context.report.Add(Severity::kError, "INVALID_SERVICE_CONDITION_KEY",
                     "The condition key " + std::string(key) +
                         " does not exist: no service uses the prefix " + prefix + "." +
                         DidYouMean(context.catalog.SuggestService(prefix)),
                     at, path);
  return nullptr;
}

// Which operator families a key type accepts ("IAM JSON policy elements: Condition operators"):
// string keys string operators, ARN keys ARN or string operators, and so on. Null works with any
// key. aws:EpochTime is listed as Date but is epoch seconds, so numeric operators suit it as well
// ("AWS global condition context keys": aws:EpochTime, "Data type: Date, Numeric").
bool OperatorFits(const ConditionKeyInfo& key, OperatorFamily family) {
  if (family == OperatorFamily::kNull) return true;
  switch (key.type) {
    case ConditionValueType::kString: return family == OperatorFamily::kString;
    case ConditionValueType::kArn: return family == OperatorFamily::kArn || family == OperatorFamily::kString;
    case ConditionValueType::kBool: return family == OperatorFamily::kBool;
    case ConditionValueType::kDate:
      return family == OperatorFamily::kDate ||
             (family == OperatorFamily::kNumeric && EqualsIgnoreCase(key.name, "aws:EpochTime"));
    case ConditionValueType::kNumeric: return family == OperatorFamily::kNumeric;
    case ConditionValueType::kIpAddress: return family == OperatorFamily::kIpAddress;
    case ConditionValueType::kBinary: return family == OperatorFamily::kBinary;
    case ConditionValueType::kUnknown: return true;
  }
  return true;
}

const char* FamilyAdvice(ConditionValueType type) {
  switch (type) {
    case ConditionValueType::kString: return "a String operator";
    case ConditionValueType::kArn: return "an ARN or String operator";
    case ConditionValueType::kBool: return "the Bool operator";
    case ConditionValueType::kDate: return "a Date operator";
    case ConditionValueType::kNumeric: return "a Numeric operator";
    case ConditionValueType::kIpAddress: return "IpAddress or NotIpAddress";
    case ConditionValueType::kBinary: return "BinaryEquals";
    case ConditionValueType::kUnknown: return "a matching operator";
  }
  return "a matching operator";
}

bool IsStringEqualsFamily(ConditionTest test) {
  return test == ConditionTest::kStringEquals || test == ConditionTest::kStringNotEquals ||
         test == ConditionTest::kStringEqualsIgnoreCase || test == ConditionTest::kStringNotEqualsIgnoreCase;
}

// Text with the policy variables removed, to look for wildcards outside them.
std::string WithoutVariables(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '{') {
      const auto close = text.find('}', i);
      if (close != std::string_view::npos) {
        i = close;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

void CheckValues(const Context& context, const Condition& c, const std::string& key_path) {
  const OperatorFamily family = FamilyOf(c.op.test);
  bool saw_true = false;
  bool saw_false = false;
  for (std::size_t i = 0; i < c.values.size(); ++i) {
    const LocatedString& v = c.values[i];
    const std::string path = key_path + "[" + std::to_string(i) + "]";
    CheckVariables(context, v, path);
    if (context.InterpretsVariables() && ContainsVariable(v.value)) continue;  // Known only at request time.
    switch (family) {
      case OperatorFamily::kNumeric:
        if (!ParseNumber(v.value)) {
          context.report.Add(Severity::kWarning, "TYPE_MISMATCH_NUMBER",
                             "The numeric condition operator " + c.op.name + " is used with " +
                                 Quote(v.value) + ", which is not a number",
                             v.location, path);
        }
        break;
      case OperatorFamily::kDate:
        if (!ParseDate(v.value)) {
          context.report.Add(
              Severity::kWarning, "TYPE_MISMATCH_DATE",
              "The date condition operator " + c.op.name + " is used with " + Quote(v.value) +
                  ", which is not a date. Use an ISO 8601 date (2026-01-31 or 2026-01-31T12:00:00Z) "
                  "or epoch seconds",
              v.location, path);
        }
        break;
      case OperatorFamily::kBool:
      case OperatorFamily::kNull:
        // Policies write lower-case "true"/"false"; IAM compares case-insensitively.
        if (const auto b = ParseBool(v.value)) {
          (*b ? saw_true : saw_false) = true;
        } else {
          context.report.Add(
              Severity::kWarning, "TYPE_MISMATCH_BOOLEAN",
              "The condition operator " + c.op.name + " needs true or false, not " + Quote(v.value),
              v.location, path);
        }
        break;
      case OperatorFamily::kIpAddress:
        if (!ParseIpBlock(v.value)) {
          // "General Warning – Type mismatch IP range".
          context.report.Add(Severity::kWarning, "TYPE_MISMATCH_IP_RANGE",
                             "The condition operator " + c.op.name + " is used with " + Quote(v.value) +
                                 ", which is not an IP address or CIDR range (203.0.113.0/24, 2001:db8::/32)",
                             v.location, path);
        }
        break;
      case OperatorFamily::kString:
        if (IsStringEqualsFamily(c.op.test) &&
            WithoutVariables(v.value).find_first_of("*?") != std::string::npos) {
          context.report.Add(Severity::kWarning, "WILDCARD_WITHOUT_LIKE_OPERATOR",
                             "The value " + Quote(v.value) + " contains a wildcard (* or ?) but " +
                                 c.op.name +
                                 " compares literally; use StringLike or StringNotLike to match a pattern",
                             v.location, path);
        }
        break;
      case OperatorFamily::kBinary:
        // "General Warning – Type mismatch string": BinaryEquals compares base64 text.
        if (!DecodeBase64(v.value)) {
          context.report.Add(Severity::kWarning, "TYPE_MISMATCH_STRING",
                             "Add a valid base64-encoded string value for the condition operator " + c.op.name +
                                 " instead of " + Quote(v.value),
                             v.location, path);
        }
        break;
      default: break;
    }
  }
  if ((family == OperatorFamily::kBool || family == OperatorFamily::kNull) && saw_true && saw_false) {
    context.report.Add(Severity::kError, "INVALID_CONDITION_MULTIPLE_BOOLEAN",
                       "The condition key " + c.key +
                           " is tested with both true and false, so the condition "
                           "matches whatever the value; use a single Boolean value",
                       c.key_location, key_path);
  }
}

}  // namespace

void CheckVariables(const Context& context, const LocatedString& value, const std::string& path) {
  const std::string& text = value.value;
  std::size_t pos = 0;
  while ((pos = text.find("${", pos)) != std::string::npos) {
    if (!context.InterpretsVariables()) {
      context.report.Add(
          Severity::kError, "VARIABLE_UNSUPPORTED_IN_VERSION",
          "Policy variables need Version \"2012-10-17\"; with " +
              std::string(context.document.version_present ? "Version 2008-10-17" : "no Version") + " " +
              Quote(text) + " is literal text",
          value.location, path);
      return;
    }
    const auto close = text.find('}', pos);
    if (close == std::string::npos) {
      context.report.Add(Severity::kError, "MISSING_BRACE_IN_VARIABLE",
                         "The policy variable in " + Quote(text) + " has no closing brace '}'",
                         value.location, path);
      return;
    }
    std::string_view body = std::string_view(text).substr(pos + 2, close - pos - 2);
    pos = close + 1;
    if (body == "*" || body == "?" || body == "$") continue;  // Escapes for literal characters.
    // A default value may follow: ${aws:username, 'nobody'}.
    const auto comma = body.find(',');
    std::string_view key = body.substr(0, comma);
    if (key.empty()) {
      context.report.Add(Severity::kError, "EMPTY_VARIABLE",
                         "The policy variable ${} in " + Quote(text) + " is empty", value.location, path);
      continue;
    }
    if (key.find_first_of(" \t") != std::string_view::npos) {
      context.report.Add(Severity::kError, "UNSUPPORTED_SPACE_IN_VARIABLE",
                         "The policy variable " + Quote(std::string("${") + std::string(body) + "}") +
                             " contains a space in its key",
                         value.location, path);
      continue;
    }
    // "Error – Missing quote in variable": a default value is written in single quotes.
    if (comma != std::string_view::npos) {
      std::string_view fallback = body.substr(comma + 1);
      while (!fallback.empty() && fallback.front() == ' ') fallback.remove_prefix(1);
      if (fallback.size() < 2 || fallback.front() != '\'' || fallback.back() != '\'') {
        context.report.Add(Severity::kError, "MISSING_QUOTE_IN_VARIABLE",
                           "The policy variable default value must begin and end with a single quote: " +
                               Quote(std::string("${") + std::string(body) + "}"),
                           value.location, path);
        continue;
      }
    }
    (void)LookUpKey(context, key, value.location, path);
  }
}

void CheckConditions(const Context& context, const StatementView& view) {
  const Statement& st = view.statement;
  for (std::size_t n = 0; n < st.conditions.size(); ++n) {
    const Condition& c = st.conditions[n];
    const std::string key_path = view.path + ".Condition." + c.op.name + "." + c.key;

    // "Error – Duplicate keys with different case": keys are case-insensitive, JSON keys are not.
    for (std::size_t m = 0; m < n; ++m) {
      const Condition& other = st.conditions[m];
      if (other.op.name == c.op.name && other.key != c.key && EqualsIgnoreCase(other.key, c.key)) {
        context.report.Add(Severity::kError, "DUPLICATE_KEYS_WITH_DIFFERENT_CASE",
                           "The condition keys " + Quote(other.key) + " and " + Quote(c.key) + " under " +
                               c.op.name +
                               " differ only in case; condition keys are case-insensitive, so merge them",
                           c.key_location, key_path);
        break;
      }
    }

    const ConditionKeyInfo* key = LookUpKey(context, c.key, c.key_location, key_path);
    CheckValues(context, c, key_path);
    if (key == nullptr) continue;

    const OperatorFamily family = FamilyOf(c.op.test);
    if (!OperatorFits(*key, family)) {
      context.report.Add(Severity::kWarning, "TYPE_MISMATCH",
                         "The condition operator " + c.op.name + " does not match the type " +
                             key->TypeName() + " of the condition key " + c.key + "; use " +
                             FamilyAdvice(key->type),
                         c.operator_location, key_path);
    }
    // ForAllValues is true when the key is missing or has no values, so with a single-valued key
    // in an Allow statement it allows more than it seems to ("Security Warning – ForAllValues with
    // single valued key").
    if (c.op.qualifier == SetQualifier::kForAllValues && !key->multivalued &&
        key->type != ConditionValueType::kUnknown && st.effect == Effect::kAllow) {
      context.report.Add(Severity::kSecurityWarning, "FORALLVALUES_WITH_SINGLE_VALUED_KEY",
                         "Using the ForAllValues qualifier with the single-valued condition key " + c.key +
                             " can be overly permissive: it also matches requests without the key. Remove "
                             "ForAllValues:",
                         c.operator_location, key_path);
    }
    // A service key that none of the statement's actions (nor their resource types) supplies is
    // absent from every request the statement matches: the condition can never be true (positive
    // operators) or is always true (negated ones). Keys only listed at service level are not checked.
    if (!key->global && key->listed_by_actions && view.HasCheckableActions() && !view.any_invalid) {
      bool supported = false;
      for (const ActionInfo* a : view.known_actions) {
        if (a->SupportsConditionKey(key)) {
          supported = true;
          break;
        }
      }
      if (!supported) {
        std::string actions =
            view.known_actions.size() == 1
                ? view.known_actions.front()->FullName()
                : "the " + std::to_string(view.known_actions.size()) + " actions of the statement";
        context.report.Add(Severity::kWarning, "CONDITION_KEY_NOT_SUPPORTED_BY_ACTIONS",
                           "The condition key " + c.key + " is not supported by " + actions +
                               ": requests they authorize never carry it",
                           c.key_location, key_path);
      }
    }
  }
}

}  // namespace bulwark::policy::validation
