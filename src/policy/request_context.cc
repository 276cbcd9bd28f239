#include "policy/request_context.h"

#include "core/arn.h"
#include "policy/string_index.h"

namespace bulwark::policy {

std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}
bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

void RequestContext::Set(std::string_view key, std::string_view value) {
  ContextEntry& e = Entry(key);
  e.values_begin = static_cast<uint32_t>(values_.size());
  AddValue(value);
  e.values_end = static_cast<uint32_t>(values_.size());
  e.multivalued = false;
}

void RequestContext::SetList(std::string_view key, const std::vector<std::string>& values) {
  ContextEntry& e = Entry(key);
  e.values_begin = static_cast<uint32_t>(values_.size());
  for (const auto& v : values) AddValue(v);
  e.values_end = static_cast<uint32_t>(values_.size());
  e.multivalued = true;
}

// The entry of `key`, created when new. Replaced values stay unused in the arena.
ContextEntry& RequestContext::Entry(std::string_view key) {
  // The lower-cased key goes straight into the arena (then the key as given); dropped again when
  // the key is already there.
  const std::size_t offset = text_.size();
  text_.append(key);
  uint64_t hash = HashKey({});
  for (std::size_t i = offset; i < text_.size(); ++i) {
    char& c = text_[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    hash = HashStep(hash, c);
  }
  const std::string_view lower(text_.data() + offset, key.size());
  for (ContextEntry& e : entries_) {
    if (e.hash == hash && this->key(e) == lower) {
      text_.resize(offset);
      return e;
    }
  }
  text_.append(key);
  ContextEntry e;
  e.hash = hash;
  e.key_offset = static_cast<uint32_t>(offset);
  e.key_size = static_cast<uint32_t>(key.size());
  entries_.push_back(e);
  return entries_.back();
}

void RequestContext::AddValue(std::string_view value) {
  values_.push_back(Value{static_cast<uint32_t>(text_.size()), static_cast<uint32_t>(value.size()),
                          TypedValue::Parse(value)});
  text_.append(value);
}

const ContextEntry* RequestContext::Find(std::string_view key) const {
  const std::string lower = ToLower(key);
  return Find(lower, HashKey(lower));
}

namespace {

// Hexadecimal digits, dots, colons and a slash, with a dot or a colon: worth handing to inet_pton.
bool LooksLikeAddress(std::string_view v) {
  if (v.size() > 64) return false;
  bool separator = false;
  for (char c : v) {
    const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    separator |= c == '.' || c == ':';
    if (!hex && c != '.' && c != ':' && c != '/') return false;
  }
  return separator;
}

}  // namespace

// Each reading is tried only when the text can be of that type: building contexts is per request.
TypedValue TypedValue::Parse(std::string_view v) {
  TypedValue t;
  if (v.empty()) return t;
  const char c = v[0];
  if ((c >= '0' && c <= '9') || c == '-' || c == '.') {
    if (auto n = ParseNumber(v)) {
      t.number = t.date = *n;  // Epoch seconds are dates too.
      t.flags |= kNumber | kDate;
    } else if (v.size() >= 10 && v[4] == '-') {
      if (auto d = ParseDate(v)) {
        t.date = *d;
        t.flags |= kDate;
      }
    }
  }
  if (LooksLikeAddress(v)) {
    if (auto ip = ParseIpBlock(v)) {
      t.ip = *ip;
      t.flags |= kIp;
    }
  }
  if (v.size() == 4 || v.size() == 5) {
    if (auto b = ParseBool(v)) {
      t.boolean = *b;
      t.flags |= kBool;
    }
  }
  return t;
}

const char* PrincipalKindName(PrincipalKind kind) {
  switch (kind) {
    case PrincipalKind::kAccountRoot: return "Account";
    case PrincipalKind::kUser: return "User";
    case PrincipalKind::kRole: return "Role";
    case PrincipalKind::kRoleSession: return "AssumedRole";
    case PrincipalKind::kFederatedUser: return "FederatedUser";
    case PrincipalKind::kService: return "Service";
    case PrincipalKind::kWebIdentity: return "WebIdentity";
    case PrincipalKind::kAnonymous: return "Anonymous";
  }
  return "Anonymous";
}

RequestPrincipal RequestPrincipal::FromArn(std::string_view text) {
  RequestPrincipal p;
  p.arn = std::string(text);
  const auto arn = core::SplitArn(text);
  if (!arn) {
    if (text.empty() || text == "*") {
      p.kind = PrincipalKind::kAnonymous;
    } else if (EndsWith(text, ".amazonaws.com") && text != "cognito-identity.amazonaws.com") {
      p.kind = PrincipalKind::kService;
    } else {
      p.kind = PrincipalKind::kWebIdentity;  // accounts.google.com, graph.facebook.com, www.amazon.com ...
    }
    return p;
  }
  p.account = std::string(arn->account);
  const std::string_view res = arn->resource;
  p.kind = PrincipalKind::kAnonymous;
  if (arn->service == "iam" && res == "root") {
    p.kind = PrincipalKind::kAccountRoot;
  } else if (arn->service == "iam" && StartsWith(res, "user/")) {
    p.kind = PrincipalKind::kUser;
  } else if (arn->service == "iam" && StartsWith(res, "role/")) {
    p.kind = PrincipalKind::kRole;
    p.issuer_arn = p.arn;
  } else if (arn->service == "iam" &&
             (StartsWith(res, "saml-provider/") || StartsWith(res, "oidc-provider/"))) {
    p.kind = PrincipalKind::kWebIdentity;
    p.account.clear();
  } else if (arn->service == "sts" && StartsWith(res, "assumed-role/")) {
    p.kind = PrincipalKind::kRoleSession;
    // assumed-role/ROLE/SESSION -> role/ROLE (the session ARN does not carry the role's path).
    const std::string_view rest = res.substr(13);
    const std::string_view role = rest.substr(0, rest.find('/'));
    p.issuer_arn = "arn:" + std::string(arn->partition) + ":iam::" + p.account + ":role/" + std::string(role);
  } else if (arn->service == "sts" && StartsWith(res, "federated-user/")) {
    p.kind = PrincipalKind::kFederatedUser;
  }
  if (!p.issuer_arn.empty()) {
    const std::string_view issuer = p.issuer_arn;
    const std::string_view role_name = issuer.substr(issuer.rfind('/') + 1);
    p.service_linked_role = issuer.find(":role/aws-service-role/") != std::string_view::npos ||
                            StartsWith(role_name, "AWSServiceRoleFor");
  }
  return p;
}

}  // namespace bulwark::policy
