#include "policy/catalog.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "core/wildcard.h"

// The embedded catalog (cmake/IamCatalog.cmake): the generator's JSON between these two symbols,
// followed by one NUL byte.
extern "C" const char bulwark_iam_catalog_begin[];
extern "C" const char bulwark_iam_catalog_end[];

namespace bulwark::policy {

namespace {

using core::CaseSensitivity;
using core::WildcardMatch;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

char LowerChar(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

struct ParsedType {
  ConditionValueType type;
  bool multivalued;
};

ParsedType ParseValueType(std::string_view text) {
  ParsedType out{ConditionValueType::kUnknown, false};
  if (text.substr(0, 7) == "ArrayOf") {
    out.multivalued = true;
    text.remove_prefix(7);
  }
  if (text == "String") {
    out.type = ConditionValueType::kString;
  } else if (text == "ARN" || text == "Arn") {
    out.type = ConditionValueType::kArn;
  } else if (text == "Bool" || text == "Boolean") {
    out.type = ConditionValueType::kBool;
  } else if (text == "Date") {
    out.type = ConditionValueType::kDate;
  } else if (text == "Numeric" || text == "Integer" || text == "Long") {
    out.type = ConditionValueType::kNumeric;
  } else if (text == "IPAddress") {
    out.type = ConditionValueType::kIpAddress;
  } else if (text == "Binary") {
    out.type = ConditionValueType::kBinary;
  }
  return out;
}

uint8_t ParseAccessLevels(std::string_view text) {
  uint8_t levels = 0;
  while (!text.empty()) {
    const auto comma = text.find(',');
    std::string_view part = text.substr(0, comma);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    for (AccessLevel level : {AccessLevel::kList, AccessLevel::kRead, AccessLevel::kWrite,
                              AccessLevel::kPermissionsManagement, AccessLevel::kTagging}) {
      if (part == AccessLevelName(level)) levels |= static_cast<uint8_t>(level);
    }
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return levels;
}

// A condition key template as a case-folded glob: "${TagKey}" becomes '*'.
std::string TemplateGlob(std::string_view name) {
  std::string glob;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '$' && i + 1 < name.size() && name[i + 1] == '{') {
      const auto close = name.find('}', i);
      if (close != std::string_view::npos) {
        glob.push_back('*');
        i = close;
        continue;
      }
    }
    glob.push_back(LowerChar(name[i]));
  }
  return glob;
}

// The third colon-separated field of an ARN pattern ("s3" in "arn:${Partition}:s3:::..."), or "".
std::string_view ArnField(std::string_view arn, int field) {
  std::size_t start = 0;
  for (int i = 0; i < field; ++i) {
    const auto colon = arn.find(':', start);
    if (colon == std::string_view::npos) return {};
    start = colon + 1;
  }
  const auto end = arn.find(':', start);
  return arn.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
}

// The text of a condition key template before its first variable ("aws:PrincipalTag/").
std::string_view KeyStem(std::string_view name) {
  const auto var = name.find("${");
  return var == std::string_view::npos ? name : name.substr(0, var);
}

}  // namespace

const char* ConditionValueTypeName(ConditionValueType type) {
  switch (type) {
    case ConditionValueType::kString: return "String";
    case ConditionValueType::kArn: return "ARN";
    case ConditionValueType::kBool: return "Bool";
    case ConditionValueType::kDate: return "Date";
    case ConditionValueType::kNumeric: return "Numeric";
    case ConditionValueType::kIpAddress: return "IPAddress";
    case ConditionValueType::kBinary: return "Binary";
    case ConditionValueType::kUnknown: return "Unknown";
  }
  return "Unknown";
}

std::string ConditionKeyInfo::TypeName() const {
  return (multivalued ? std::string("ArrayOf") : std::string()) + ConditionValueTypeName(type);
}

const char* AccessLevelName(AccessLevel level) {
  switch (level) {
    case AccessLevel::kList: return "List";
    case AccessLevel::kRead: return "Read";
    case AccessLevel::kWrite: return "Write";
    case AccessLevel::kPermissionsManagement: return "Permissions management";
    case AccessLevel::kTagging: return "Tagging";
  }
  return "";
}

std::string ActionInfo::FullName() const {
  return service->prefix + ":" + name;
}

bool ActionInfo::SupportsConditionKey(const ConditionKeyInfo* key) const {
  if (std::find(condition_keys.begin(), condition_keys.end(), key) != condition_keys.end()) return true;
  for (const auto& rt : resource_types) {
    if (rt.type == nullptr) continue;
    const auto& keys = rt.type->condition_keys;
    if (std::find(keys.begin(), keys.end(), key) != keys.end()) return true;
  }
  return false;
}

struct ActionCatalog::Data {
  std::string version;
  std::vector<ServiceInfo> services;
  std::size_t action_count = 0;
  std::unordered_map<std::string, std::size_t> service_index;  // Lower-case prefix.
  // Per service (parallel to `services`): lower-case action name -> index in ServiceInfo::actions.
  std::vector<std::unordered_map<std::string, std::size_t>> action_index;
  std::deque<ConditionKeyInfo> keys;                                           // Stable addresses.
  std::unordered_map<std::string, ConditionKeyInfo*> key_index;                // Lower-case name.
  std::vector<std::pair<std::string, const ConditionKeyInfo*>> key_templates;  // (glob, key)
  std::vector<const ConditionKeyInfo*> global_keys;
  std::unordered_set<std::string> key_prefixes;   // Lower-case, without variables.
  std::vector<std::string> key_prefix_templates;  // Globs of prefixes with variables.
  std::unordered_map<std::string, std::vector<const ResourceTypeInfo*>> types_by_arn_service;
  std::vector<const ResourceTypeInfo*> no_types;

