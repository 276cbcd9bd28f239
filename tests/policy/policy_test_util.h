// Small helper verbs for policy evaluation tests.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "policy/compiled_policy.h"
#include "policy/evaluator.h"
#include "policy/parser.h"

namespace bulwark::policy::testing {

inline PolicyKind KindFor(PolicyType type) {
  switch (type) {
    case PolicyType::kResource: return PolicyKind::kResource;
    case PolicyType::kServiceControl: return PolicyKind::kServiceControl;
    case PolicyType::kResourceControl: return PolicyKind::kResourceControl;
    case PolicyType::kPermissionsBoundary: return PolicyKind::kPermissionsBoundary;
    case PolicyType::kSession: return PolicyKind::kSession;
    case PolicyType::kIdentity: return PolicyKind::kIdentity;
  }
  return PolicyKind::kIdentity;
}

inline std::shared_ptr<const CompiledPolicy> Compile(const std::string& json,
                                                     PolicyType type = PolicyType::kIdentity,
                                                     const std::string& id = "policy") {
  auto doc = ParsePolicy(json, ParseOptions{KindFor(type), 0});
  EXPECT_TRUE(doc.ok()) << (doc.ok() ? "" : doc.error().message) << "\n" << json;
  if (!doc.ok()) return nullptr;
  return CompiledPolicy::Compile(*doc, type, id);
}

// One statement: Allow/Deny `action` on `resource` with an optional Condition JSON.
inline std::string Statement(const std::string& effect, const std::string& action,
                             const std::string& resource, const std::string& condition = "",
                             const std::string& sid = "S") {
  std::string s = R"({"Sid":")" + sid + R"(","Effect":")" + effect + R"(","Action":")" + action +
                  R"(","Resource":")" + resource + "\"";
  if (!condition.empty()) s += R"(,"Condition":)" + condition;
  return s + "}";
}

// A resource-policy statement naming `principal_json` ("*", {"AWS": ...}, {"Service": ...}).
inline std::string PrincipalStatement(const std::string& effect, const std::string& principal_json,
                                      const std::string& action, const std::string& resource,
                                      const std::string& sid = "S",
                                      const std::string& principal_element = "Principal") {
  return R"({"Sid":")" + sid + R"(","Effect":")" + effect + R"(",")" + principal_element + R"(":)" +
         principal_json + R"(,"Action":")" + action + R"(","Resource":")" + resource + "\"}";
}

inline std::string Policy(const std::string& statements, const std::string& version = "2012-10-17") {
  return R"({"Version":")" + version + R"(","Statement":[)" + statements + "]}";
}

inline EvalRequest Request(const std::string& principal, const std::string& action,
                           const std::string& resource,
                           const std::map<std::string, std::string>& context = {}) {
  EvalRequest r;
  r.principal = RequestPrincipal::FromArn(principal);
  r.action = action;
  r.resource = resource;
  for (const auto& [k, v] : context) r.context.Set(k, v);
  return r;
}

inline std::vector<std::string> Sids(const Decision& d) {
  std::vector<std::string> sids;
  for (const auto& m : d.matched) sids.push_back(m.statement->sid);
  return sids;
}

inline std::vector<std::string> MissingKeys(const Decision& d) {
  return std::vector<std::string>(d.missing_context_keys.begin(), d.missing_context_keys.end());
}

inline const char* kAlice = "arn:aws:iam::111111111111:user/alice";

}  // namespace bulwark::policy::testing
