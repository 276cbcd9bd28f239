#include "trail/public_key_list.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cmath>

#include "crypto/base64.h"
#include "crypto/rsa.h"
#include "trail/seal_layout.h"

namespace bulwark::trail {

namespace {

core::Error Invalid(const std::string& what) { return core::Error{"InvalidPublicKeyList", "public keys: " + what}; }

// Epoch seconds (integer or fractional) or "YYYY-MM-DDTHH:MM:SS[.fff](Z|+00:00)".
core::Result<int64_t> Time(const boost::json::object& o, std::string_view name) {
  const auto* v = o.if_contains(name);
  if (v == nullptr) return Invalid(std::string(name) + " is missing");
  if (v->is_int64()) return v->get_int64();
  if (v->is_double() && std::isfinite(v->get_double()) && std::fabs(v->get_double()) < 1e15) {
    return static_cast<int64_t>(std::floor(v->get_double()));
  }
  if (v->is_string()) {
    std::string s(v->get_string());
    if (s.size() > 40) return Invalid(std::string(name) + " is too long");
    if (s.ends_with("+00:00")) s = s.substr(0, s.size() - 6) + "Z";
    if (auto dot = s.find('.'); dot != std::string::npos && s.ends_with("Z")) s = s.substr(0, dot) + "Z";
    if (auto t = ParseIsoTime(s)) return *t;
  }
  return Invalid(std::string(name) + " is not a time");
}

}  // namespace

std::string SerializePublicKeyList(const std::vector<TrailPublicKey>& keys) {
  boost::json::array list;
  for (const auto& k : keys) {
    list.push_back(boost::json::object{{"Value", crypto::Base64Encode(k.der)},
                                       {"ValidityStartTime", k.validity_start},
                                       {"ValidityEndTime", k.validity_end},
                                       {"Fingerprint", k.fingerprint}});
  }
  return boost::json::serialize(boost::json::object{{"PublicKeyList", std::move(list)}});
}

core::Result<std::vector<TrailPublicKey>> ParsePublicKeyList(std::string_view text) {
  if (text.size() > kMaxPublicKeyListBytes) return Invalid("file too large");
  boost::json::parse_options options;
  options.max_depth = 6;
  boost::system::error_code ec;
  boost::json::value root = boost::json::parse(text, ec, {}, options);
  if (ec) return Invalid("not JSON: " + ec.message());
  const auto* list = root.is_object() ? root.get_object().if_contains("PublicKeyList") : nullptr;
  if (list == nullptr || !list->is_array()) return Invalid("PublicKeyList must be a list");
  if (list->get_array().size() > kMaxPublicKeys) return Invalid("too many keys");
  std::vector<TrailPublicKey> keys;
  for (const auto& entry : list->get_array()) {
    if (!entry.is_object()) return Invalid("each key must be an object");
    const auto& o = entry.get_object();
    const auto* value = o.if_contains("Value");
    const auto* fp = o.if_contains("Fingerprint");
    if (value == nullptr || !value->is_string() || fp == nullptr || !fp->is_string()) {
      return Invalid("each key needs Value and Fingerprint strings");
    }
    auto der = crypto::Base64Decode(std::string(value->get_string()));
    if (!der.ok() || der->size() > crypto::kMaxRsaKeyDerBytes) return Invalid("Value is not base64 DER");
    TrailPublicKey k;
    k.der = std::move(*der);
    k.fingerprint = std::string(fp->get_string());
    if (crypto::PublicKeyFingerprint(k.der) != k.fingerprint) {
      return Invalid("the fingerprint " + k.fingerprint + " does not match its Value");
    }
    auto start = Time(o, "ValidityStartTime");
    if (!start.ok()) return start.error();
    auto end = Time(o, "ValidityEndTime");
    if (!end.ok()) return end.error();
    k.validity_start = *start;
    k.validity_end = *end;
    keys.push_back(std::move(k));
  }
  return keys;
}

}  // namespace bulwark::trail