  ConditionKeyInfo* Intern(std::string_view name, std::string_view type, bool global) {
    const std::string lower = Lower(name);
    auto it = key_index.find(lower);
    if (it != key_index.end()) {
      ConditionKeyInfo* existing = it->second;
      if (existing->type == ConditionValueType::kUnknown && !type.empty()) {
        const ParsedType parsed = ParseValueType(type);
        existing->type = parsed.type;
        existing->multivalued = parsed.multivalued;
      }
      existing->global = existing->global || global;
      return existing;
    }
    ConditionKeyInfo& info = keys.emplace_back();
    info.name = std::string(name);
    const ParsedType parsed = ParseValueType(type);
    info.type = parsed.type;
    info.multivalued = parsed.multivalued;
    info.global = global;
    info.has_variable = name.find("${") != std::string_view::npos;
    key_index.emplace(lower, &info);
    if (info.has_variable) key_templates.emplace_back(TemplateGlob(name), &info);
    const std::string_view prefix = name.substr(0, name.find(':'));
    if (prefix.find("${") == std::string_view::npos) {
      key_prefixes.insert(Lower(prefix));
    } else {
      key_prefix_templates.push_back(TemplateGlob(prefix));
    }
    return &info;
  }
};

namespace {

using JsonValue = rapidjson::Value;

core::Error Invalid(const std::string& what) {
  return core::Error{"InvalidCatalog", "catalog: " + what};
}

std::string_view View(const JsonValue& v) {
  return std::string_view(v.GetString(), v.GetStringLength());
}

// The member named `name`, or nullptr. (Comparing RapidJSON member iterators is ambiguous in C++20.)
const JsonValue* Member(const JsonValue& object, const char* name) {
  return object.HasMember(name) ? &object[name] : nullptr;
}

}  // namespace

ActionCatalog::ActionCatalog(std::unique_ptr<Data> data) : data_(std::move(data)) {}
ActionCatalog::ActionCatalog(ActionCatalog&&) noexcept = default;
ActionCatalog& ActionCatalog::operator=(ActionCatalog&&) noexcept = default;
ActionCatalog::~ActionCatalog() = default;

core::Result<ActionCatalog> ActionCatalog::FromJson(std::string_view json) {
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (doc.HasParseError()) {
    return Invalid(std::string("not JSON: ") + rapidjson::GetParseError_En(doc.GetParseError()) +
                   " at offset " + std::to_string(doc.GetErrorOffset()));
  }
  if (!doc.IsObject()) return Invalid("the document is not an object");
  auto data = std::make_unique<Data>();
  // Reads a JSON array of key names (or null) into key pointers, interning names not seen yet.
  auto read_keys = [&data](const JsonValue& list, std::vector<const ConditionKeyInfo*>& out) {
    if (list.IsNull()) return true;
    if (!list.IsArray()) return false;
    out.reserve(list.Size());
    for (const auto& key : list.GetArray()) {
      if (!key.IsString()) return false;
      ConditionKeyInfo* info = data->Intern(View(key), "", false);
      info->listed_by_actions = true;
      if (std::find(out.begin(), out.end(), info) == out.end()) out.push_back(info);
    }
    return true;
  };

  if (const JsonValue* member = Member(doc, "version"); member != nullptr && member->IsString()) {
    data->version = std::string(View(*member));
  }

  // Global keys first, so a service listing "aws:RequestTag/${TagKey}" shares the global entry.
  if (const JsonValue* member = Member(doc, "globalConditionKeys"); member != nullptr) {
    if (!member->IsArray()) return Invalid("globalConditionKeys is not an array");
    for (const auto& entry : member->GetArray()) {
      if (!entry.IsArray() || entry.Size() != 2 || !entry[0].IsString() || !entry[1].IsString()) {
        return Invalid("globalConditionKeys entries must be [key, type]");
      }
      ConditionKeyInfo* info = data->Intern(View(entry[0]), View(entry[1]), true);
      if (std::find(data->global_keys.begin(), data->global_keys.end(), info) == data->global_keys.end()) {
        data->global_keys.push_back(info);
      }
    }
  }

  std::unordered_set<std::string> rcp_services;
  if (const JsonValue* member = Member(doc, "rcpServices"); member != nullptr && member->IsArray()) {
    for (const auto& s : member->GetArray()) {
      if (s.IsString()) rcp_services.insert(Lower(View(s)));
    }
  }

  const JsonValue* services_member = Member(doc, "services");
  if (services_member == nullptr || !services_member->IsObject()) return Invalid("services is not an object");
  const JsonValue& services = *services_member;
  data->services.reserve(services.MemberCount());
  data->action_index.reserve(services.MemberCount());

  for (const auto& entry : services.GetObject()) {
    const JsonValue& body = entry.value;
    if (!body.IsObject()) return Invalid("service " + std::string(View(entry.name)) + " is not an object");
    ServiceInfo& service = data->services.emplace_back();
    auto& action_index = data->action_index.emplace_back();
    service.prefix = std::string(View(entry.name));
    service.supports_resource_control_policies = rcp_services.count(Lower(service.prefix)) != 0;
    if (const JsonValue* member = Member(body, "name"); member != nullptr && member->IsString()) {
      service.name = std::string(View(*member));
    }
    const std::string where = "service " + service.prefix;

    if (const JsonValue* member = Member(body, "conditionKeys"); member != nullptr) {
      if (!member->IsObject()) return Invalid(where + ": conditionKeys is not an object");
      for (const auto& key : member->GetObject()) {
        if (!key.value.IsString()) return Invalid(where + ": condition key types must be strings");
        service.condition_keys.push_back(data->Intern(View(key.name), View(key.value), false));
      }
    }

    std::unordered_map<std::string, std::size_t> type_index;
    if (const JsonValue* member = Member(body, "resourceTypes"); member != nullptr) {
      if (!member->IsObject()) return Invalid(where + ": resourceTypes is not an object");
      service.resource_types.reserve(member->MemberCount());
      for (const auto& rt : member->GetObject()) {
        const JsonValue& v = rt.value;
        if (!v.IsArray() || v.Size() != 2 || !v[0].IsString()) {
          return Invalid(where + ": resource types must be [arnPattern, [conditionKey...]]");
        }
        ResourceTypeInfo& type = service.resource_types.emplace_back();
        type.service = &service;
        type.name = std::string(View(rt.name));
        type.arn_pattern = std::string(View(v[0]));
        if (!read_keys(v[1], type.condition_keys)) return Invalid(where + ": bad resource type keys");
        type_index.emplace(type.name, service.resource_types.size() - 1);
        data->types_by_arn_service[Lower(ArnField(type.arn_pattern, 2))].push_back(&type);
      }
    }

    if (const JsonValue* member = Member(body, "actions"); member != nullptr) {
      if (!member->IsObject()) return Invalid(where + ": actions is not an object");
      service.actions.reserve(member->MemberCount());
      for (const auto& a : member->GetObject()) {
        const JsonValue& v = a.value;
        if (!v.IsArray() || v.Size() != 3 || !v[0].IsString() || !v[1].IsArray()) {
          return Invalid(where + ": actions must be [accessLevel, [[resourceType, required]...], [key...]]");
        }
        ActionInfo& action = service.actions.emplace_back();
        action.service = &service;
        action.name = std::string(View(a.name));
        action.access_levels = ParseAccessLevels(View(v[0]));
        for (const auto& ref : v[1].GetArray()) {
          if (!ref.IsArray() || ref.Size() != 2 || !ref[0].IsString() || !ref[1].IsNumber()) {
            return Invalid(where + ": action resource types must be [name, 0|1]");
          }
          auto found = type_index.find(std::string(View(ref[0])));
          if (found == type_index.end()) continue;  // Dangling reference in the data: ignore.
          action.resource_types.push_back(
              ActionResourceType{&service.resource_types[found->second], ref[1].GetInt() != 0});
        }
        if (!read_keys(v[2], action.condition_keys)) return Invalid(where + ": bad action keys");
      }
      std::sort(service.actions.begin(), service.actions.end(),
                [](const ActionInfo& x, const ActionInfo& y) { return x.name < y.name; });
      for (std::size_t i = 0; i < service.actions.size(); ++i) {
        action_index.emplace(Lower(service.actions[i].name), i);
      }
      data->action_count += service.actions.size();
    }
    data->service_index.emplace(Lower(service.prefix), data->services.size() - 1);
    data->key_prefixes.insert(Lower(service.prefix));
  }
  return ActionCatalog(std::move(data));
}

const ActionCatalog& ActionCatalog::Embedded() {
  static const ActionCatalog catalog = [] {
    const std::string_view json(
        bulwark_iam_catalog_begin,
        static_cast<std::size_t>(bulwark_iam_catalog_end - bulwark_iam_catalog_begin));
    auto result = FromJson(json);
    if (!result.ok()) {
      // No input reaches this: the embedded catalog is produced and checked at build time.
      std::fprintf(stderr, "bulwark: the embedded action catalog is broken: %s\n",
                   result.error().message.c_str());
      std::abort();
    }
    return std::move(result).value();
  }();
  return catalog;
}

const std::string& ActionCatalog::data_version() const {
  return data_->version;
}
const std::vector<ServiceInfo>& ActionCatalog::services() const {
  return data_->services;
}
std::size_t ActionCatalog::action_count() const {
  return data_->action_count;
}
const std::vector<const ConditionKeyInfo*>& ActionCatalog::global_condition_keys() const {
  return data_->global_keys;
}

const ServiceInfo* ActionCatalog::FindService(std::string_view prefix) const {
  auto it = data_->service_index.find(Lower(prefix));
  return it == data_->service_index.end() ? nullptr : &data_->services[it->second];
}

const ActionInfo* ActionCatalog::FindAction(std::string_view prefix, std::string_view name) const {
  auto it = data_->service_index.find(Lower(prefix));
  if (it == data_->service_index.end()) return nullptr;
  const auto& index = data_->action_index[it->second];
  auto found = index.find(Lower(name));
  return found == index.end() ? nullptr : &data_->services[it->second].actions[found->second];
}

const ActionInfo* ActionCatalog::FindAction(std::string_view full_name) const {
  const auto colon = full_name.find(':');
  if (colon == std::string_view::npos) return nullptr;
  return FindAction(full_name.substr(0, colon), full_name.substr(colon + 1));
}

std::vector<const ServiceInfo*> ActionCatalog::MatchServices(std::string_view prefix_pattern) const {
  std::vector<const ServiceInfo*> out;
  if (!core::HasWildcard(prefix_pattern)) {
    if (const ServiceInfo* s = FindService(prefix_pattern)) out.push_back(s);
    return out;
  }
  for (const auto& s : data_->services) {
    if (WildcardMatch(prefix_pattern, s.prefix, CaseSensitivity::kInsensitive)) out.push_back(&s);
  }
  return out;
}

std::vector<const ActionInfo*> ActionCatalog::ExpandActionPattern(std::string_view pattern) const {
  std::vector<const ActionInfo*> out;
  if (pattern == "*") {
    out.reserve(data_->action_count);
    for (const auto& s : data_->services) {
      for (const auto& a : s.actions) out.push_back(&a);
    }
    return out;
  }
  const auto colon = pattern.find(':');
  if (colon == std::string_view::npos) return out;
  const std::string_view action_pattern = pattern.substr(colon + 1);
  const bool action_wildcard = core::HasWildcard(action_pattern);
  for (const ServiceInfo* s : MatchServices(pattern.substr(0, colon))) {
    if (!action_wildcard) {
      if (const ActionInfo* a = FindAction(s->prefix, action_pattern)) out.push_back(a);
      continue;
    }
    for (const auto& a : s->actions) {
      if (WildcardMatch(action_pattern, a.name, CaseSensitivity::kInsensitive)) out.push_back(&a);
    }
  }
  return out;
}

const ConditionKeyInfo* ActionCatalog::FindConditionKey(std::string_view key) const {
  const std::string lower = Lower(key);
  auto it = data_->key_index.find(lower);
  if (it != data_->key_index.end()) return it->second;
  for (const auto& [glob, info] : data_->key_templates) {
    if (WildcardMatch(glob, lower, CaseSensitivity::kSensitive)) return info;
  }
  return nullptr;
}

bool ActionCatalog::IsConditionKeyPrefix(std::string_view prefix) const {
  const std::string lower = Lower(prefix);
  if (data_->key_prefixes.count(lower) != 0) return true;
  for (const auto& glob : data_->key_prefix_templates) {
    if (WildcardMatch(glob, lower, CaseSensitivity::kSensitive)) return true;
  }
  return false;
}

const std::vector<const ResourceTypeInfo*>& ActionCatalog::ResourceTypesForArnService(
    std::string_view arn_service) const {
  auto it = data_->types_by_arn_service.find(Lower(arn_service));
  return it == data_->types_by_arn_service.end() ? data_->no_types : it->second;
}

namespace {

// Keeps the closest candidate within a distance budget proportional to the word's length.
class ClosestMatch {
 public:
  void Offer(std::string_view word, std::string_view compare_as, std::string_view candidate) {
    const std::size_t budget = std::max<std::size_t>(2, compare_as.size() / 4);
    const std::size_t d = EditDistance(word, compare_as);
    if (d <= budget && d < best_distance_) {
      best_distance_ = d;
      best_ = std::string(candidate);
    }
  }
  std::string Take() { return std::move(best_); }

