#include "policy/request_context.h"

#include "core/arn.h"

namespace bulwark::policy {

std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

void RequestContext::Set(std::string_view key, std::string value) {
  std::vector<std::string> values;
  values.push_back(std::move(value));
  SetList(key, std::move(values));
  entries_.back().multivalued = false;
}

namespace {

std::vector<TypedValue> ParseTyped(const std::vector<std::string>& values) {
  std::vector<TypedValue> typed;
  typed.reserve(values.size());
  for (const auto& v : values) {
    TypedValue t;
    t.number = ParseNumber(v);
    t.date = t.number ? t.number : ParseDate(v);
    t.ip = ParseIpBlock(v);
    t.boolean = ParseBool(v);
    typed.push_back(t);
  }
  return typed;
}

}  // namespace

void RequestContext::SetList(std::string_view key, std::vector<std::string> values) {
  std::string lower = ToLower(key);
  std::vector<TypedValue> typed = ParseTyped(values);
  for (auto& e : entries_) {
    if (e.key == lower) {
      e.values = std::move(values);
      e.typed = std::move(typed);
      e.multivalued = true;
      return;
    }
  }
  entries_.push_back(ContextEntry{std::move(lower), std::string(key), std::move(values), std::move(typed), true});
}

const ContextEntry* RequestContext::Find(std::string_view lower_key) const {
  for (const auto& e : entries_) {
    if (e.key == lower_key) return &e;
  }
  return nullptr;
}

PrincipalFacts AnalyzePrincipal(std::string_view principal) {
  PrincipalFacts f;
  f.arn = std::string(principal);
  auto arn = core::SplitArn(principal);
  if (!arn) {
    f.kind = principal.find(".amazonaws.com") != std::string_view::npos ? PrincipalKind::kService : PrincipalKind::kOther;
    return f;
  }
  f.account = std::string(arn->account);
  const std::string_view res = arn->resource;
  if (arn->service == "iam" && res == "root") {
    f.kind = PrincipalKind::kAccountRoot;
  } else if (arn->service == "iam" && res.rfind("user/", 0) == 0) {
    f.kind = PrincipalKind::kUser;
  } else if (arn->service == "iam" && res.rfind("role/", 0) == 0) {
    f.kind = PrincipalKind::kRole;
    f.role_arn = f.arn;
  } else if (arn->service == "sts" && res.rfind("assumed-role/", 0) == 0) {
    f.kind = PrincipalKind::kRoleSession;
    // assumed-role/ROLE/SESSION -> role/ROLE (the session ARN does not carry the role's path).
    std::string_view rest = res.substr(13);
    std::string_view role = rest.substr(0, rest.find('/'));
    f.role_arn = "arn:" + std::string(arn->partition) + ":iam::" + f.account + ":role/" + std::string(role);
  } else if (arn->service == "sts" && res.rfind("federated-user/", 0) == 0) {
    f.kind = PrincipalKind::kFederatedUser;
  }
  return f;
}

}  // namespace bulwark::policy
