// The AWS action catalog: lookups on the embedded data, wildcard expansion, access levels, resource
// types, condition keys, suggestions, ARN pattern overlap, and loading from JSON.
#include "policy/catalog.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iterator>
#include <string>

namespace bulwark::policy {
namespace {

const ActionCatalog& Catalog() {
  return ActionCatalog::Embedded();
}

bool Contains(const std::vector<const ActionInfo*>& actions, std::string_view full_name) {
  return std::any_of(actions.begin(), actions.end(),
                     [&](const ActionInfo* a) { return a->FullName() == full_name; });
}

const ActionResourceType* ResourceTypeOf(const ActionInfo& action, std::string_view name) {
  for (const auto& rt : action.resource_types) {
    if (rt.type != nullptr && rt.type->name == name) return &rt;
  }
  return nullptr;
}

TEST(ActionCatalog, EmbeddedCatalogHasServicesAndActions) {
  EXPECT_GT(Catalog().services().size(), 300u);
  EXPECT_GT(Catalog().action_count(), 10000u);
  EXPECT_FALSE(Catalog().data_version().empty());
}

// Speed is measured, not asserted (STYLE.md): the load time is recorded as a test property.
TEST(ActionCatalog, BuildsTheSameCatalogFromTheGeneratedFile) {
  std::ifstream in(BULWARK_CATALOG_JSON, std::ios::binary);
  ASSERT_TRUE(in) << BULWARK_CATALOG_JSON;
  const std::string json((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto start = std::chrono::steady_clock::now();
  auto catalog = ActionCatalog::FromJson(json);
  const auto elapsed =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(catalog.ok()) << catalog.error().message;
  RecordProperty("load_ms", std::to_string(elapsed));
  EXPECT_EQ(catalog->action_count(), Catalog().action_count());
  EXPECT_EQ(catalog->services().size(), Catalog().services().size());
  EXPECT_EQ(catalog->data_version(), Catalog().data_version());
}

TEST(ActionCatalog, FindsServiceIgnoringCase) {
  const ServiceInfo* s3 = Catalog().FindService("S3");
  ASSERT_NE(s3, nullptr);
  EXPECT_EQ(s3->prefix, "s3");
  EXPECT_EQ(s3->name, "Amazon S3");
  EXPECT_EQ(Catalog().FindService("no-such-service"), nullptr);
}

TEST(ActionCatalog, FindsActionIgnoringCaseAndKeepsAwsSpelling) {
  const ActionInfo* a = Catalog().FindAction("S3:getobject");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->name, "GetObject");
  EXPECT_EQ(a->FullName(), "s3:GetObject");
  EXPECT_EQ(Catalog().FindAction("iam", "PASSROLE"), Catalog().FindAction("iam:PassRole"));
  EXPECT_EQ(Catalog().FindAction("s3:GetObjects"), nullptr);
  EXPECT_EQ(Catalog().FindAction("GetObject"), nullptr);
}

TEST(ActionCatalog, ExpandsTrailingWildcardWithinService) {
  const auto actions = Catalog().ExpandActionPattern("s3:Get*");
  EXPECT_TRUE(Contains(actions, "s3:GetObject"));
  EXPECT_TRUE(Contains(actions, "s3:GetBucketPolicy"));
  EXPECT_FALSE(Contains(actions, "s3:PutObject"));
  for (const ActionInfo* a : actions) EXPECT_EQ(a->name.rfind("Get", 0), 0u) << a->name;
}

TEST(ActionCatalog, ExpandsQuestionMarkAndIgnoresCase) {
  const auto actions = Catalog().ExpandActionPattern("S3:?ETOBJECT");
  EXPECT_TRUE(Contains(actions, "s3:GetObject"));
  EXPECT_TRUE(Contains(actions, "s3:PutObject") == false);
}

TEST(ActionCatalog, StarAloneExpandsToEveryAction) {
  EXPECT_EQ(Catalog().ExpandActionPattern("*").size(), Catalog().action_count());
}

TEST(ActionCatalog, WildcardServicePrefixMatchesSeveralServices) {
  const auto services = Catalog().MatchServices("s3*");
  EXPECT_TRUE(
      std::any_of(services.begin(), services.end(), [](const ServiceInfo* s) { return s->prefix == "s3"; }));
  EXPECT_TRUE(std::any_of(services.begin(), services.end(),
                          [](const ServiceInfo* s) { return s->prefix == "s3express"; }));
  const auto actions = Catalog().ExpandActionPattern("s3*:ListBucket");
  EXPECT_TRUE(Contains(actions, "s3:ListBucket"));
}

TEST(ActionCatalog, UnknownServiceOrMissingColonExpandsToNothing) {
  EXPECT_TRUE(Catalog().ExpandActionPattern("nosuch:*").empty());
  EXPECT_TRUE(Catalog().ExpandActionPattern("s3GetObject").empty());
  EXPECT_TRUE(Catalog().ExpandActionPattern("s3:Frobnicate*").empty());
}

TEST(ActionCatalog, ReportsAccessLevels) {
  EXPECT_TRUE(Catalog().FindAction("s3:GetObject")->HasAccessLevel(AccessLevel::kRead));
  EXPECT_TRUE(Catalog().FindAction("s3:ListBucket")->HasAccessLevel(AccessLevel::kList));
  EXPECT_TRUE(Catalog().FindAction("s3:PutObject")->HasAccessLevel(AccessLevel::kWrite));
  EXPECT_TRUE(Catalog().FindAction("s3:PutObjectTagging")->HasAccessLevel(AccessLevel::kTagging));
  const ActionInfo* attach = Catalog().FindAction("iam:AttachUserPolicy");
  EXPECT_TRUE(attach->HasAccessLevel(AccessLevel::kPermissionsManagement));
  EXPECT_FALSE(attach->HasAccessLevel(AccessLevel::kRead));
  EXPECT_STREQ(AccessLevelName(AccessLevel::kPermissionsManagement), "Permissions management");
}

TEST(ActionCatalog, ReportsResourceTypesWithArnPatternsAndRequiredFlag) {
  const ActionInfo* get = Catalog().FindAction("s3:GetObject");
  const ActionResourceType* object = ResourceTypeOf(*get, "object");
  ASSERT_NE(object, nullptr);
  EXPECT_EQ(object->type->arn_pattern, "arn:${Partition}:s3:::${BucketName}/${ObjectName}");
  const ActionResourceType* role = ResourceTypeOf(*Catalog().FindAction("iam:PassRole"), "role");
  ASSERT_NE(role, nullptr);
  EXPECT_TRUE(role->required);
  EXPECT_TRUE(Catalog().FindAction("s3:ListAllMyBuckets")->resource_types.empty());
}

TEST(ActionCatalog, IndexesResourceTypesByTheServiceInTheirArn) {
  const auto& iam_types = Catalog().ResourceTypesForArnService("iam");
  EXPECT_TRUE(std::any_of(iam_types.begin(), iam_types.end(), [](const ResourceTypeInfo* t) {
    return t->name == "role" && t->service->prefix == "iam";
  }));
  EXPECT_TRUE(Catalog().ResourceTypesForArnService("no-such-service").empty());
}

TEST(ActionCatalog, FindsGlobalConditionKeysIgnoringCaseWithTypes) {
  const ConditionKeyInfo* ip = Catalog().FindConditionKey("AWS:sourceip");
  ASSERT_NE(ip, nullptr);
  EXPECT_EQ(ip->name, "aws:SourceIp");
  EXPECT_EQ(ip->type, ConditionValueType::kIpAddress);
  EXPECT_TRUE(ip->global);
  const ConditionKeyInfo* paths = Catalog().FindConditionKey("aws:PrincipalOrgPaths");
  ASSERT_NE(paths, nullptr);
  EXPECT_TRUE(paths->multivalued);
  EXPECT_EQ(paths->TypeName(), "ArrayOfString");
  EXPECT_EQ(Catalog().FindConditionKey("aws:CurrentTime")->type, ConditionValueType::kDate);
  EXPECT_EQ(Catalog().FindConditionKey("aws:MultiFactorAuthAge")->type, ConditionValueType::kNumeric);
  EXPECT_EQ(Catalog().FindConditionKey("aws:SecureTransport")->type, ConditionValueType::kBool);
  EXPECT_EQ(Catalog().FindConditionKey("aws:PrincipalArn")->type, ConditionValueType::kArn);
  EXPECT_EQ(Catalog().FindConditionKey("aws:NoSuchKey"), nullptr);
}

TEST(ActionCatalog, TagKeyTemplatesMatchAnyTagKey) {
  const ConditionKeyInfo* tag = Catalog().FindConditionKey("aws:PrincipalTag/CostCenter");
  ASSERT_NE(tag, nullptr);
  EXPECT_EQ(tag->name, "aws:PrincipalTag/${TagKey}");
  EXPECT_TRUE(tag->has_variable);
  EXPECT_TRUE(tag->global);
  const ConditionKeyInfo* object_tag = Catalog().FindConditionKey("s3:ExistingObjectTag/classification");
  ASSERT_NE(object_tag, nullptr);
  EXPECT_TRUE(Catalog().FindAction("s3:GetObject")->SupportsConditionKey(object_tag));
}

TEST(ActionCatalog, ServiceConditionKeysAreTiedToTheActionsThatSupplyThem) {
  const ConditionKeyInfo* prefix = Catalog().FindConditionKey("s3:prefix");
  ASSERT_NE(prefix, nullptr);
  EXPECT_FALSE(prefix->global);
  EXPECT_EQ(prefix->type, ConditionValueType::kString);
  EXPECT_TRUE(Catalog().FindAction("s3:ListBucket")->SupportsConditionKey(prefix));
  EXPECT_FALSE(Catalog().FindAction("s3:GetObject")->SupportsConditionKey(prefix));
}

TEST(ActionCatalog, KnowsConditionKeyPrefixesOfServicesAndIdentityProviders) {
  EXPECT_TRUE(Catalog().IsConditionKeyPrefix("saml"));
  EXPECT_TRUE(Catalog().IsConditionKeyPrefix("S3"));
  EXPECT_TRUE(Catalog().IsConditionKeyPrefix("aws"));
  EXPECT_FALSE(Catalog().IsConditionKeyPrefix("nosuchprefix"));
  EXPECT_NE(Catalog().FindConditionKey("saml:aud"), nullptr);
}

TEST(ActionCatalog, SuggestsClosestNames) {
  EXPECT_EQ(Catalog().SuggestService("s4"), "s3");
  EXPECT_EQ(Catalog().SuggestAction(*Catalog().FindService("s3"), "GetObjects"), "s3:GetObject");
  EXPECT_EQ(Catalog().SuggestGlobalConditionKey("aws:SourceIpp"), "aws:SourceIp");
  EXPECT_EQ(Catalog().SuggestGlobalConditionKey("aws:PrincipalTags/team"), "aws:PrincipalTag/${TagKey}");
  EXPECT_EQ(Catalog().SuggestServiceConditionKey("s3:prefx"), "s3:prefix");
  EXPECT_EQ(Catalog().SuggestService("completely-different-words"), "");
}

TEST(EditDistance, CountsEditsAndTranspositionsIgnoringCase) {
  EXPECT_EQ(EditDistance("GetObject", "getobject"), 0u);
  EXPECT_EQ(EditDistance("GetObjcet", "GetObject"), 1u);
  EXPECT_EQ(EditDistance("s3", "s4"), 1u);
  EXPECT_EQ(EditDistance("", "abc"), 3u);
}

TEST(ArnPatternOverlaps, PlaceholdersAndWildcardsMatchWithinComponents) {
  const std::string object = "arn:${Partition}:s3:::${BucketName}/${ObjectName}";
  const std::string bucket = "arn:${Partition}:s3:::${BucketName}";
  EXPECT_TRUE(ArnPatternOverlaps(object, "arn:aws:s3:::reports/*"));
  EXPECT_TRUE(ArnPatternOverlaps(object, "arn:aws:s3:::reports/2026/01/x.csv"));
  EXPECT_FALSE(ArnPatternOverlaps(object, "arn:aws:s3:::reports"));
  EXPECT_TRUE(ArnPatternOverlaps(bucket, "arn:aws:s3:::reports"));
  EXPECT_TRUE(ArnPatternOverlaps(bucket, "arn:aws:s3:::rep*"));
  EXPECT_FALSE(ArnPatternOverlaps(bucket, "arn:aws:kms:us-east-1:111122223333:key/k"));
  // A region or account wildcard does not span the colons around it.
  EXPECT_FALSE(ArnPatternOverlaps(bucket, "arn:aws:s3:*:reports"));
  EXPECT_TRUE(ArnPatternOverlaps(bucket, "arn:aws:s3:*:*:reports"));
  EXPECT_TRUE(ArnPatternOverlaps(bucket, "arn:aws:s3:::${aws:username}"));
}

TEST(ArnPatternOverlaps, SegmentPlaceholdersTellObjectsFromBuckets) {
  const std::string object = "arn:${Partition}:s3:::${BucketName}/${ObjectName}";
  const std::string bucket = "arn:${Partition}:s3:::${BucketName}";
  EXPECT_TRUE(ArnPatternOverlaps(bucket, "arn:aws:s3:::b/*", ArnPlaceholders::kAnyText));
  EXPECT_FALSE(ArnPatternOverlaps(bucket, "arn:aws:s3:::b/*", ArnPlaceholders::kSegment));
  EXPECT_TRUE(ArnPatternOverlaps(object, "arn:aws:s3:::b/dir/file", ArnPlaceholders::kSegment));
  EXPECT_TRUE(ArnPatternOverlaps("arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}",
                                 "arn:aws:iam::111122223333:role/service-role/app",
                                 ArnPlaceholders::kSegment));
}

TEST(ActionCatalogFromJson, BuildsASmallCatalog) {
  auto catalog = ActionCatalog::FromJson(R"({
    "version": "test",
    "globalConditionKeys": [["aws:SourceIp", "IPAddress"], ["aws:PrincipalTag/${TagKey}", "String"]],
    "rcpServices": ["demo"],
    "services": {"demo": {"name": "Demo", "actions": {
        "ReadThing": ["Read", [["thing", 1]], ["demo:Color"]],
        "ListThings": ["List", [], null]},
      "resourceTypes": {"thing": ["arn:${Partition}:demo:${Region}:${Account}:thing/${ThingId}", null]},
      "conditionKeys": {"demo:Color": "String"}}}})");
  ASSERT_TRUE(catalog.ok()) << catalog.error().message;
  EXPECT_EQ(catalog->data_version(), "test");
  EXPECT_EQ(catalog->action_count(), 2u);
  const ActionInfo* read = catalog->FindAction("demo:readthing");
  ASSERT_NE(read, nullptr);
  EXPECT_TRUE(read->service->supports_resource_control_policies);
  ASSERT_EQ(read->resource_types.size(), 1u);
  EXPECT_TRUE(read->resource_types[0].required);
  EXPECT_TRUE(read->SupportsConditionKey(catalog->FindConditionKey("DEMO:color")));
  EXPECT_EQ(catalog->ExpandActionPattern("demo:*").size(), 2u);
}

TEST(ActionCatalogFromJson, RejectsTextThatIsNotACatalog) {
  EXPECT_EQ(ActionCatalog::FromJson("not json").error().code, "InvalidCatalog");
  EXPECT_FALSE(ActionCatalog::FromJson("[]").ok());
  EXPECT_FALSE(ActionCatalog::FromJson(R"({"services": {"x": {"actions": {"A": "Read"}}}})").ok());
}

}  // namespace
}  // namespace bulwark::policy