 private:
  std::size_t best_distance_ = static_cast<std::size_t>(-1);
  std::string best_;
};

}  // namespace

std::string ActionCatalog::SuggestService(std::string_view prefix) const {
  ClosestMatch best;
  for (const auto& s : data_->services) best.Offer(prefix, s.prefix, s.prefix);
  return best.Take();
}

std::string ActionCatalog::SuggestAction(const ServiceInfo& service, std::string_view name) const {
  ClosestMatch best;
  for (const auto& a : service.actions) best.Offer(name, a.name, a.FullName());
  return best.Take();
}

std::string ActionCatalog::SuggestGlobalConditionKey(std::string_view key) const {
  ClosestMatch best;
  const auto slash = key.find('/');
  for (const ConditionKeyInfo* info : data_->global_keys) {
    if (info->has_variable) {
      // "aws:PrincipalTags/team" is compared as "aws:PrincipalTags/" with "aws:PrincipalTag/".
      if (slash != std::string_view::npos)
        best.Offer(key.substr(0, slash + 1), KeyStem(info->name), info->name);
    } else {
      best.Offer(key, info->name, info->name);
    }
  }
  return best.Take();
}

std::string ActionCatalog::SuggestServiceConditionKey(std::string_view key) const {
  const std::string prefix = Lower(key.substr(0, key.find(':')));
  ClosestMatch best;
  const auto slash = key.find('/');
  for (const auto& info : data_->keys) {
    if (Lower(std::string_view(info.name).substr(0, info.name.find(':'))) != prefix) continue;
    if (info.has_variable) {
      if (slash != std::string_view::npos)
        best.Offer(key.substr(0, slash + 1), KeyStem(info.name), info.name);
    } else {
      best.Offer(key, info.name, info.name);
    }
  }
  return best.Take();
}

std::size_t EditDistance(std::string_view a, std::string_view b) {
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  std::vector<std::size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (std::size_t j = 0; j <= m; ++j) prev[j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= m; ++j) {
      const bool same = LowerChar(a[i - 1]) == LowerChar(b[j - 1]);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (same ? 0 : 1)});
      if (i > 1 && j > 1 && LowerChar(a[i - 1]) == LowerChar(b[j - 2]) &&
          LowerChar(a[i - 2]) == LowerChar(b[j - 1])) {
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      }
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[m];
}

