#include "services/accessanalyzer/accessanalyzer_service.h"

#include <algorithm>
#include <boost/json/stream_parser.hpp>
#include <charconv>
#include <string>
#include <vector>

#include "crypto/digest.h"
#include "policy/finding_path.h"
#include "policy/validator.h"
#include "services/input.h"

namespace bulwark::services {

namespace {

namespace json = boost::json;

core::Error Invalid(std::string message) { return core::Error{"ValidationException", std::move(message)}; }

// Where each line of the policy starts, so positions cost a search and one line's scan.
class PositionIndex {
 public:
  explicit PositionIndex(std::string_view text) : text_(text) {
    std::size_t units = 0;
    lines_.push_back({0, 0});
    for (std::size_t i = 0; i < text.size(); ++i) {
      units += Units(static_cast<unsigned char>(text[i]));
      if (text[i] == '\n') lines_.push_back({i + 1, units});
    }
  }

  // Access Analyzer's Position of byte `offset`: line from 1, column and offset from 0, in UTF-16
  // code units.
  json::object At(std::size_t offset) const {
    offset = std::min(offset, text_.size());
    auto it = std::upper_bound(lines_.begin(), lines_.end(), offset,
                               [](std::size_t o, const Line& l) { return o < l.byte_start; });
    const Line& line = *(it - 1);
    std::size_t column = 0;
    for (std::size_t i = line.byte_start; i < offset; ++i) column += Units(static_cast<unsigned char>(text_[i]));
    return json::object{{"line", static_cast<int64_t>(it - lines_.begin())},
                        {"column", static_cast<int64_t>(column)},
                        {"offset", static_cast<int64_t>(line.units_start + column)}};
  }

 private:
  struct Line {
    std::size_t byte_start;
    std::size_t units_start;
  };
  // UTF-16 code units a UTF-8 byte contributes: continuation bytes none, 4-byte leads two.
  static std::size_t Units(unsigned char c) {
    if ((c & 0xC0) == 0x80) return 0;
    return c >= 0xF0 ? 2 : 1;
  }
  std::string_view text_;
  std::vector<Line> lines_;
};

// The byte just past the JSON value that starts at `start` (a key is a string value too), or
// `start` when no value starts there (a syntax finding).
std::size_t ValueEnd(std::string_view text, std::size_t start) {
  if (start >= text.size()) return text.size();
  json::stream_parser parser;
  boost::system::error_code ec;
  const std::size_t used = parser.write_some(text.data() + start, text.size() - start, ec);
  if (ec || !parser.done()) return start;
  // The parser consumes white space after a complete value; the span ends at the value.
  std::size_t end = start + used;
  while (end > start && (text[end - 1] == ' ' || text[end - 1] == '\n' || text[end - 1] == '\r' || text[end - 1] == '\t')) {
    --end;
  }
  return end;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == '_') c = '-';
  }
  return out;
}

// The IAM User Guide's section for the check, as Access Analyzer links it.
std::string LearnMoreLink(const policy::Finding& f) {
  return "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html"
         "#access-analyzer-reference-policy-checks-" +
         Lower(policy::SeverityName(f.severity)) + "-" + Lower(f.code);
}

json::object FindingJson(const policy::Finding& f, std::string_view text, const PositionIndex& positions) {
  json::array path;
  for (const policy::PathStep& step : policy::PathSteps(f.path)) {
    if (step.is_index) {
      path.push_back(json::object{{"index", static_cast<int64_t>(step.index)}});
    } else {
      path.push_back(json::object{{"value", step.value}});
    }
  }
  const std::size_t start = f.location.line == 0 ? 0 : f.location.offset;
  const std::size_t end = f.location.line == 0 ? text.size() : ValueEnd(text, start);
  return json::object{
      {"findingDetails", f.message},
      {"findingType", policy::SeverityName(f.severity)},
      {"issueCode", f.code},
      {"learnMoreLink", LearnMoreLink(f)},
      {"locations", json::array{json::object{
                        {"path", std::move(path)},
                        {"span", json::object{{"start", positions.At(start)}, {"end", positions.At(end)}}}}}},
  };
}

