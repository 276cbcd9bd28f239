#include "cli/policy_kind_inference.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "core/json_tree.h"

namespace bulwark::cli {

namespace {

using core::JsonValue;

bool StartsWithIgnoreCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
         });
}

// The string values of an element that is a string or an array of strings.
std::vector<std::string_view> Strings(const JsonValue* element) {
  std::vector<std::string_view> out;
  if (element == nullptr) return out;
  if (element->IsString()) out.push_back(element->text());
  if (element->IsArray()) {
    for (const JsonValue& item : element->items()) {
      if (item.IsString()) out.push_back(item.text());
    }
  }
  return out;
}

}  // namespace

policy::PolicyKind InferPolicyKind(std::string_view text) {
  auto json = core::ParseJson(text);
  if (!json.ok() || !json->IsObject()) return policy::PolicyKind::kIdentity;
  const JsonValue* statement = json->Find("Statement");
  if (statement == nullptr) return policy::PolicyKind::kIdentity;
  std::vector<const JsonValue*> statements;
  if (statement->IsObject()) statements.push_back(statement);
  if (statement->IsArray()) {
    for (const JsonValue& item : statement->items()) {
      if (item.IsObject()) statements.push_back(&item);
    }
  }
  bool principal = false;
  bool only_sts = true;
  bool assume_role = false;
  for (const JsonValue* st : statements) {
    principal = principal || st->Find("Principal") != nullptr || st->Find("NotPrincipal") != nullptr;
    if (st->Find("NotAction") != nullptr) only_sts = false;
    for (std::string_view action : Strings(st->Find("Action"))) {
      only_sts = only_sts && StartsWithIgnoreCase(action, "sts:");
      assume_role = assume_role || StartsWithIgnoreCase(action, "sts:AssumeRole");
    }
  }
  if (!principal) return policy::PolicyKind::kIdentity;
  return only_sts && assume_role ? policy::PolicyKind::kTrust : policy::PolicyKind::kResource;
}

}  // namespace bulwark::cli
