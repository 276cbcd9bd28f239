// Checks of the IAM User Guide's "IAM policy validation check reference" that read one element's
// value against a table: ARN components (partition, Region, account), condition values (IP ranges,
// VPC and VPC endpoint ids, Regions, dates, variables, qualifiers, empty value lists), principals
// (NotPrincipal, wildcards, unique ids, service and federated principal formats, redundant
// principals), and statement-level checks (empty or duplicate Sids, redundant statements). Each
// rule names the reference section ("Error – Invalid partition", ...) whose issue code it emits.
#include <algorithm>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/arn.h"
#include "core/wildcard.h"
#include "policy/condition_operator.h"
#include "policy/condition_value.h"
#include "policy/validator_checks.h"

namespace bulwark::policy::validation {

namespace {

// AWS partitions ("AWS General Reference: ARN format"; the partition list of the AWS SDKs'
// partitions.json).
constexpr std::string_view kPartitions[] = {"aws",     "aws-cn",    "aws-us-gov", "aws-iso",
                                            "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"};

// Region codes of every partition ("AWS General Reference: Region names and codes").
constexpr std::string_view kRegions[] = {
    "us-east-1",      "us-east-2",      "us-west-1",      "us-west-2",      "af-south-1",
    "ap-east-1",      "ap-east-2",      "ap-south-1",     "ap-south-2",     "ap-southeast-1",
    "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6",
    "ap-southeast-7", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ca-central-1",
    "ca-west-1",      "eu-central-1",   "eu-central-2",   "eu-west-1",      "eu-west-2",
    "eu-west-3",      "eu-south-1",     "eu-south-2",     "eu-north-1",     "il-central-1",
    "me-south-1",     "me-central-1",   "mx-central-1",   "sa-east-1",      "cn-north-1",
    "cn-northwest-1", "us-gov-east-1",  "us-gov-west-1",  "us-iso-east-1",  "us-iso-west-1",
    "us-isob-east-1", "us-isof-south-1", "us-isof-east-1", "eu-isoe-west-1", "eusc-de-east-1",
};

// Suffixes of service principal names: "service-name.amazonaws.com" and its partition variants
// ("IAM JSON policy elements: Principal", AWS service principals).
constexpr std::string_view kServicePrincipalSuffixes[] = {
    ".amazonaws.com", ".amazonaws.com.cn", ".amazon.com", ".c2s.ic.gov", ".sc2s.sgov.gov", ".api.aws",
};

// "General Warning – Deprecated global condition key": deprecated key -> its replacement.
struct DeprecatedKey {
  std::string_view key;
  std::string_view replacement;
};
constexpr DeprecatedKey kDeprecatedKeys[] = {{"aws:ARN", "aws:PrincipalArn"}};

// Condition keys whose values have a fixed identifier format ("Error – Invalid vpc format",
// "Error – Invalid vpce format").
struct IdFormat {
  std::string_view key;
  std::string_view prefix;
  const char* code;
  const char* what;
};
constexpr IdFormat kIdFormats[] = {
    {"aws:SourceVpc", "vpc-", "INVALID_VPC_FORMAT", "VPC"},
    {"aws:SourceVpce", "vpce-", "INVALID_VPCE_FORMAT", "VPC endpoint"},
};

// "Security Warning – Missing paired condition keys": a key that is overly permissive without its
// partner in the same condition block.
struct PairedKey {
  std::string_view key;
  std::string_view partner;
};
constexpr PairedKey kPairedKeys[] = {{"aws:VpcSourceIp", "aws:SourceVpc"}};

// Unique id prefixes used as principals ("General Warning – Invalid role reference", "General
// Warning – Invalid user reference"; IAM identifiers, "Unique identifiers").
struct UniqueIdPrefix {
  std::string_view prefix;
  const char* code;
  const char* what;
};
constexpr UniqueIdPrefix kUniqueIdPrefixes[] = {
    {"AROA", "INVALID_ROLE_REFERENCE", "role"},
    {"AIDA", "INVALID_USER_REFERENCE", "user"},
};

// Resource types of ValidatePolicy's validatePolicyResourceType: the ARN services a policy attached
// to one may name in Resource ("Error – Unsupported resource ARN in policy"), its size quota in
// characters ("General Warning – Policy size exceeds resource policy quota"; 0: not checked) and
// the condition keys that mean nothing in it ("Suggestion – Irrelevant condition key in policy").
struct ResourcePolicyType {
  std::string_view type;
  std::string_view arn_services[2];
  std::size_t quota;
  std::string_view irrelevant_keys[2];
};
constexpr ResourcePolicyType kResourcePolicyTypes[] = {
    {"AWS::S3::Bucket", {"s3"}, 20480, {"s3:ResourceAccount"}},            // "Amazon S3 bucket policy": 20 KB.
    {"AWS::S3::AccessPoint", {"s3"}, 20480, {"s3:ResourceAccount"}},
    {"AWS::S3::MultiRegionAccessPoint", {"s3"}, 20480, {"s3:ResourceAccount"}},
    {"AWS::S3ObjectLambda::AccessPoint", {"s3-object-lambda", "s3"}, 20480, {}},
    {"AWS::S3Express::DirectoryBucket", {"s3express"}, 20480, {}},
    {"AWS::S3Express::AccessPoint", {"s3express"}, 20480, {}},
    {"AWS::S3Tables::TableBucket", {"s3tables"}, 20480, {}},
    {"AWS::S3Tables::Table", {"s3tables"}, 20480, {}},
    {"AWS::KMS::Key", {"kms"}, 32768, {}},                                  // "AWS KMS quotas": 32 KB.
    {"AWS::DynamoDB::Table", {"dynamodb"}, 20480, {}},                      // DynamoDB resource policies: 20 KB.
    {"AWS::DynamoDB::Stream", {"dynamodb"}, 20480, {}},
    {"AWS::ApiGateway::RestApi", {"execute-api"}, 0, {}},
    {"AWS::CodeArtifact::Domain", {"codeartifact"}, 0, {}},
    {"AWS::Backup::BackupVault", {"backup"}, 0, {}},
    {"AWS::CloudTrail::Dashboard", {"cloudtrail"}, 0, {}},
    {"AWS::CloudTrail::EventDataStore", {"cloudtrail"}, 0, {}},
};

const ResourcePolicyType* FindResourcePolicyType(std::string_view type) {
  for (const ResourcePolicyType& t : kResourcePolicyTypes) {
    if (t.type == type) return &t;
  }
  return nullptr;
}

template <typename Range>
bool InTable(const Range& table, std::string_view value) {
  return std::find(std::begin(table), std::end(table), value) != std::end(table);
}

bool HasWildcardOrVariable(std::string_view text) {
  return core::HasWildcard(text) || ContainsVariable(text);
}

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

bool IsAlnum(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  });
}