namespace {

// One element of a pattern for ArnPatternOverlaps.
struct Token {
  enum Kind : uint8_t { kLiteral, kAnyOne, kStar, kStarNoColon, kStarNoSlash } kind;
  char c;
  bool IsStar() const { return kind == kStar || kind == kStarNoColon || kind == kStarNoSlash; }
};

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::vector<Token> TokenizeCatalogPattern(std::string_view pattern, ArnPlaceholders placeholders) {
  std::vector<Token> out;
  int field = 0;
  bool slash_in_resource = false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '$' && i + 1 < pattern.size() && pattern[i + 1] == '{') {
      const auto close = pattern.find('}', i);
      if (close != std::string_view::npos) {
        Token::Kind kind = Token::kStar;
        if (field < 5) {
          kind = Token::kStarNoColon;
        } else if (placeholders == ArnPlaceholders::kSegment) {
          const std::string_view name = pattern.substr(i + 2, close - i - 2);
          const bool last = close + 1 == pattern.size();
          kind = EndsWith(name, "Path") || (last && slash_in_resource) ? Token::kStar : Token::kStarNoSlash;
        }
        out.push_back({kind, 0});
        i = close;
        continue;
      }
    }
    if (pattern[i] == ':') ++field;
    if (pattern[i] == '/' && field >= 5) slash_in_resource = true;
    out.push_back({Token::kLiteral, pattern[i]});
  }
  return out;
}

