// What the IAM operations share: their dependencies, the rules on parameters that IAM applies beyond
// its model (paging markers, policy grammar and quotas, tag rules), the output shapes of users,
// groups, roles and policies, and resource ARNs for authorization.
// Thread-safety: pure functions, except the resource lookups, which read the store.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/iso_time.h"
#include "core/result.h"
#include "iam/access_keys.h"
#include "iam/entities.h"
#include "iam/managed_policies.h"
#include "iam/tags.h"
#include "policy/parser.h"
#include "services/input.h"
#include "services/service.h"
#include "store/store.h"

namespace bulwark::services::iam_ops {

struct IamDeps {
  std::shared_ptr<store::Store> store;  // For resource lookups before the call's transaction.
  std::string master_key;               // Seals secrets (access keys, MFA seeds).
  // Called inside a transaction that changes credentials or who they belong to, so caches of
  // resolved keys drop what they hold (server/access_key_cache.h).
  std::function<void()> credentials_changed;
};

using OperationList = std::vector<Operation>;

// Parameters ---------------------------------------------------------------------------------
// Read from the decoded input (services/input.h): the model's lengths, patterns, ranges, enums and
// required members have been checked before a handler runs, so these check only IAM's own rules.

struct Paging {
  std::string marker;  // Decoded; empty for the first page.
  int max_items = 100;
};
// MaxItems (the model bounds it to 1..1000) and Marker, decoded ("Invalid Marker." otherwise).
core::Result<Paging> PagingParams(const CallContext& ctx);
// Adds IsTruncated and Marker to a list result.
void SetPage(boost::json::object& result, const std::optional<std::string>& next_marker);

// A policy document member, checked with the policy parser for its kind and quota.
core::Result<std::string> PolicyDocumentParam(const CallContext& ctx, const char* name, policy::PolicyKind kind,
                                              std::size_t quota);
// The Tags member, checked against IAM's tag rules (iam::ValidateTags).
core::Result<std::vector<iam::Tag>> TagsParam(const CallContext& ctx);

// aws:RequestTag/<k> and aws:TagKeys for requests that carry tags.
std::map<std::string, std::vector<std::string>> RequestTagKeys(const CallContext& ctx);

core::Error ValidationError(const std::string& message);

// Shapes -------------------------------------------------------------------------------------

boost::json::object EntityJson(const iam::Entity& e, const std::vector<iam::Tag>* tags);
boost::json::object PolicyJson(const iam::ManagedPolicy& p, const std::vector<iam::Tag>* tags);
boost::json::array TagsJson(const std::vector<iam::Tag>& tags);
// A query-protocol map (SummaryMap, EvalDecisionDetails): botocore reads the children of a map
// element as key/value pairs, which the codec renders from an array of {key, value} objects.
boost::json::array QueryMap(const boost::json::object& members);
// The same object with lowerCamelCase member names: CloudTrail's responseElements.
boost::json::value ResponseElements(const boost::json::value& result);

// Resources ----------------------------------------------------------------------------------

// The entity named by member `param` (its ARN as stored, with its path), or the ARN it would
// have at the root path when it does not exist (yet).
std::function<ResourceRef(const CallContext&)> EntityResource(const IamDeps& deps, iam::EntityKind kind,
                                                              const char* param);
// The ARN an entity being created will have: its requested Path (default "/") and name, so a policy
// scoped to a path ("user/eng/*") decides where principals may create entities.
std::function<ResourceRef(const CallContext&)> NewEntityResource(iam::EntityKind kind, const char* param);
// The caller's own user when the parameter is absent (GetUser, CreateAccessKey, ...).
std::function<ResourceRef(const CallContext&)> UserOrSelfResource(const IamDeps& deps, const char* param);
std::function<ResourceRef(const CallContext&)> PolicyResource(const char* param);

// The user an operation applies to: the UserName member, else the calling IAM user.
core::Result<std::string> UserOrSelf(const CallContext& ctx);

OperationOutcome Outcome(boost::json::object result, bool mutation);

// Access key last use -------------------------------------------------------------------------

struct AccessKeyUse {
  int64_t time = 0;          // Epoch seconds.
  std::string service;       // "iam", "sts", ...
  std::string region;        // The record's awsRegion.
};
// The newest call recorded as authenticated with the long-term key `key`: signed with it and made by
// its owner (the trail's username is the user's name, "root" for the root user). Records of
// requests that failed authentication (userIdentity "Unknown", no username) are not uses: a wrong
// secret with the right key id must not move "last used". Read through the trail's
// (access_key_id, username, seq) index.
core::Result<std::optional<AccessKeyUse>> LastUseOfAccessKey(store::ReadView& view, const iam::AccessKeyRecord& key);

}  // namespace bulwark::services::iam_ops
