#include "policy/parser.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <string>

#include "policy/condition_operator.h"

// The grammar is AWS's ("Grammar of the IAM JSON policy language" in the IAM User Guide). Error
// messages reuse IAM's MalformedPolicyDocument wording where it is known so clients see familiar text.
namespace bulwark::policy {

namespace {

using core::JsonValue;

bool IsWhitespace(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// IAM counts policy size in characters, ignoring white space (IAM quotas: "IAM doesn't count white
// space when calculating the size of a policy against these limits").
std::size_t CountPolicyChars(std::string_view text) {
  std::size_t n = 0;
  for (unsigned char c : text) {
    if (!IsWhitespace(c) && (c & 0xC0) != 0x80) ++n;  // Count UTF-8 code points, not bytes.
  }
  return n;
}

bool AllowsPrincipal(PolicyKind kind) {
  return kind == PolicyKind::kResource || kind == PolicyKind::kTrust ||
         kind == PolicyKind::kResourceControl;
}

// Identity-side policies accept only alphanumeric Sids; resource policies (S3, SNS, SQS, KMS)
// accept any string.
bool RequiresAlphanumericSid(PolicyKind kind) { return !AllowsPrincipal(kind); }

bool IsAccountId(std::string_view s) {
  if (s.size() != 12) return false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// Unique ids (AIDA..., AROA...) appear in stored policies whose principal was deleted.
bool IsUniqueId(std::string_view s) {
  if (s.size() < 16 || s.size() > 128) return false;
  for (char c : s) {
    if (!std::isupper(static_cast<unsigned char>(c)) && !std::isdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return s.substr(0, 4) == "AIDA" || s.substr(0, 4) == "AROA" || s.substr(0, 4) == "AGPA";
}

bool IsArnShaped(std::string_view s) {
  if (s.substr(0, 4) != "arn:") return false;
  std::size_t colons = 0;
  for (char c : s) colons += c == ':';
  return colons >= 5;
}

// A Resource value: an ARN, or "arn:" with fewer components whose last one ends in '*', which
// expands beyond the colons ("IAM JSON policy elements: Resource", "Using wildcards in resource
// ARNs": "arn:aws:sqs:us-east-1:111122223333*" names every queue of the account in the region).
bool IsResourceArnShaped(std::string_view s) {
  return IsArnShaped(s) || (s.size() > 4 && s.substr(0, 4) == "arn:" && s.back() == '*');
}

// "service:Action" with wildcards in either part is fine, as is "*".
bool IsActionShaped(std::string_view s) {
  if (s == "*") return true;
  const auto colon = s.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == s.size()) return false;
  for (std::size_t i = 0; i < colon; ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (!std::isalnum(c) && c != '-' && c != '_' && c != '*' && c != '?' && c != '.') return false;
  }
  return s.find(':', colon + 1) == std::string_view::npos;
}

class Parser {
 public:
  Parser(const ParseOptions& options, Findings& findings) : options_(options), findings_(findings) {}

  std::optional<PolicyDocument> Parse(const JsonValue& root) {
    PolicyDocument doc;
    if (!root.IsObject()) {
      Fail(root.location(), "", "POLICY_NOT_OBJECT", "Syntax errors in policy: the document must be a JSON object");
      return std::nullopt;
    }
    CheckDuplicateKeys(root, "");
    const JsonValue* statement = nullptr;
    const auto& members = root.members();
    for (std::size_t i = 0; i < members.size(); ++i) {
      const auto& [key, value] = members[i];
      if (key == "Version") {
        ParseVersion(value, doc);
      } else if (key == "Id") {
        if (value.IsString()) {
          doc.id = LocatedString{value.text(), value.location()};
        } else {
          TypeError(value, "Id", "a string");
        }
      } else if (key == "Statement") {
        statement = &value;
      } else {
        Fail(root.key_locations()[i], key, "INVALID_POLICY_ELEMENT",
             "Syntax errors in policy: unsupported element \"" + key + "\" at the top level");
      }
    }
    if (statement == nullptr) {
      Fail(root.location(), "", "MISSING_STATEMENT", "Missing required field Statement");
    } else if (statement->IsObject()) {
      ParseStatement(*statement, 0, "Statement", doc);
    } else if (statement->IsArray()) {
      if (statement->items().empty()) {
        Fail(statement->location(), "Statement", "MISSING_STATEMENT",
             "Policy document must contain at least one statement");
      }
      for (std::size_t i = 0; i < statement->items().size(); ++i) {
        ParseStatement(statement->items()[i], i, "Statement[" + std::to_string(i) + "]", doc);
      }
    } else {
      TypeError(*statement, "Statement", "an object or an array of objects");
    }
    CheckUniqueSids(doc);
    if (HasErrors()) return std::nullopt;
    return doc;
  }

 private:
  bool HasErrors() const {
    return std::any_of(findings_.begin(), findings_.end(),
                       [](const Finding& f) { return f.severity == Severity::kError; });
  }

  // An empty element: a SUGGESTION in Access Analyzer's reading, otherwise the error IAM returns.
  void Empty(const SourceLocation& at, std::string path, std::string suggestion_code, std::string suggestion,
             std::string error_code, std::string error) {
    if (options_.empty_elements_are_suggestions) {
      findings_.push_back(
          Finding{Severity::kSuggestion, std::move(suggestion_code), std::move(suggestion), at, std::move(path)});
    } else if (!error_code.empty()) {
      Fail(at, std::move(path), std::move(error_code), std::move(error));
    }
  }

  void Fail(const SourceLocation& at, std::string path, std::string code, std::string message) {
    findings_.push_back(Finding{Severity::kError, std::move(code), std::move(message), at, std::move(path)});
  }
  void TypeError(const JsonValue& value, const std::string& path, const std::string& expected) {
    Fail(value.location(), path, "INVALID_TYPE",
         "Syntax errors in policy: " + path + " must be " + expected + ", not " +
             JsonValue::KindName(value.kind()));
  }

  void CheckDuplicateKeys(const JsonValue& object, const std::string& path) {
    std::set<std::string> seen;
    for (std::size_t i = 0; i < object.members().size(); ++i) {
      const std::string& key = object.members()[i].first;
      if (!seen.insert(key).second) {
        Fail(object.key_locations()[i], path.empty() ? key : path + "." + key, "DUPLICATE_KEY",
             "Syntax errors in policy: duplicate key \"" + key + "\"");
      }
    }
  }

  void ParseVersion(const JsonValue& value, PolicyDocument& doc) {
    if (!value.IsString()) {
      TypeError(value, "Version", "a string");
      return;
    }
    doc.version_present = true;
    if (value.text() == "2012-10-17") {
      doc.version = PolicyVersion::k2012_10_17;
    } else if (value.text() == "2008-10-17") {
      doc.version = PolicyVersion::k2008_10_17;
    } else {
      Fail(value.location(), "Version", "INVALID_VERSION",
           "The policy must contain a valid version string: \"2012-10-17\" or \"2008-10-17\", not \"" +
               value.text() + "\"");
    }
  }

  // A string, or an array of strings (non-empty). Numbers and booleans are rejected.
  bool StringList(const JsonValue& value, const std::string& path, std::vector<LocatedString>& out) {
    if (value.IsString()) {
      out.push_back(LocatedString{value.text(), value.location()});
      return true;
    }
    if (!value.IsArray()) {
      TypeError(value, path, "a string or an array of strings");
      return false;
    }
    bool ok = true;
    for (std::size_t i = 0; i < value.items().size(); ++i) {
      const JsonValue& item = value.items()[i];
      if (item.IsString()) {
        out.push_back(LocatedString{item.text(), item.location()});
      } else {
        TypeError(item, path + "[" + std::to_string(i) + "]", "a string");
        ok = false;
      }
    }
    return ok;
  }

  void ParseStatement(const JsonValue& value, std::size_t index, const std::string& path,
                      PolicyDocument& doc) {
    if (!value.IsObject()) {
      TypeError(value, path, "an object");
      return;
    }
    CheckDuplicateKeys(value, path);
    Statement st;
    st.index = index;
    st.location = value.location();
    const JsonValue* effect = nullptr;
    const JsonValue* principal = nullptr;
    const JsonValue* action = nullptr;
    const JsonValue* resource = nullptr;
    const JsonValue* condition = nullptr;
    bool not_principal = false;
    const auto& members = value.members();
    for (std::size_t i = 0; i < members.size(); ++i) {
      const std::string& key = members[i].first;  // Not a structured binding: the lambda below captures it.
      const JsonValue& v = members[i].second;
      const SourceLocation& key_at = value.key_locations()[i];
      auto exclusive = [&](const JsonValue*& slot, const char* a, const char* b) {
        if (slot != nullptr) {
          Fail(key_at, path + "." + key, "UNSUPPORTED_ELEMENT_COMBINATION",
               std::string("Syntax errors in policy: a statement cannot have both ") + a + " and " + b);
        }
        slot = &v;
      };
      if (key == "Sid") {
        if (v.IsString()) {
          st.sid = LocatedString{v.text(), v.location()};
        } else {
          TypeError(v, path + ".Sid", "a string");
        }
      } else if (key == "Effect") {
        effect = &v;
      } else if (key == "Principal" || key == "NotPrincipal") {
        exclusive(principal, "Principal", "NotPrincipal");
        not_principal = key == "NotPrincipal";
      } else if (key == "Action" || key == "NotAction") {
        exclusive(action, "Action", "NotAction");
        st.not_action = key == "NotAction";
      } else if (key == "Resource" || key == "NotResource") {
        exclusive(resource, "Resource", "NotResource");
        st.not_resource = key == "NotResource";
      } else if (key == "Condition") {
        condition = &v;
      } else {
        Fail(key_at, path + "." + key, "INVALID_POLICY_ELEMENT",
             "Syntax errors in policy: unsupported element \"" + key + "\" in a statement");
      }
    }

    if (st.sid && RequiresAlphanumericSid(options_.kind)) {
      for (char c : st.sid->value) {
        if (!std::isalnum(static_cast<unsigned char>(c))) {
          Fail(st.sid->location, path + ".Sid", "UNSUPPORTED_SID",
               "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the "
               "regular expression [0-9A-Za-z]*");
          break;
        }
      }
    }

    if (effect == nullptr) {
      Fail(st.location, path, "MISSING_EFFECT", "Missing required field Effect");
    } else if (!effect->IsString() || (effect->text() != "Allow" && effect->text() != "Deny")) {
      Fail(effect->location(), path + ".Effect", "INVALID_EFFECT",
           "Invalid effect: the Effect element must be \"Allow\" or \"Deny\"");
    } else {
      st.effect = effect->text() == "Allow" ? Effect::kAllow : Effect::kDeny;
    }

    if (principal != nullptr) {
      st.principal.negated = not_principal;
      ParsePrincipal(*principal, path + (not_principal ? ".NotPrincipal" : ".Principal"), st);
    } else if (AllowsPrincipal(options_.kind)) {
      Fail(st.location, path, "MISSING_PRINCIPAL", "Missing required field Principal");
    }

    if (action == nullptr) {
      Fail(st.location, path, "MISSING_ACTION", "Policy statement must contain actions.");
    } else {
      const std::string apath = path + (st.not_action ? ".NotAction" : ".Action");
      if (StringList(*action, apath, st.actions)) {
        if (st.actions.empty()) {
          // "Suggestion – Empty array action".
          Empty(action->location(), apath, "EMPTY_ARRAY_ACTION",
                "This statement includes no actions and does not affect the policy. Specify actions",
                "MISSING_ACTION", "Policy statement must contain actions.");
        }
        for (const auto& a : st.actions) {
          if (!IsActionShaped(a.value)) {
            Fail(a.location, apath, "INVALID_ACTION",
                 "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc. "
                 "Invalid action: \"" + a.value + "\"");
          }
        }
      }
    }

    if (resource != nullptr) {
      st.has_resource = true;
      const std::string rpath = path + (st.not_resource ? ".NotResource" : ".Resource");
      if (options_.kind == PolicyKind::kTrust) {
        Fail(resource->location(), rpath, "ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE",
             "Has prohibited field Resource: a role trust policy cannot name resources");
      }
      if (StringList(*resource, rpath, st.resources)) {
        if (st.resources.empty()) {
          // "Suggestion – Empty array resource".
          Empty(resource->location(), rpath, "EMPTY_ARRAY_RESOURCE",
                "This statement includes no resources and does not affect the policy. Specify resources",
                "MISSING_RESOURCE", "Policy statement must contain resources.");
        }
        for (const auto& r : st.resources) {
          if (r.value != "*" && !IsResourceArnShaped(r.value)) {
            // "Error – Invalid ARN prefix" / "Error – Missing ARN field".
            Fail(r.location, rpath, r.value.rfind("arn:", 0) == 0 ? "MISSING_ARN_FIELD" : "INVALID_ARN_PREFIX",
                 "Resource " + r.value + " must be in ARN format or \"*\".");
          }
        }
      }
    } else if (options_.kind != PolicyKind::kTrust) {
      Fail(st.location, path, "MISSING_RESOURCE", "Policy statement must contain resources.");
    }

    if (condition != nullptr) ParseConditionBlock(*condition, path + ".Condition", st);

    if (options_.kind == PolicyKind::kResourceControl) {
      if (st.effect != Effect::kDeny) {
        Fail(st.location, path, "RCP_ALLOW_STATEMENT", "Resource control policies support only Deny statements");
      }
    }
    doc.statements.push_back(std::move(st));
  }

  void ParsePrincipal(const JsonValue& value, const std::string& path, Statement& st) {
    PrincipalBlock& p = st.principal;
    p.present = true;
    p.location = value.location();
    if (!AllowsPrincipal(options_.kind)) {
      // "Error – SCP syntax error principal" / "Error – Unsupported principal".
      Fail(value.location(), path,
           options_.kind == PolicyKind::kServiceControl ? "SCP_SYNTAX_ERROR_PRINCIPAL" : "UNSUPPORTED_PRINCIPAL",
           "Policy document should not specify a principal.");
      return;
    }
    if (value.IsString()) {
      if (value.text() == "*") {
        p.wildcard = true;
      } else {
        Fail(value.location(), path, "INVALID_PRINCIPAL_FORMAT",
             "Invalid principal in policy: a string principal must be \"*\"");
      }
      return;
    }
    if (!value.IsObject()) {
      TypeError(value, path, "\"*\" or an object");
      return;
    }
    CheckDuplicateKeys(value, path);
    if (value.members().empty()) {
      // "Suggestion – Empty object principal".
      Empty(value.location(), path, "EMPTY_OBJECT_PRINCIPAL",
            "This statement includes no principals and does not affect the policy. Specify principals",
            "INVALID_PRINCIPAL", "Invalid principal in policy: empty principal");
    }
    for (std::size_t i = 0; i < value.members().size(); ++i) {
      const auto& [type, v] = value.members()[i];
      const std::string tpath = path + "." + type;
      std::vector<LocatedString>* out = nullptr;
      if (type == "AWS") {
        out = &p.aws;
      } else if (type == "Service") {
        out = &p.service;
      } else if (type == "Federated") {
        out = &p.federated;
      } else if (type == "CanonicalUser") {
        out = &p.canonical_user;
      } else {
        Fail(value.key_locations()[i], tpath, "INVALID_PRINCIPAL_KEY",
             "Invalid principal in policy: unknown principal type \"" + type + "\"");
        continue;
      }
      const std::size_t first = out->size();
      if (!StringList(v, tpath, *out)) continue;
      if (out->size() == first) {
        // "Suggestion – Empty array principal".
        Empty(v.location(), tpath, "EMPTY_ARRAY_PRINCIPAL",
              "This statement includes no principals and does not affect the policy. Specify principals",
              "INVALID_PRINCIPAL", "Invalid principal in policy: empty list");
      }
      if (type == "AWS") {
        for (std::size_t k = first; k < out->size(); ++k) CheckAwsPrincipal((*out)[k], tpath);
      }
    }
    if (options_.kind == PolicyKind::kResourceControl && !p.wildcard) {
      const bool aws_star = p.aws.size() == 1 && p.aws[0].value == "*" && p.service.empty() &&
                            p.federated.empty() && p.canonical_user.empty();
      if (!aws_star || p.negated) {
        Fail(value.location(), path, "INVALID_PRINCIPAL",
             "Resource control policies support only \"Principal\": \"*\"");
      }
    }
  }

  void CheckAwsPrincipal(const LocatedString& s, const std::string& path) {
    const std::string& v = s.value;
    if (v == "*" || IsAccountId(v) || IsUniqueId(v)) return;
    if (v.rfind("arn:", 0) == 0 && IsArnShaped(v)) {
      // arn:partition:iam::account:(root|user/..|role/..|assumed-role/..|federated-user/..)
      // and arn:partition:sts::account:assumed-role/role/session.
      const auto parts = SplitArn(v);
      if (parts.size() == 6 && (parts[2] == "iam" || parts[2] == "sts") && parts[3].empty() &&
          (IsAccountId(parts[4]) || parts[4] == "*")) {
        const std::string_view res = parts[5];
        if (res == "root" || res.rfind("user/", 0) == 0 || res.rfind("role/", 0) == 0 ||
            res.rfind("assumed-role/", 0) == 0 || res.rfind("federated-user/", 0) == 0 ||
            res.rfind("group/", 0) == 0) {
          return;
        }
      }
    }
    Fail(s.location, path, "INVALID_PRINCIPAL", "Invalid principal in policy: \"AWS\":\"" + v + "\"");
  }

  static std::vector<std::string_view> SplitArn(std::string_view arn) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (int i = 0; i < 5; ++i) {
      const auto colon = arn.find(':', start);
      if (colon == std::string_view::npos) return parts;
      parts.push_back(arn.substr(start, colon - start));
      start = colon + 1;
    }
    parts.push_back(arn.substr(start));
    return parts;
  }

  void ParseConditionBlock(const JsonValue& value, const std::string& path, Statement& st) {
    if (!value.IsObject()) {
      TypeError(value, path, "an object");
      return;
    }
    CheckDuplicateKeys(value, path);
    if (value.members().empty()) {
      // "Suggestion – Empty object condition" (IAM accepts "Condition": {}).
      Empty(value.location(), path, "EMPTY_OBJECT_CONDITION",
            "This condition block is empty and it does not affect the policy. Specify conditions", "", "");
    }
    for (std::size_t i = 0; i < value.members().size(); ++i) {
      const auto& [op_name, keys] = value.members()[i];
      const std::string opath = path + "." + op_name;
      const SourceLocation& op_at = value.key_locations()[i];
      auto op = ParseConditionOperator(op_name);
      if (!op && op_name.size() >= 12 && op_name.compare(op_name.size() - 12, 12, "NullIfExists") == 0) {
        // "Error – Null with if exists".
        Fail(op_at, opath, "NULL_WITH_IF_EXISTS",
             "The Null condition operator cannot be used with the IfExists suffix. Update the operator or the suffix");
        continue;
      }
      if (!op) {
        Fail(op_at, opath, "INVALID_CONDITION_OPERATOR",
             "Syntax errors in policy: unknown condition operator \"" + op_name + "\"");
        continue;
      }
      if (!keys.IsObject()) {
        TypeError(keys, opath, "an object mapping condition keys to values");
        continue;
      }
      CheckDuplicateKeys(keys, opath);
      if (keys.members().empty()) {
        // "Suggestion – Empty object condition".
        Empty(keys.location(), opath, "EMPTY_OBJECT_CONDITION",
              "This condition block is empty and it does not affect the policy. Specify conditions",
              "EMPTY_CONDITION", "Syntax errors in policy: the condition operator has no keys");
      }
      for (std::size_t k = 0; k < keys.members().size(); ++k) {
        const auto& [key, values] = keys.members()[k];
        Condition c;
        c.op = *op;
        c.key = key;
        c.operator_location = op_at;
        c.key_location = keys.key_locations()[k];
        const std::string kpath = opath + "." + key;
        if (key.empty()) {
          Fail(c.key_location, kpath, "INVALID_CONDITION_KEY", "Syntax errors in policy: empty condition key");
          continue;
        }
        ConditionValues(values, kpath, c.values);
        st.conditions.push_back(std::move(c));
      }
    }
  }

  // Condition values: a scalar or an array of scalars; numbers and booleans count as their text.
  void ConditionValues(const JsonValue& value, const std::string& path, std::vector<LocatedString>& out) {
    auto scalar = [&](const JsonValue& v, const std::string& p) {
      if (v.IsString() || v.IsNumber() || v.IsBool()) {
        out.push_back(LocatedString{v.text(), v.location()});
      } else {
        TypeError(v, p, "a string, number or boolean");
      }
    };
    if (value.IsArray()) {
      for (std::size_t i = 0; i < value.items().size(); ++i) {
        scalar(value.items()[i], path + "[" + std::to_string(i) + "]");
      }
    } else {
      scalar(value, path);
    }
  }

  // "Error – Unique Sids required"; resource policies accept duplicates, which the validator reports
  // as "General Warning – Unique Sids recommended".
  void CheckUniqueSids(const PolicyDocument& doc) {
    if (options_.kind == PolicyKind::kResource) return;
    std::set<std::string> seen;
    for (const auto& st : doc.statements) {
      if (st.sid && !st.sid->value.empty() && !seen.insert(st.sid->value).second) {
        Fail(st.sid->location, "Statement[" + std::to_string(st.index) + "].Sid", "UNIQUE_SIDS_REQUIRED",
             "Statement IDs (SID) in a single policy must be unique: \"" + st.sid->value + "\"");
      }
    }
  }

  const ParseOptions& options_;
  Findings& findings_;
};

}  // namespace

ParseOutcome ParsePolicyJson(const core::JsonValue& json, const ParseOptions& options) {
  ParseOutcome outcome;
  const std::size_t chars = CountPolicyChars(core::ToJson(json));
  if (options.max_chars != 0 && chars > options.max_chars) {
    outcome.findings.push_back(Finding{Severity::kError, "POLICY_SIZE_EXCEEDED",
                                       "Cannot exceed quota for PolicySize: " + std::to_string(options.max_chars),
                                       json.location(), ""});
    return outcome;
  }
  Parser parser(options, outcome.findings);
  outcome.document = parser.Parse(json);
  if (outcome.document) outcome.document->size_chars = chars;
  return outcome;
}

ParseOutcome ParsePolicyText(std::string_view text, const ParseOptions& options) {
  // A quota is in characters without white space; bound the raw bytes generously before parsing.
  core::JsonLimits limits;
  limits.max_depth = PolicyQuotas::kMaxNestingDepth;
  limits.max_bytes = options.max_chars != 0 ? options.max_chars * 16 + 4096 : 1 << 20;
  auto json = core::ParseJson(text, limits);
  if (!json.ok()) {
    ParseOutcome outcome;
    outcome.findings.push_back(
        Finding{Severity::kError, "JSON_SYNTAX_ERROR", "Syntax errors in policy: " + json.error().message, {}, ""});
    return outcome;
  }
  return ParsePolicyJson(*json, options);
}

namespace {

core::Result<PolicyDocument> ToResult(ParseOutcome outcome) {
  if (outcome.document) return std::move(*outcome.document);
  const Finding& first = *std::find_if(outcome.findings.begin(), outcome.findings.end(),
                                       [](const Finding& f) { return f.severity == Severity::kError; });
  // Size quotas are LimitExceeded in IAM, every other problem MalformedPolicyDocument.
  const char* code = first.code == "POLICY_SIZE_EXCEEDED" ? "LimitExceeded" : "MalformedPolicyDocument";
  return core::Error{code, first.message};
}

}  // namespace

core::Result<PolicyDocument> ParsePolicy(std::string_view text, const ParseOptions& options) {
  return ToResult(ParsePolicyText(text, options));
}

core::Result<PolicyDocument> ParsePolicy(const core::JsonValue& json, const ParseOptions& options) {
  return ToResult(ParsePolicyJson(json, options));
}

}  // namespace bulwark::policy