// IAM matches the first five ARN components one by one, so a policy wildcard there never spans a
// colon (core/arn.h); in the resource component it may.
std::vector<Token> TokenizePolicyResource(std::string_view resource) {
  std::vector<Token> out;
  int field = 0;
  for (std::size_t i = 0; i < resource.size(); ++i) {
    const char c = resource[i];
    const Token::Kind star = field < 5 ? Token::kStarNoColon : Token::kStar;
    if (c == '$' && i + 1 < resource.size() && resource[i + 1] == '{') {
      const auto close = resource.find('}', i);
      if (close != std::string_view::npos) {
        out.push_back({star, 0});
        i = close;
        continue;
      }
    }
    if (c == '*') {
      if (out.empty() || out.back().kind != star) out.push_back({star, 0});
    } else if (c == '?') {
      out.push_back({Token::kAnyOne, 0});
    } else {
      if (c == ':') ++field;
      out.push_back({Token::kLiteral, c});
    }
  }
  return out;
}

// Whether one character can satisfy both tokens.
bool CanShareChar(const Token& x, const Token& y) {
  if (x.kind == Token::kLiteral && y.kind == Token::kLiteral) return x.c == y.c;
  if (x.kind == Token::kLiteral && y.kind == Token::kStarNoColon) return x.c != ':';
  if (y.kind == Token::kLiteral && x.kind == Token::kStarNoColon) return y.c != ':';
  if (x.kind == Token::kLiteral && y.kind == Token::kStarNoSlash) return x.c != '/';
  if (y.kind == Token::kLiteral && x.kind == Token::kStarNoSlash) return y.c != '/';
  // Otherwise some character (a letter) satisfies both.
  return true;
}

}  // namespace

