#include "policy/condition_operator.h"

#include <array>
#include <utility>

namespace bulwark::policy {

namespace {

struct OperatorInfo {
  std::string_view name;
  ConditionTest test;
  OperatorFamily family;
  bool negated;
};

// The AWS condition operators ("IAM JSON policy elements: Condition operators").
constexpr std::array<OperatorInfo, 27> kOperators{{
    {"StringEquals", ConditionTest::kStringEquals, OperatorFamily::kString, false},
    {"StringNotEquals", ConditionTest::kStringNotEquals, OperatorFamily::kString, true},
    {"StringEqualsIgnoreCase", ConditionTest::kStringEqualsIgnoreCase, OperatorFamily::kString, false},
    {"StringNotEqualsIgnoreCase", ConditionTest::kStringNotEqualsIgnoreCase, OperatorFamily::kString, true},
    {"StringLike", ConditionTest::kStringLike, OperatorFamily::kString, false},
    {"StringNotLike", ConditionTest::kStringNotLike, OperatorFamily::kString, true},
    {"NumericEquals", ConditionTest::kNumericEquals, OperatorFamily::kNumeric, false},
    {"NumericNotEquals", ConditionTest::kNumericNotEquals, OperatorFamily::kNumeric, true},
    {"NumericLessThan", ConditionTest::kNumericLessThan, OperatorFamily::kNumeric, false},
    {"NumericLessThanEquals", ConditionTest::kNumericLessThanEquals, OperatorFamily::kNumeric, false},
    {"NumericGreaterThan", ConditionTest::kNumericGreaterThan, OperatorFamily::kNumeric, false},
    {"NumericGreaterThanEquals", ConditionTest::kNumericGreaterThanEquals, OperatorFamily::kNumeric, false},
    {"DateEquals", ConditionTest::kDateEquals, OperatorFamily::kDate, false},
    {"DateNotEquals", ConditionTest::kDateNotEquals, OperatorFamily::kDate, true},
    {"DateLessThan", ConditionTest::kDateLessThan, OperatorFamily::kDate, false},
    {"DateLessThanEquals", ConditionTest::kDateLessThanEquals, OperatorFamily::kDate, false},
    {"DateGreaterThan", ConditionTest::kDateGreaterThan, OperatorFamily::kDate, false},
    {"DateGreaterThanEquals", ConditionTest::kDateGreaterThanEquals, OperatorFamily::kDate, false},
    {"Bool", ConditionTest::kBool, OperatorFamily::kBool, false},
    {"BinaryEquals", ConditionTest::kBinaryEquals, OperatorFamily::kBinary, false},
    {"IpAddress", ConditionTest::kIpAddress, OperatorFamily::kIpAddress, false},
    {"NotIpAddress", ConditionTest::kNotIpAddress, OperatorFamily::kIpAddress, true},
    {"ArnEquals", ConditionTest::kArnEquals, OperatorFamily::kArn, false},
    {"ArnLike", ConditionTest::kArnLike, OperatorFamily::kArn, false},
    {"ArnNotEquals", ConditionTest::kArnNotEquals, OperatorFamily::kArn, true},
    {"ArnNotLike", ConditionTest::kArnNotLike, OperatorFamily::kArn, true},
    {"Null", ConditionTest::kNull, OperatorFamily::kNull, false},
}};

const OperatorInfo& InfoOf(ConditionTest test) {
  for (const auto& info : kOperators) {
    if (info.test == test) return info;
  }
  return kOperators[0];  // Unreachable: every enumerator is in the table.
}

bool ConsumePrefix(std::string_view& s, std::string_view prefix) {
  if (s.substr(0, prefix.size()) != prefix) return false;
  s.remove_prefix(prefix.size());
  return true;
}

bool ConsumeSuffix(std::string_view& s, std::string_view suffix) {
  if (s.size() < suffix.size() || s.substr(s.size() - suffix.size()) != suffix) return false;
  s.remove_suffix(suffix.size());
  return true;
}

}  // namespace

std::optional<ConditionOperator> ParseConditionOperator(std::string_view name) {
  ConditionOperator op;
  op.name = std::string(name);
  std::string_view rest = name;
  if (ConsumePrefix(rest, "ForAllValues:")) {
    op.qualifier = SetQualifier::kForAllValues;
  } else if (ConsumePrefix(rest, "ForAnyValue:")) {
    op.qualifier = SetQualifier::kForAnyValue;
  }
  std::string_view base = rest;
  for (const auto& info : kOperators) {
    if (info.name == base) {
      op.test = info.test;
      return op;
    }
  }
  if (ConsumeSuffix(base, "IfExists")) {
    for (const auto& info : kOperators) {
      // "NullIfExists" is not an operator: Null already tests existence.
      if (info.name == base && info.test != ConditionTest::kNull) {
        op.test = info.test;
        op.if_exists = true;
        return op;
      }
    }
  }
  return std::nullopt;
}

OperatorFamily FamilyOf(ConditionTest test) { return InfoOf(test).family; }

bool IsNegated(ConditionTest test) { return InfoOf(test).negated; }

const char* ConditionTestName(ConditionTest test) { return InfoOf(test).name.data(); }

}  // namespace bulwark::policy
