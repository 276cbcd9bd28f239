// REST-JSON features the embedded accessanalyzer model does not exercise (its round trip against
// botocore is in botocore_roundtrip_test.py): greedy labels, header members, jsonvalue headers,
// prefix-header maps, query lists and maps, payload members, timestamps per location.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "crypto/base64.h"
#include "protocol/rest_json_decoder.h"
#include "protocol/rest_json_encoder.h"

namespace bulwark::protocol {
namespace {

namespace json = boost::json;

// A small model built by hand: PUT /objects/{Bucket}/{Key+} with every binding.
struct Fixture {
  Fixture() {
    Add("String", ShapeType::kString);
    Add("Integer", ShapeType::kInteger);
    Add("Timestamp", ShapeType::kTimestamp);
    Add("Doc", ShapeType::kString);
    Shape& list = Add("StringList", ShapeType::kList);
    list.member.shape = &Get("String");
    Shape& map = Add("StringMap", ShapeType::kMap);
    map.key.shape = &Get("String");
    map.value.shape = &Get("String");
    Shape& enum_shape = Add("Mode", ShapeType::kString);
    enum_shape.enum_values = {"FAST", "SLOW"};
    Shape& input = Add("PutInput", ShapeType::kStructure);
    input.members = {Bound("Bucket", "String", "uri", "Bucket", true), Bound("Key", "String", "uri", "Key", true),
                     Bound("Count", "Integer", "querystring", "count"), Bound("Tags", "StringList", "querystring", "tag"),
                     Bound("Extra", "StringMap", "querystring", ""), Bound("Since", "Timestamp", "header", "x-since"),
                     Bound("Meta", "StringMap", "headers", "x-meta-"), Bound("Doc", "Doc", "header", "x-doc"),
                     Bound("Mode", "Mode", "", "")};
    input.members.back().ref.location_name.clear();
    input.members[7].ref.json_value = true;
    Shape& output = Add("PutOutput", ShapeType::kStructure);
    output.members = {Bound("ETag", "String", "header", "ETag"), Bound("Mode", "Mode", "", "")};
    op.name = "Put";
    op.http_method = "PUT";
    op.request_uri = "/objects/{Bucket}/{Key+}";
    op.response_code = 201;
    op.input = &input;
    op.output = &output;
    model.operations.emplace("Put", op);
  }
  Shape& Add(const std::string& name, ShapeType type) {
    auto shape = std::make_unique<Shape>();
    shape->name = name;
    shape->type = type;
    return *model.shapes.emplace(name, std::move(shape)).first->second;
  }
  Shape& Get(const std::string& name) { return *model.shapes.at(name); }
  Member Bound(const std::string& name, const std::string& shape, const std::string& location,
               const std::string& wire, bool required = false) {
    Member m;
    m.name = name;
    m.ref.shape = &Get(shape);
    m.ref.location = location;
    m.ref.location_name = wire;
    m.required = required;
    return m;
  }
  ServiceModel model;
  OperationModel op;
};

core::Result<DecodedInput> Decode(const Fixture& f, std::string_view path, std::string_view query,
                                  const std::vector<Header>& headers, std::string_view body) {
  RestRequest request{"PUT", path, query, &headers, body};
  return DecodeRestJsonInput(f.op, request);
}

TEST(RestJsonDecoder, GreedyLabelKeepsSlashesAndDecodesEscapes) {
  Fixture f;
  auto in = Decode(f, "/objects/b1/a/b%20c/d", "", {}, "");
  ASSERT_TRUE(in.ok()) << in.error().message;
  EXPECT_EQ(in->members.at("Bucket").as_string(), "b1");
  EXPECT_EQ(in->members.at("Key").as_string(), "a/b c/d");
}

TEST(RestJsonDecoder, QueryListsMapsAndIntegers) {
  Fixture f;
  auto in = Decode(f, "/objects/b/k", "count=3&tag=x&tag=y&other=z", {}, "");
  ASSERT_TRUE(in.ok()) << in.error().message;
  EXPECT_EQ(in->members.at("Count").as_int64(), 3);
  EXPECT_EQ(in->members.at("Tags"), (json::array{"x", "y"}));
  EXPECT_EQ(in->members.at("Extra"), (json::object{{"other", "z"}}));
}

TEST(RestJsonDecoder, HeadersPrefixHeadersAndJsonValue) {
  Fixture f;
  const std::vector<Header> headers{{"X-Since", "Sun, 29 Nov 2026 05:44:49 GMT"},
                                    {"x-meta-color", "blue"},
                                    {"x-doc", crypto::Base64Encode(R"({"a":[1,2]})")}};
  auto in = Decode(f, "/objects/b/k", "", headers, R"({"Mode":"FAST"})");
  ASSERT_TRUE(in.ok()) << in.error().message;
  EXPECT_EQ(in->members.at("Since").as_int64(), 1795931089);  // 2026-11-29T05:44:49Z
  EXPECT_EQ(in->members.at("Meta"), (json::object{{"color", "blue"}}));
  EXPECT_EQ(in->members.at("Doc"), json::parse(R"({"a":[1,2]})"));
  EXPECT_EQ(in->members.at("Mode").as_string(), "FAST");
}

TEST(RestJsonDecoder, BadEnumIsValidationExceptionBadTypeIsSerializationException) {
  Fixture f;
  auto bad_enum = Decode(f, "/objects/b/k", "", {}, R"({"Mode":"MEDIUM"})");
  ASSERT_FALSE(bad_enum.ok());
  EXPECT_EQ(bad_enum.error().code, "ValidationException");
  EXPECT_NE(bad_enum.error().message.find("enum value set: [FAST, SLOW]"), std::string::npos);
  auto bad_int = Decode(f, "/objects/b/k", "count=many", {}, "");
  ASSERT_FALSE(bad_int.ok());
  EXPECT_EQ(bad_int.error().code, "SerializationException");
  auto not_object = Decode(f, "/objects/b/k", "", {}, "[1]");
  ASSERT_FALSE(not_object.ok());
  EXPECT_EQ(not_object.error().code, "SerializationException");
}

TEST(RestJsonDecoder, RepeatedSingleValuedParameterIsRefused) {
  Fixture f;
  auto in = Decode(f, "/objects/b/k", "count=1&count=2", {}, "");
  ASSERT_FALSE(in.ok());
  EXPECT_EQ(in.error().code, "SerializationException");
}

TEST(RestJsonRouter, UnknownPathOrMethodIsUnknownOperation) {
  Fixture f;
  const std::vector<Header> none;
  auto wrong_path = RouteRestJsonOperation(f.model, RestRequest{"PUT", "/nothing", "", &none, ""});
  ASSERT_FALSE(wrong_path.ok());
  EXPECT_EQ(wrong_path.error().code, "UnknownOperationException");
  auto wrong_method = RouteRestJsonOperation(f.model, RestRequest{"DELETE", "/objects/b/k", "", &none, ""});
  ASSERT_FALSE(wrong_method.ok());
  EXPECT_EQ(wrong_method.error().code, "UnknownOperationException");
  auto right = RouteRestJsonOperation(f.model, RestRequest{"PUT", "/objects/b/k", "", &none, ""});
  ASSERT_TRUE(right.ok());
  EXPECT_EQ((*right)->name, "Put");
}

TEST(RestJsonEncoder, StatusHeadersAndBodyFromTheModel) {
  Fixture f;
  auto r = EncodeRestJsonResult(f.op, json::object{{"ETag", "e1"}, {"Mode", "SLOW"}, {"Internal", "x"}}, "req");
  EXPECT_EQ(r.status, 201u);
  bool etag = false;
  for (const auto& [k, v] : r.headers) etag = etag || (k == "ETag" && v == "e1");
  EXPECT_TRUE(etag);
  EXPECT_EQ(json::parse(r.body), json::parse(R"({"Mode":"SLOW"})"));
}

TEST(RestJsonEncoder, ErrorsCarryTheTypeHeaderAndMessage) {
  auto r = EncodeRestJsonError(FindServiceModel("accessanalyzer"), core::Error{"ValidationException", "bad"}, "req");
  EXPECT_EQ(r.status, 400u);
  std::string type;
  for (const auto& [k, v] : r.headers) {
    if (k == "x-amzn-ErrorType") type = v;
  }
  EXPECT_EQ(type, "ValidationException");
  // Access Analyzer's ValidationException requires "reason".
  EXPECT_EQ(json::parse(r.body), json::parse(R"({"reason":"fieldValidationFailed","message":"bad"})"));
}

}  // namespace
}  // namespace bulwark::protocol
