#include "iam/session_token.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "crypto/aead.h"
#include "crypto/base64.h"
#include "crypto/hmac.h"

namespace bulwark::iam {

namespace {

constexpr std::string_view kPrefix = "BWST1.";
constexpr std::size_t kMaxTokenBytes = 16 * 1024;  // Bounded before any decoding.

core::Error Invalid() {
  return core::Error{"InvalidClientTokenId", "The security token included in the request is invalid."};
}

const char* KindName(core::CallerKind k) {
  switch (k) {
    case core::CallerKind::kAssumedRole: return "assumed-role";
    case core::CallerKind::kFederatedUser: return "federated-user";
    case core::CallerKind::kUserSession: return "user-session";
    default: return "";
  }
}

boost::json::object ToJson(const SessionClaims& s) {
  const core::Caller& c = s.caller;
  boost::json::object tags;
  for (const auto& [k, v] : c.tags) tags[k] = v;
  boost::json::array arns, transitive;
  for (const auto& a : c.session_policy_arns) arns.push_back(boost::json::string(a));
  for (const auto& t : c.transitive_tag_keys) transitive.push_back(boost::json::string(t));
  return boost::json::object{{"k", KindName(c.kind)},     {"a", c.account_id},         {"arn", c.arn},
                             {"pid", c.principal_id},     {"u", c.user_name},          {"ak", c.access_key_id},
                             {"iarn", c.issuer_arn},      {"ipid", c.issuer_principal_id}, {"in", c.issuer_name},
                             {"iat", c.session_issued_at}, {"exp", c.session_expires_at}, {"mfa", c.mfa_present},
                             {"mfat", c.mfa_authenticated_at}, {"si", c.source_identity}, {"tags", std::move(tags)},
                             {"sp", c.session_policy},    {"spa", std::move(arns)},    {"tt", std::move(transitive)},
                             {"sk", s.secret_access_key}};
}

std::string Text(const boost::json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

int64_t Int(const boost::json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_int64() ? v->get_int64() : 0;
}

}  // namespace

std::string SessionTokenKey(std::string_view master_key) {
  const auto mac = crypto::HmacSha256(master_key, "bulwark sts session token key v1");
  return std::string(reinterpret_cast<const char*>(mac.data()), mac.size());
}

core::Result<std::string> SealSessionToken(std::string_view token_key, const SessionClaims& claims) {
  auto sealed = crypto::Seal(token_key, boost::json::serialize(ToJson(claims)), claims.caller.access_key_id);
  if (!sealed.ok()) return sealed.error();
  return std::string(kPrefix) + crypto::Base64Encode(*sealed);
}

core::Result<SessionClaims> OpenSessionToken(std::string_view token_key, std::string_view token,
                                             std::string_view access_key_id, int64_t now) {
  if (token.size() > kMaxTokenBytes || !token.starts_with(kPrefix)) return Invalid();
  auto sealed = crypto::Base64Decode(std::string(token.substr(kPrefix.size())));
  if (!sealed.ok()) return Invalid();
  auto plain = crypto::Open(token_key, *sealed, access_key_id);
  if (!plain.ok()) return Invalid();
  boost::system::error_code ec;
  auto json = boost::json::parse(*plain, ec);
  if (ec || !json.is_object()) return Invalid();
  const auto& o = json.get_object();
  SessionClaims s;
  core::Caller& c = s.caller;
  const std::string kind = Text(o, "k");
  if (kind == "assumed-role") {
    c.kind = core::CallerKind::kAssumedRole;
  } else if (kind == "federated-user") {
    c.kind = core::CallerKind::kFederatedUser;
  } else if (kind == "user-session") {
    c.kind = core::CallerKind::kUserSession;
  } else {
    return Invalid();
  }
  c.account_id = Text(o, "a");
  c.arn = Text(o, "arn");
  c.principal_id = Text(o, "pid");
  c.user_name = Text(o, "u");
  c.access_key_id = Text(o, "ak");
  c.issuer_arn = Text(o, "iarn");
  c.issuer_principal_id = Text(o, "ipid");
  c.issuer_name = Text(o, "in");
  c.session_issued_at = Int(o, "iat");
  c.session_expires_at = Int(o, "exp");
  const auto* mfa = o.if_contains("mfa");
  c.mfa_present = mfa != nullptr && mfa->is_bool() && mfa->get_bool();
  c.mfa_authenticated_at = Int(o, "mfat");
  c.source_identity = Text(o, "si");
  if (const auto* tags = o.if_contains("tags"); tags != nullptr && tags->is_object()) {
    for (const auto& [k, v] : tags->get_object()) {
      if (v.is_string()) c.tags[std::string(k)] = std::string(v.get_string());
    }
  }
  c.session_policy = Text(o, "sp");
  if (const auto* arns = o.if_contains("spa"); arns != nullptr && arns->is_array()) {
    for (const auto& a : arns->get_array()) {
      if (a.is_string()) c.session_policy_arns.emplace_back(a.get_string());
    }
  }
  if (const auto* tt = o.if_contains("tt"); tt != nullptr && tt->is_array()) {
    for (const auto& a : tt->get_array()) {
      if (a.is_string()) c.transitive_tag_keys.emplace_back(a.get_string());
    }
  }
  s.secret_access_key = Text(o, "sk");
  if (c.access_key_id != access_key_id || s.secret_access_key.empty()) return Invalid();
  if (now >= c.session_expires_at) {
    return core::Error{"ExpiredToken", "The security token included in the request is expired"};
  }
  return s;
}

}  // namespace bulwark::iam