bool ArnPatternOverlaps(std::string_view catalog_pattern, std::string_view policy_resource,
                        ArnPlaceholders placeholders) {
  const std::vector<Token> a = TokenizeCatalogPattern(catalog_pattern, placeholders);
  const std::vector<Token> b = TokenizePolicyResource(policy_resource);
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  // Reachability in the product of the two automata: state (i, j) = both patterns consumed up to
  // there by some common prefix string.
  std::vector<bool> seen((n + 1) * (m + 1), false);
  std::vector<std::pair<std::size_t, std::size_t>> stack;
  auto visit = [&](std::size_t i, std::size_t j) {
    const std::size_t k = i * (m + 1) + j;
    if (!seen[k]) {
      seen[k] = true;
      stack.emplace_back(i, j);
    }
  };
  visit(0, 0);
  while (!stack.empty()) {
    const auto [i, j] = stack.back();
    stack.pop_back();
    if (i == n && j == m) return true;
    if (i < n && a[i].IsStar()) visit(i + 1, j);
    if (j < m && b[j].IsStar()) visit(i, j + 1);
    if (i < n && j < m && CanShareChar(a[i], b[j])) {
      const std::size_t ni = a[i].IsStar() ? i : i + 1;
      const std::size_t nj = b[j].IsStar() ? j : j + 1;
      if (ni != i || nj != j) visit(ni, nj);
    }
  }
  return false;
}

}  // namespace bulwark::policy