bool IsDigits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The Region (3) or account (4) component of a catalog ARN pattern.
std::string_view PatternField(std::string_view pattern, int index) {
  std::size_t start = 0;
  for (int i = 0; i < index; ++i) {
    const auto colon = pattern.find(':', start);
    if (colon == std::string_view::npos) return {};
    start = colon + 1;
  }
  const auto end = pattern.find(':', start);
  return pattern.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
}

// ---------------------------------------------------------------------------------------------
// ARN components of Resource / NotResource entries.

void CheckArnComponents(const Context& context, const LocatedString& resource, const std::string& path) {
  // Values that are not ARN-shaped are the parser's INVALID_ARN_PREFIX / MISSING_ARN_FIELD.
  const std::string& value = resource.value;
  const auto parts = core::SplitArn(value);
  if (value == "*" || !parts) return;
  // "Error – Invalid partition".
  if (!HasWildcardOrVariable(parts->partition) && !InTable(kPartitions, parts->partition)) {
    context.report.Add(Severity::kError, "INVALID_PARTITION",
                       "The resource ARN " + Quote(value) + " uses the partition " +
                           Quote(std::string(parts->partition)) +
                           ", which does not exist. Use one of aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b",
                       resource.location, path);
  }
  const std::string_view service = parts->service;
  if (service.empty() || HasWildcardOrVariable(service)) return;
  const auto& types = context.catalog.ResourceTypesForArnService(service);
  if (types.empty()) return;
  // "Error – Invalid ARN Region": a Region no partition has.
  if (!parts->region.empty() && !HasWildcardOrVariable(parts->region) && !InTable(kRegions, parts->region)) {
    const bool region_allowed = std::any_of(types.begin(), types.end(), [](const ResourceTypeInfo* t) {
      return !PatternField(t->arn_pattern, 3).empty();
    });
    if (region_allowed) {  // Otherwise ARN_REGION_NOT_ALLOWED (validator_checks_resources.cc) says it.
      context.report.Add(Severity::kError, "INVALID_ARN_REGION",
                         "The Region " + Quote(std::string(parts->region)) +
                             " is not valid for this resource. Update the resource ARN " + Quote(value) +
                             " to include a supported Region",
                         resource.location, path);
    }
  }
  // "Error – Missing ARN Region": every resource type of the service has a Region.
  if (parts->region.empty()) {
    const bool region_required = std::all_of(types.begin(), types.end(), [](const ResourceTypeInfo* t) {
      return !PatternField(t->arn_pattern, 3).empty();
    });
    if (region_required) {
      context.report.Add(Severity::kError, "MISSING_ARN_REGION",
                         "Add a Region to the " + std::string(service) + " resource ARN " + Quote(value),
                         resource.location, path);
    }
  }
  // "Error – Invalid ARN account": 12 digits (AWS-owned resources name the account "aws").
  const std::string_view account = parts->account;
  if (!account.empty() && !HasWildcardOrVariable(account) && account != "aws" &&
      !(account.size() == 12 && IsDigits(account))) {
    const bool account_allowed = std::any_of(types.begin(), types.end(), [](const ResourceTypeInfo* t) {
      return !PatternField(t->arn_pattern, 4).empty();
    });
    if (account_allowed) {
      context.report.Add(Severity::kError, "INVALID_ARN_ACCOUNT",
                         "The resource ARN account ID " + Quote(std::string(account)) +
                             " is not valid. Provide a 12-digit account ID",
                         resource.location, path);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Condition values.

bool IsPrivate(const IpBlock& block) {
  // RFC 1918 and RFC 4193 (unique local) ranges: aws:SourceIp never carries them ("AWS global
  // condition context keys: aws:SourceIp").
  static const char* const kPrivate[] = {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"};
  for (const char* text : kPrivate) {
    const auto range = ParseIpBlock(text);
    if (range && range->v6 == block.v6 && block.prefix >= range->prefix && IpInBlock(block, *range)) return true;
  }
  return false;
}

// The block with the host bits cleared ("Suggestion – Improve IP range").
std::string NetworkOf(const IpBlock& block, bool* changed) {
  IpBlock net = block;
  const int bytes = block.v6 ? 16 : 4;
  for (int i = 0; i < bytes; ++i) {
    const int bits_left = static_cast<int>(block.prefix) - i * 8;
    uint8_t mask = bits_left >= 8 ? 0xff : bits_left <= 0 ? 0 : static_cast<uint8_t>(0xff << (8 - bits_left));
    net.bytes[i] = static_cast<uint8_t>(block.bytes[i] & mask);
  }
  *changed = net.bytes != block.bytes;
  std::string out;
  if (!block.v6) {
    for (int i = 0; i < 4; ++i) out += (i ? "." : "") + std::to_string(net.bytes[i]);
  } else {
    static const char* const kHex = "0123456789abcdef";
    for (int i = 0; i < 16; i += 2) {
      if (i) out += ':';
      const unsigned word = (net.bytes[i] << 8) | net.bytes[i + 1];
      std::string w;
      for (int shift = 12; shift >= 0; shift -= 4) w += kHex[(word >> shift) & 0xf];
      const auto first = w.find_first_not_of('0');
      out += first == std::string::npos ? "0" : w.substr(first);
    }
  }
  return out + "/" + std::to_string(block.prefix);
}

bool IsStringOrArnTest(ConditionTest test) {
  switch (test) {
    case ConditionTest::kStringEquals: case ConditionTest::kStringNotEquals:
    case ConditionTest::kStringEqualsIgnoreCase: case ConditionTest::kStringNotEqualsIgnoreCase:
    case ConditionTest::kStringLike: case ConditionTest::kStringNotLike:
    case ConditionTest::kArnEquals: case ConditionTest::kArnLike:
    case ConditionTest::kArnNotEquals: case ConditionTest::kArnNotLike:
      return true;
    default:
      return false;
  }
}

bool IsDateTest(ConditionTest t) {
  return t == ConditionTest::kDateEquals || t == ConditionTest::kDateNotEquals || t == ConditionTest::kDateLessThan ||
         t == ConditionTest::kDateLessThanEquals || t == ConditionTest::kDateGreaterThan ||
         t == ConditionTest::kDateGreaterThanEquals;
}

void CheckEmptyValues(const Context& context, const Condition& c, const std::string& path) {
  if (!c.values.empty()) return;
  // "Suggestion – Empty array condition", "... ForAllValues", "... ForAnyValue", "... IfExists".
  const char* code = c.op.qualifier == SetQualifier::kForAllValues   ? "EMPTY_ARRAY_CONDITION_FORALLVALUES"
                     : c.op.qualifier == SetQualifier::kForAnyValue ? "EMPTY_ARRAY_CONDITION_FORANYVALUE"
                     : c.op.if_exists                               ? "EMPTY_ARRAY_CONDITION_IFEXISTS"
                                                                    : "EMPTY_ARRAY_CONDITION";
  context.report.Add(Severity::kSuggestion, code,
                     "There are no values for the condition key " + c.key + " under " + c.op.name +
                         "; specify condition values (or use Null to test for a missing key)",
                     c.key_location, path);
}

void CheckSourceIp(const Context& context, const Condition& c, const std::string& path) {
  if (c.op.test != ConditionTest::kIpAddress && c.op.test != ConditionTest::kNotIpAddress) return;
  std::size_t private_count = 0;
  std::size_t parsed = 0;
  for (std::size_t i = 0; i < c.values.size(); ++i) {
    const auto block = ParseIpBlock(c.values[i].value);
    if (!block) continue;
    ++parsed;
    if (IsPrivate(*block)) ++private_count;
    bool changed = false;
    const std::string network = NetworkOf(*block, &changed);
    if (changed && c.values[i].value.find('/') != std::string::npos) {
      context.report.Add(Severity::kSuggestion, "IMPROVE_IP_RANGE",
                         "The non-zero bits in the IP address after the masked bits are ignored. Replace " +
                             Quote(c.values[i].value) + " with " + Quote(network),
                         c.values[i].location, path + "[" + std::to_string(i) + "]");
    }
  }
  if (!EqualsIgnoreCase(c.key, "aws:SourceIp") || private_count == 0) return;
  const bool negated = c.op.test == ConditionTest::kNotIpAddress;
  const bool only = private_count == parsed;
  // "Error – Private IP address", "Error – Private NotIpAddress", "Suggestion – Private IP address
  // subset", "Suggestion – Private NotIpAddress subset".
  const char* code = only ? (negated ? "PRIVATE_NOT_IP_ADDRESS" : "PRIVATE_IP_ADDRESS")
                          : (negated ? "PRIVATE_NOT_IP_ADDRESS_SUBSET" : "PRIVATE_IP_ADDRESS_SUBSET");
  context.report.Add(only ? Severity::kError : Severity::kSuggestion, code,
                     std::string("aws:SourceIp works only for public IP address ranges; the values of ") +
                         c.op.name + " include " + (only ? "only " : "") +
                         "private IP addresses, which never match. Use aws:VpcSourceIp for private addresses",
                     c.key_location, path);
}

void CheckConditionValues(const Context& context, const Condition& c, const std::string& path) {
  // "Error – Null with if exists" is a parser error (the operator does not parse).
  // "Suggestion – Null with qualifier".
  if (c.op.test == ConditionTest::kNull && c.op.qualifier != SetQualifier::kNone) {
    context.report.Add(Severity::kSuggestion, "NULL_WITH_QUALIFIER",
                       "Avoid using the Null condition operator with the ForAllValues or ForAnyValue "
                       "qualifiers because they always return true or false respectively",
                       c.operator_location, path);
  }
  // "Error – Missing qualifier": a multivalued key needs ForAllValues or ForAnyValue.
  if (c.op.test != ConditionTest::kNull && c.op.qualifier == SetQualifier::kNone) {
    const ConditionKeyInfo* key = context.catalog.FindConditionKey(c.key);
    if (key != nullptr && key->multivalued) {
      context.report.Add(Severity::kError, "MISSING_QUALIFIER",
                         "The request context key " + c.key +
                             " has multiple values. Use the ForAllValues or ForAnyValue condition key "
                             "qualifiers in your policy",
                         c.operator_location, path);
    }
  }
  for (const DeprecatedKey& d : kDeprecatedKeys) {
    if (EqualsIgnoreCase(c.key, d.key)) {
      context.report.Add(Severity::kWarning, "DEPRECATED_GLOBAL_CONDITION_KEY",
                         "We recommend that you update " + c.key + " to use the newer condition key " +
                             std::string(d.replacement),
                         c.key_location, path);
    }
  }
  CheckEmptyValues(context, c, path);
  CheckSourceIp(context, c, path);
  // "Suggestion – Confirm audience claim type": an identity provider's aud claim with a set
  // qualifier (the claim may be single-valued).
  if (c.op.qualifier != SetQualifier::kNone && c.key.size() > 4 &&
      EqualsIgnoreCase(std::string_view(c.key).substr(c.key.size() - 4), ":aud") &&
      c.key.substr(0, c.key.size() - 4).find('.') != std::string::npos) {  // An identity provider's domain.
    context.report.Add(Severity::kSuggestion, "CONFIRM_AUDIENCE_CLAIM_TYPE",
                       "The 'aud' (audience) claim key identifies the recipients that the JSON web token is intended "
                       "for. If the claim is multivalued, use a ForAllValues or ForAnyValue qualifier; if it is "
                       "single-valued, do not use a qualifier",
                       c.operator_location, path);
  }

  const bool string_test = IsStringOrArnTest(c.op.test);
  const bool literal_test = string_test && c.op.test != ConditionTest::kStringLike &&
                            c.op.test != ConditionTest::kStringNotLike && c.op.test != ConditionTest::kArnLike &&
                            c.op.test != ConditionTest::kArnNotLike;
  for (std::size_t i = 0; i < c.values.size(); ++i) {
    const LocatedString& v = c.values[i];
    const std::string vpath = path + "[" + std::to_string(i) + "]";
    // "Error – Invalid variable for operator".
    if (context.InterpretsVariables() && ContainsVariable(v.value) && !string_test) {
      context.report.Add(Severity::kError, "INVALID_VARIABLE_FOR_OPERATOR",
                         "Policy variables can only be used with String and ARN operators, not " + c.op.name,
                         v.location, vpath);
      continue;
    }
    if (!string_test || HasWildcardOrVariable(v.value)) continue;
    for (const IdFormat& f : kIdFormats) {
      if (!EqualsIgnoreCase(c.key, f.key) || !literal_test) continue;
      const std::string_view id = v.value;
      const std::string_view rest = StartsWith(id, f.prefix) ? id.substr(f.prefix.size()) : std::string_view();
      if (rest.empty() || (rest.size() != 8 && rest.size() != 17) || !IsAlnum(rest)) {
        context.report.Add(Severity::kError, f.code,
                           std::string("The ") + f.what + " identifier " + Quote(v.value) +
                               " is not valid. Use the prefix '" + std::string(f.prefix) +
                               "' followed by 8 or 17 alphanumeric characters",
                           v.location, vpath);
      }
    }
    // "Error – Invalid Region".
    if (EqualsIgnoreCase(c.key, "aws:RequestedRegion") && !InTable(kRegions, v.value)) {
      context.report.Add(Severity::kError, "INVALID_REGION",
                         "The Region " + Quote(v.value) + " is not valid. Update the condition value to a "
                         "supported Region",
                         v.location, vpath);
    }
  }
  // "General Warning – Invalid date value": epoch seconds may not resolve as expected.
  if (IsDateTest(c.op.test)) {
    for (std::size_t i = 0; i < c.values.size(); ++i) {
      if (IsDigits(c.values[i].value)) {
        context.report.Add(Severity::kWarning, "INVALID_DATE_VALUE",
                           "The date " + Quote(c.values[i].value) +
                               " might not resolve as expected. We recommend that you use the YYYY-MM-DD format",
                           c.values[i].location, path + "[" + std::to_string(i) + "]");
      }
    }
  }
  // "Suggestion – Redundant condition value num": several bounds of one inequality.
  const bool less = c.op.test == ConditionTest::kNumericLessThan || c.op.test == ConditionTest::kNumericLessThanEquals;
  const bool greater =
      c.op.test == ConditionTest::kNumericGreaterThan || c.op.test == ConditionTest::kNumericGreaterThanEquals;
  if ((less || greater) && c.op.qualifier == SetQualifier::kNone && c.values.size() > 1) {
    std::optional<double> best;
    std::string best_text;
    for (const auto& v : c.values) {
      const auto n = ParseNumber(v.value);
      if (!n) return;
      if (!best || (less ? *n > *best : *n < *best)) {
        best = n;
        best_text = v.value;
      }
    }
    context.report.Add(Severity::kSuggestion, "REDUNDANT_CONDITION_VALUE_NUM",
                       "Multiple values in " + c.op.name + " are redundant. Replace with the " +
                           (less ? "greatest" : "least") + " single value " + Quote(best_text) + " for " + c.key,
                       c.key_location, path);
  }
}

// ---------------------------------------------------------------------------------------------
// Principals.

bool IsServicePrincipal(std::string_view name) {
  for (std::string_view suffix : kServicePrincipalSuffixes) {
    if (name.size() > suffix.size() && EndsWith(name, suffix)) {
      const std::string_view label = name.substr(0, name.size() - suffix.size());
      const bool ok = std::all_of(label.begin(), label.end(), [](char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '.';
      });
      if (ok && label.front() != '.' && label.back() != '.') return true;
    }
  }
  return false;
}

// A domain name (an OIDC provider or a web identity provider) or a SAML / OIDC provider ARN.
bool IsFederatedPrincipal(std::string_view name) {
  if (StartsWith(name, "arn:")) {
    const auto parts = core::SplitArn(name);
    return parts && parts->service == "iam" && parts->region.empty() &&
           (StartsWith(parts->resource, "saml-provider/") || StartsWith(parts->resource, "oidc-provider/"));
  }
  if (name.find('.') == std::string_view::npos || name.front() == '.' || name.back() == '.') return false;
  return std::all_of(name.begin(), name.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' ||
           ch == '.' || ch == '/' || ch == '_';
  });
}

void CheckPrincipals(const Context& context, const StatementView& view) {
  const Statement& st = view.statement;
  const PrincipalBlock& p = st.principal;
  if (!p.present) return;
  const std::string element = view.path + (p.negated ? ".NotPrincipal" : ".Principal");
  const bool trust = context.options.kind == PolicyKind::kTrust;
  if (p.negated && trust) {
    // "Error – Role trust policy syntax error notprincipal".
    context.report.Add(Severity::kError, "ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL",
                       "Role trust policies do not support NotPrincipal. Update the policy to use a Principal "
                       "element instead",
                       p.location, element);
  } else if (p.negated && st.effect == Effect::kAllow) {
    // "Security Warning – Allow with NotPrincipal".
    context.report.Add(Severity::kSecurityWarning, "ALLOW_WITH_NOT_PRINCIPAL",
                       "Using Allow with NotPrincipal can be overly permissive. We recommend that you use "
                       "Principal instead",
                       p.location, element);
  }
  if (trust && p.wildcard) {
    // "Error – Role trust policy unsupported wildcard in principal".
    context.report.Add(Severity::kError, "ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL",
                       "\"Principal\": \"*\" is not supported in the principal element of a role trust policy. "
                       "Replace the wildcard with a valid principal value",
                       p.location, element);
  }
  struct Typed {
    const std::vector<LocatedString>* values;
    const char* key;
  };
  for (const Typed& t : {Typed{&p.aws, "AWS"}, Typed{&p.service, "Service"}, Typed{&p.federated, "Federated"},
                         Typed{&p.canonical_user, "CanonicalUser"}}) {
    for (const LocatedString& v : *t.values) {
      const std::string path = element + "." + t.key;
      // "Error – Unsupported wildcard in principal": only a lone "*" under AWS.
      if (core::HasWildcard(v.value) && !(std::string_view(t.key) == "AWS" && v.value == "*")) {
        context.report.Add(Severity::kError, "UNSUPPORTED_WILDCARD_IN_PRINCIPAL",
                           std::string("Wildcards (*, ?) are not supported with the principal key ") + t.key +
                               ". Replace the wildcard in " + Quote(v.value) + " with a valid principal value",
                           v.location, path);
        continue;
      }
      if (ContainsVariable(v.value)) continue;  // VARIABLE_UNSUPPORTED_IN_ELEMENT (validator.cc).
      if (std::string_view(t.key) == "AWS") {
        for (const UniqueIdPrefix& u : kUniqueIdPrefixes) {
          if (StartsWith(v.value, u.prefix)) {
            context.report.Add(Severity::kWarning, u.code,
                               std::string("The Principal element includes the IAM ") + u.what + " ID " +
                                   Quote(v.value) + ". We recommend that you use a " + u.what + " ARN instead",
                               v.location, path);
          }
        }
      } else if (std::string_view(t.key) == "Service" && !IsServicePrincipal(v.value)) {
        // "Error – Invalid service principal format".
        context.report.Add(Severity::kError, "INVALID_SERVICE_PRINCIPAL_FORMAT",
                           "The service principal " + Quote(v.value) +
                               " does not match the expected format. Use the format service-name.amazonaws.com",
                           v.location, path);
      } else if (std::string_view(t.key) == "Federated" && context.options.kind == PolicyKind::kResource) {
        // "Error – Federated principal not supported": only role trust policies name identity providers.
        context.report.Add(Severity::kError, "FEDERATED_PRINCIPAL_NOT_SUPPORTED",
                           "The policy type does not support a federated identity provider in the principal "
                           "element: " + Quote(v.value),
                           v.location, path);
      } else if (std::string_view(t.key) == "Federated" && trust && !IsFederatedPrincipal(v.value)) {
        // "Error – Invalid federated principal syntax in role trust policy".
        context.report.Add(Severity::kError, "INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY",
                           "The principal value " + Quote(v.value) +
                               " specifies a federated principal that does not match the expected format. Update "
                               "the federated principal to a domain name or a SAML metadata ARN",
                           v.location, path);
      }
    }
  }
  // "Suggestion – Redundant principal in role trust policy": an assumed-role session of a role
  // that is itself listed.
  if (trust) {
    std::set<std::string> roles;  // "account:rolename"
    for (const LocatedString& v : p.aws) {
      const auto parts = core::SplitArn(v.value);
      if (parts && parts->service == "iam" && StartsWith(parts->resource, "role/")) {
        const std::string_view name = parts->resource.substr(parts->resource.rfind('/') + 1);
        roles.insert(std::string(parts->account) + ":" + std::string(name));
      }
    }
    for (const LocatedString& v : p.aws) {
      const auto parts = core::SplitArn(v.value);
      if (!parts || parts->service != "sts" || !StartsWith(parts->resource, "assumed-role/")) continue;
      const std::string_view rest = parts->resource.substr(13);
      const std::string_view role = rest.substr(0, rest.find('/'));
      if (roles.count(std::string(parts->account) + ":" + std::string(role)) != 0) {
        context.report.Add(Severity::kSuggestion, "REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY",
                           "The assumed-role principal " + Quote(v.value) +
                               " is redundant with its parent role " + std::string(role) +
                               ". Remove the assumed-role principal",
                           v.location, element + ".AWS");
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Federated and service principals: the conditions they should carry.

bool StatementHasKey(const Statement& st, std::string_view key) {
  return std::any_of(st.conditions.begin(), st.conditions.end(),
                     [&](const Condition& c) { return EqualsIgnoreCase(c.key, key); });
}

bool StatementHasKeyWithPrefix(const Statement& st, std::string_view prefix) {
  return std::any_of(st.conditions.begin(), st.conditions.end(), [&](const Condition& c) {
    return c.key.size() > prefix.size() && EqualsIgnoreCase(std::string_view(c.key).substr(0, prefix.size()), prefix);
  });
}

// Whether the Action element names `full_name` ("sts:TagSession"), by name or by pattern.
bool NamesAction(const Context& context, const StatementView& view, std::string_view full_name) {
  const ActionInfo* action = context.catalog.FindAction(full_name);
  if (view.statement.not_action || action == nullptr) return false;
  return std::any_of(view.actions.begin(), view.actions.end(), [&](const ResolvedAction& a) {
    return a.all || std::find(a.matches.begin(), a.matches.end(), action) != a.matches.end();
  });
}

constexpr std::string_view kGitHubOidcHost = "token.actions.githubusercontent.com";

// The permissions IAM Roles Anywhere needs on a role that trusts it ("Error – Missing action for
// roles anywhere trust policy").
constexpr std::string_view kRolesAnywhereActions[] = {"sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"};

// Keys that scope a service principal to the resource or account it acts for ("Security Warning –
// Restrict access to service principal"), and principal-side keys the reference recommends
// replacing with them ("Suggestion – Recommended condition key for service principal").
constexpr std::string_view kSourceKeys[] = {"aws:SourceArn", "aws:SourceAccount", "aws:SourceOrgID",
                                            "aws:SourceOrgPaths"};
constexpr std::string_view kPrincipalSideKeys[] = {"aws:PrincipalOrgID", "aws:PrincipalOrgPaths",
                                                   "aws:PrincipalAccount", "aws:PrincipalArn"};

// "Error – Missing action for condition key": in a role trust policy, keys whose values are set by
// an action other than the assume-role call are evaluated only when that action is in the statement
// (session tags need sts:TagSession, a source identity sts:SetSourceIdentity).
struct KeyNeedsAction {
  std::string_view key_prefix;  // Matches keys that start with it, case-insensitively.
  std::string_view action;
};
constexpr KeyNeedsAction kKeysNeedingActions[] = {
    {"aws:RequestTag/", "sts:TagSession"},
    {"aws:TagKeys", "sts:TagSession"},
    {"sts:TransitiveTagKeys", "sts:TagSession"},
    {"sts:SourceIdentity", "sts:SetSourceIdentity"},
};

void CheckKeysNeedingActions(const Context& context, const StatementView& view) {
  if (context.options.kind != PolicyKind::kTrust || view.statement.not_action) return;
  for (const Condition& c : view.statement.conditions) {
    for (const KeyNeedsAction& rule : kKeysNeedingActions) {
      if (c.key.size() < rule.key_prefix.size() ||
          !EqualsIgnoreCase(std::string_view(c.key).substr(0, rule.key_prefix.size()), rule.key_prefix) ||
          NamesAction(context, view, rule.action)) {
        continue;
      }
      context.report.Add(Severity::kError, "MISSING_ACTION_FOR_CONDITION_KEY",
                         "The " + std::string(rule.action) +
                             " action must be in the action block to allow setting values for the condition key " +
                             c.key + ". Add " + std::string(rule.action) + " to the action block",
                         c.key_location, view.path + ".Condition." + c.op.name + "." + c.key);
      break;
    }
  }
}

void CheckFederatedAndServicePrincipals(const Context& context, const StatementView& view) {
  const Statement& st = view.statement;
  const PrincipalBlock& p = st.principal;
  if (!p.present || p.negated || st.effect != Effect::kAllow) return;
  const std::string element = view.path + ".Principal";
  if (context.options.kind == PolicyKind::kTrust) {
    for (const LocatedString& f : p.federated) {
      const auto at = f.value.find(":oidc-provider/");
      if (at == std::string::npos) continue;
      std::string host = f.value.substr(at + 15);
      if (EqualsIgnoreCase(host, kGitHubOidcHost)) {
        const std::string sub = std::string(kGitHubOidcHost) + ":sub";
        if (!StatementHasKey(st, sub)) {
          // "Security Warning – Missing github repo condition key".
          context.report.Add(Severity::kSecurityWarning, "MISSING_GITHUB_REPO_CONDITION_KEY",
                             "Granting a federated GitHub principal permissions without a condition key can allow "
                             "more sources to assume the role than you intended. Add the " + sub +
                                 " condition key and specify the branch and repository name in the value",
                             f.location, element + ".Federated");
        }
      } else if (!StatementHasKeyWithPrefix(st, host + ":")) {
        // "Security Warning – Missing condition key for oidc principal".
        context.report.Add(Severity::kSecurityWarning, "MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL",
                           "Using an Open ID Connect principal without a condition can be overly permissive. Add "
                           "condition keys with the prefix " + host + ": so that only the intended identity "
                           "provider assumes the role",
                           f.location, element + ".Federated");
      }
    }
    // "General Warning – Specific github repo and branch recommended".
    for (const Condition& c : st.conditions) {
      if (!EqualsIgnoreCase(c.key, std::string(kGitHubOidcHost) + ":sub")) continue;
      for (std::size_t i = 0; i < c.values.size(); ++i) {
        if (c.values[i].value.find('*') == std::string::npos) continue;
        context.report.Add(Severity::kWarning, "SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED",
                           "Using a wildcard (*) in " + c.key +
                               " can allow requests from more sources than you intended. Specify the "
                               "repository and branch name",
                           c.values[i].location,
                           view.path + ".Condition." + c.op.name + "." + c.key + "[" + std::to_string(i) + "]");
      }
    }
    // "Error – Missing action for roles anywhere trust policy".
    for (const LocatedString& svc : p.service) {
      if (svc.value != "rolesanywhere.amazonaws.com") continue;
      std::string missing;
      for (std::string_view action : kRolesAnywhereActions) {
        if (!NamesAction(context, view, action)) missing += (missing.empty() ? "" : ", ") + std::string(action);
      }
      if (!missing.empty()) {
        context.report.Add(Severity::kError, "MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY",
                           "The rolesanywhere.amazonaws.com service principal requires the sts:AssumeRole, "
                           "sts:SetSourceIdentity, and sts:TagSession permissions to assume a role. Add: " + missing,
                           svc.location, element + ".Service");
      }
    }
    return;
  }
  if (context.options.kind != PolicyKind::kResource || p.service.empty()) return;
  const bool only_services = !p.wildcard && p.aws.empty() && p.federated.empty() && p.canonical_user.empty();
  if (!only_services) return;
  bool sourced = false;
  for (std::string_view key : kSourceKeys) sourced = sourced || StatementHasKey(st, key);
  if (sourced) return;
  for (const Condition& c : st.conditions) {
    if (InTable(kPrincipalSideKeys, std::string_view(c.key)) ||
        std::any_of(std::begin(kPrincipalSideKeys), std::end(kPrincipalSideKeys),
                    [&](std::string_view k) { return EqualsIgnoreCase(k, c.key); })) {
      context.report.Add(Severity::kSuggestion, "RECOMMENDED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL",
                         "To restrict access to the service principal " + p.service.front().value +
                             " operating on your behalf, we recommend aws:SourceArn or aws:SourceAccount instead of " +
                             c.key,
                         c.key_location, view.path + ".Condition." + c.op.name + "." + c.key);
      return;
    }
  }
  context.report.Add(Severity::kSecurityWarning, "RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL",
                     "Granting access to a service principal without specifying a source is overly permissive. Use "
                     "aws:SourceArn or aws:SourceAccount condition key and scope access to a specific source",
                     p.service.front().location, element + ".Service");
}

// ---------------------------------------------------------------------------------------------
// Tag condition keys a service does not support ("Suggestion – Allow with unsupported tag
// condition key for service", "Security Warning – Deny with ...", and their NotAction variants).

bool IsTagKey(const ConditionKeyInfo& key) {
  const std::string_view name = key.name;
  return EqualsIgnoreCase(name.substr(0, 16), "aws:ResourceTag/") || EqualsIgnoreCase(name.substr(0, 15), "aws:RequestTag/") ||
         EqualsIgnoreCase(name, "aws:TagKeys");
}

void CheckTagKeys(const Context& context, const StatementView& view) {
  const Statement& st = view.statement;
  if (view.all_actions || view.any_invalid) return;
  const bool allow = st.effect == Effect::kAllow;
  for (const Condition& c : st.conditions) {
    const ConditionKeyInfo* key = context.catalog.FindConditionKey(c.key);
    if (key == nullptr || !IsTagKey(*key)) continue;
    const std::string path = view.path + ".Condition." + c.op.name + "." + c.key;
    if (st.not_action) {
      context.report.Add(allow ? Severity::kSuggestion : Severity::kSecurityWarning,
                         allow ? "ALLOW_NOT_ACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE"
                               : "DENY_NOT_ACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
                         std::string("Using the effect ") + (allow ? "Allow" : "Deny") +
                             " with NotAction and the tag condition key " + c.key +
                             (allow ? " allows only service actions that support the key"
                                    : " can be overly permissive because some service actions are not denied") +
                             ". We recommend that you use Action instead of NotAction",
                         c.key_location, path);
      continue;
    }
    std::vector<std::string> unsupported;
    std::set<const ServiceInfo*> seen;
    for (const ActionInfo* a : view.known_actions) {
      if (!seen.insert(a->service).second) continue;
      const auto& keys = a->service->condition_keys;
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) unsupported.push_back(a->service->prefix);
    }
    if (unsupported.empty()) continue;
    std::string names;
    for (const auto& n : unsupported) names += (names.empty() ? "" : ", ") + n;
    context.report.Add(allow ? Severity::kSuggestion : Severity::kSecurityWarning,
                       allow ? "ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE"
                             : "DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
                       std::string("Using the effect ") + (allow ? "Allow" : "Deny") + " with the tag condition key " +
                           c.key + " and actions for services with the following prefixes " +
                           (allow ? "does not affect the policy: " : "can be overly permissive: ") + names +
                           ". Move these actions to a different statement without this condition key",
                       c.key_location, path);
  }
}

// A canonical text of what a statement grants, Sid excluded ("Suggestion – Redundant statement").
std::string StatementKey(const Statement& st) {
  auto sorted = [](const std::vector<LocatedString>& list) {
    std::vector<std::string> values;
    for (const auto& v : list) values.push_back(v.value);
    std::sort(values.begin(), values.end());
    std::string out;
    for (const auto& v : values) out += v + '\x1f';
    return out;
  };
  std::string key = st.effect == Effect::kAllow ? "A" : "D";
  const PrincipalBlock& p = st.principal;
  key += '\x1e' + std::string(p.present ? (p.negated ? "N" : "P") : "-") + (p.wildcard ? "*" : "") +
         sorted(p.aws) + '\x1d' + sorted(p.service) + '\x1d' + sorted(p.federated) + '\x1d' +
         sorted(p.canonical_user);
  key += '\x1e' + std::string(st.not_action ? "N" : "A") + sorted(st.actions);
  key += '\x1e' + std::string(st.has_resource ? (st.not_resource ? "N" : "R") : "-") + sorted(st.resources);
  std::vector<std::string> conditions;
  for (const Condition& c : st.conditions) conditions.push_back(c.op.name + '\x1c' + c.key + '\x1c' + sorted(c.values));
  std::sort(conditions.begin(), conditions.end());
  for (const auto& c : conditions) key += '\x1e' + c;
  return key;
}

}  // namespace

void CheckReferenceResources(const Context& context, const StatementView& view) {
  for (std::size_t i = 0; i < view.statement.resources.size(); ++i) {
    CheckArnComponents(context, view.statement.resources[i], view.ResourcePath(i));
  }
}

void CheckReferenceConditions(const Context& context, const StatementView& view) {
  for (const Condition& c : view.statement.conditions) {
    for (const PairedKey& pair : kPairedKeys) {
      if (EqualsIgnoreCase(c.key, pair.key) && !StatementHasKey(view.statement, pair.partner)) {
        context.report.Add(Severity::kSecurityWarning, "MISSING_PAIRED_CONDITION_KEYS",
                           "Using the condition key " + c.key +
                               " can be overly permissive without also using the following condition keys: " +
                               std::string(pair.partner) + ". Add them to the same condition block",
                           c.key_location, view.path + ".Condition." + c.op.name + "." + c.key);
      }
    }
  }
  for (const Condition& c : view.statement.conditions) {
    CheckConditionValues(context, c, view.path + ".Condition." + c.op.name + "." + c.key);
  }
  CheckTagKeys(context, view);
}

void CheckReferencePrincipals(const Context& context, const StatementView& view) {
  CheckPrincipals(context, view);
  CheckFederatedAndServicePrincipals(context, view);
  CheckKeysNeedingActions(context, view);
}

void CheckReferenceDocument(const Context& context) {
  const auto& statements = context.document.statements;
  std::vector<std::string> keys;
  std::set<std::string> sids;
  for (const Statement& st : statements) {
    const std::string path = "Statement[" + std::to_string(st.index) + "]";
    if (st.sid && st.sid->value.empty()) {
      // "Suggestion – Empty Sid value".
      context.report.Add(Severity::kSuggestion, "EMPTY_SID_VALUE", "Add a value to the empty string in the Sid element",
                         st.sid->location, path + ".Sid");
    } else if (st.sid && context.options.kind == PolicyKind::kResource && !sids.insert(st.sid->value).second) {
      // "General Warning – Unique Sids recommended" (the parser requires unique Sids for the other kinds:
      // "Error – Unique Sids required").
      context.report.Add(Severity::kWarning, "UNIQUE_SIDS_RECOMMENDED",
                         "We recommend that you use statement IDs that are unique to your policy. Update the Sid "
                         "value " + Quote(st.sid->value),
                         st.sid->location, path + ".Sid");
    }
    keys.push_back(StatementKey(st));
    for (std::size_t j = 0; j + 1 < keys.size(); ++j) {
      if (keys[j] == keys.back()) {
        context.report.Add(Severity::kSuggestion, "REDUNDANT_STATEMENT",
                           "The statements are redundant because they provide identical permissions (Statement[" +
                               std::to_string(statements[j].index) + "]). Remove the redundant statement",
                           st.location, path);
        break;
      }
    }
  }
}

bool IsDeprecatedGlobalConditionKey(std::string_view key) {
  return std::any_of(std::begin(kDeprecatedKeys), std::end(kDeprecatedKeys),
                     [&](const DeprecatedKey& d) { return EqualsIgnoreCase(d.key, key); });
}

void CheckResourcePolicyType(const Context& context) {
  if (context.options.kind != PolicyKind::kResource) return;
  const ResourcePolicyType* type = FindResourcePolicyType(context.options.resource_type);
  if (type == nullptr) return;
  const std::string type_name(type->type);
  if (type->quota != 0 && context.document.size_chars > type->quota) {
    context.report.Add(Severity::kWarning, "POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA",
                       "The " + std::to_string(context.document.size_chars) +
                           " characters in the resource policy exceed the " + std::to_string(type->quota) +
                           " character maximum for " + type_name + " policies",
                       SourceLocation{1, 1, 0}, "");
  }
  for (const Statement& st : context.document.statements) {
    const std::string path = "Statement[" + std::to_string(st.index) + "]";
    for (std::size_t i = 0; i < st.resources.size(); ++i) {
      const auto parts = core::SplitArn(st.resources[i].value);
      if (!parts || HasWildcardOrVariable(parts->service)) continue;
      if (std::none_of(std::begin(type->arn_services), std::end(type->arn_services),
                       [&](std::string_view svc) { return !svc.empty() && svc == parts->service; })) {
        context.report.Add(Severity::kError, "UNSUPPORTED_RESOURCE_ARN_IN_POLICY",
                           "The resource ARN " + Quote(st.resources[i].value) +
                               " is not supported for the resource-based policy attached to the resource type " +
                               type_name,
                           st.resources[i].location,
                           path + (st.not_resource ? ".NotResource[" : ".Resource[") + std::to_string(i) + "]");
      }
    }
    for (const Condition& c : st.conditions) {
      for (std::string_view key : type->irrelevant_keys) {
        if (key.empty() || !EqualsIgnoreCase(c.key, key)) continue;
        context.report.Add(Severity::kSuggestion, "IRRELEVANT_CONDITION_KEY_IN_POLICY",
                           "The condition key " + c.key + " is not relevant for the " + type_name +
                               " policy. Use this key in an identity-based policy to govern access to this resource",
                           c.key_location, path + ".Condition." + c.op.name + "." + c.key);
      }
    }
  }
}

}  // namespace bulwark::policy::validation

namespace bulwark::policy {

bool IsKnownResourcePolicyType(std::string_view resource_type) {
  return resource_type == "AWS::IAM::AssumeRolePolicyDocument" ||
         validation::FindResourcePolicyType(resource_type) != nullptr;
}

}  // namespace bulwark::policy