core::Result<policy::PolicyKind> KindOf(const std::string& policy_type, const std::optional<std::string>& resource_type) {
  if (resource_type && policy_type != "RESOURCE_POLICY") {
    return Invalid("validatePolicyResourceType can be specified only when policyType is RESOURCE_POLICY.");
  }
  if (policy_type == "IDENTITY_POLICY") return policy::PolicyKind::kIdentity;
  if (policy_type == "SERVICE_CONTROL_POLICY") return policy::PolicyKind::kServiceControl;
  if (policy_type == "RESOURCE_CONTROL_POLICY") return policy::PolicyKind::kResourceControl;
  if (policy_type == "RESOURCE_POLICY") {
    if (resource_type && *resource_type == "AWS::IAM::AssumeRolePolicyDocument") return policy::PolicyKind::kTrust;
    return policy::PolicyKind::kResource;
  }
  return Invalid("Unknown policyType.");  // The model's enum check runs first; kept for safety.
}

// Binds a page position to the request it belongs to.
std::string RequestDigest(const std::string& policy_type, const std::optional<std::string>& resource_type,
                          const std::string& document) {
  return crypto::Sha256Hex(policy_type + "\n" + resource_type.value_or("") + "\n" + document).substr(0, 32);
}

std::string PageToken(std::size_t next, const std::string& digest) { return std::to_string(next) + "." + digest; }

core::Result<std::size_t> PageStart(const std::optional<std::string>& token, const std::string& digest,
                                    std::size_t total) {
  if (!token) return std::size_t{0};
  const std::size_t dot = token->find('.');
  std::size_t next = 0;
  if (dot == std::string::npos || token->substr(dot + 1) != digest) return Invalid("The nextToken is not valid.");
  auto [ptr, ec] = std::from_chars(token->data(), token->data() + dot, next);
  if (ec != std::errc() || ptr != token->data() + dot || dot == 0 || next >= total) {
    return Invalid("The nextToken is not valid.");
  }
  return next;
}

core::Result<OperationOutcome> ValidatePolicy(const CallContext& ctx) {
  const std::string document = RequiredString(ctx, "policyDocument");
  const std::string policy_type = RequiredString(ctx, "policyType");
  const std::optional<std::string> resource_type = OptionalString(ctx, "validatePolicyResourceType");
  const std::optional<int64_t> max_results = OptionalInt(ctx, "maxResults");
  if (max_results && *max_results < 1) return Invalid("maxResults must be at least 1.");
  auto kind = KindOf(policy_type, resource_type);
  if (!kind.ok()) return kind.error();

  policy::ValidateOptions options;
  options.kind = *kind;
  if (resource_type && options.kind == policy::PolicyKind::kResource) options.resource_type = *resource_type;
  const policy::Findings findings = policy::ValidatePolicyText(document, options);
  const std::string digest = RequestDigest(policy_type, resource_type, document);
  auto start = PageStart(OptionalString(ctx, "nextToken"), digest, findings.size());
  if (!start.ok()) return start.error();
  const std::size_t page = max_results ? static_cast<std::size_t>(*max_results) : findings.size();
  const std::size_t end = std::min(findings.size(), *start + page);

  const PositionIndex positions(document);
  json::array out;
  for (std::size_t i = *start; i < end; ++i) out.push_back(FindingJson(findings[i], document, positions));
  OperationOutcome outcome;
  outcome.result["findings"] = std::move(out);
  if (end < findings.size()) outcome.result["nextToken"] = PageToken(end, digest);
  return outcome;
}

}  // namespace

AccessAnalyzerService::AccessAnalyzerService()
    : TableService("access-analyzer", "access-analyzer.amazonaws.com",
                   protocol::ServiceProtocol{protocol::Protocol::kRestJson, "", ""}, "2019-11-01") {
  Operation op;
  op.name = "ValidatePolicy";
  op.action = "access-analyzer:ValidatePolicy";
  op.read_only = true;
  // Reads no store, but its work grows with the document (up to the body limit): it runs on the
  // executor's reader threads, never on the connection's (the snapshot it is given costs little).
  op.unbounded_read = true;
  op.resource = [](const CallContext&) { return ResourceRef{"*", ""}; };
  op.execute = [](const CallContext& ctx, store::Transaction&) { return ValidatePolicy(ctx); };
  Add(std::move(op));
}

}  // namespace bulwark::services
