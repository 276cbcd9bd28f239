#include "cli/policy_validate_command.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <sstream>
#include <utility>

#include "policy/finding.h"
#include "policy/parser.h"
#include "policy/validator.h"

namespace bulwark::cli {

namespace {

using policy::Finding;
using policy::Findings;
using policy::PolicyKind;
using policy::Severity;

// --policy-type values: Access Analyzer's policyType names, plus TRUST_POLICY for role trust
// policies (Access Analyzer checks those as RESOURCE_POLICY of type AWS::IAM::AssumeRolePolicyDocument).
struct PolicyTypeName {
  const char* name;
  PolicyKind kind;
};
constexpr std::array<PolicyTypeName, 5> kPolicyTypes{{
    {"IDENTITY_POLICY", PolicyKind::kIdentity},
    {"RESOURCE_POLICY", PolicyKind::kResource},
    {"SERVICE_CONTROL_POLICY", PolicyKind::kServiceControl},
    {"RESOURCE_CONTROL_POLICY", PolicyKind::kResourceControl},
    {"TRUST_POLICY", PolicyKind::kTrust},
}};

std::optional<PolicyKind> ParsePolicyType(const std::string& name) {
  for (const auto& t : kPolicyTypes) {
    if (name == t.name) return t.kind;
  }
  return std::nullopt;
}

// Reads a whole file, or standard input for "-". nullopt (with `why`) when it cannot be read.
std::optional<std::string> ReadInput(const std::string& file, std::string* why) {
  if (file == "-") {
    std::ostringstream text;
    text << std::cin.rdbuf();
    return text.str();
  }
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) {
    *why = "no such file";
    return std::nullopt;
  }
  if (std::filesystem::is_directory(file, ec)) {
    *why = "is a directory";
    return std::nullopt;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    *why = "cannot open the file";
    return std::nullopt;
  }
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) {
    *why = "read error";
    return std::nullopt;
  }
  return text;
}

// One step of an Access Analyzer location path.
struct PathStep {
  bool is_index = false;
  std::string value;
  std::size_t index = 0;
};

// Splits "Name[3]" into a value step and an index step.
void AppendSegment(std::string_view segment, std::vector<PathStep>& out) {
  std::optional<std::size_t> index;
  const auto open = segment.rfind('[');
  if (!segment.empty() && segment.back() == ']' && open != std::string_view::npos &&
      open + 2 < segment.size()) {
    const std::string_view digits = segment.substr(open + 1, segment.size() - open - 2);
    if (digits.find_first_not_of("0123456789") == std::string_view::npos && digits.size() < 10) {
      index = static_cast<std::size_t>(std::stoul(std::string(digits)));
      segment = segment.substr(0, open);
    }
  }
  if (!segment.empty()) out.push_back(PathStep{false, std::string(segment), 0});
  if (index) out.push_back(PathStep{true, {}, *index});
}

// Turns the findings' path notation ("Statement[0].Condition.StringEquals.aws:SourceIp[1]") into
// Access Analyzer's steps. Under Condition, the operator is one segment and the rest is the key,
// which may itself contain dots ("token.actions.githubusercontent.com:sub").
std::vector<PathStep> PathSteps(std::string_view path) {
  std::vector<PathStep> out;
  int condition_stage = 0;  // 1: expecting operator, 2: the rest is the key.
  while (!path.empty()) {
    if (condition_stage == 2) {
      AppendSegment(path, out);
      break;
    }
    const auto dot = path.find('.');
    const std::string_view segment = path.substr(0, dot);
    AppendSegment(segment, out);
    if (condition_stage == 1) {
      condition_stage = 2;
    } else if (segment == "Condition") {
      condition_stage = 1;
    }
    if (dot == std::string_view::npos) break;
    path.remove_prefix(dot + 1);
  }
  return out;
}

std::string FindingJson(const Finding& f) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("findingType");
  w.String(policy::SeverityName(f.severity));
  w.Key("issueCode");
  w.String(f.code.c_str(), static_cast<rapidjson::SizeType>(f.code.size()));
  w.Key("findingDetails");
  w.String(f.message.c_str(), static_cast<rapidjson::SizeType>(f.message.size()));
  w.Key("locations");
  w.StartArray();
  w.StartObject();
  w.Key("path");
  w.StartArray();
  for (const PathStep& step : PathSteps(f.path)) {
    w.StartObject();
    if (step.is_index) {
      w.Key("index");
      w.Uint64(step.index);
    } else {
      w.Key("value");
      w.String(step.value.c_str(), static_cast<rapidjson::SizeType>(step.value.size()));
    }
    w.EndObject();
  }
  w.EndArray();
  w.Key("span");
  w.StartObject();
  w.Key("start");
  w.StartObject();
  w.Key("line");
  w.Uint(f.location.line);
  w.Key("column");
  w.Uint(f.location.column);
  w.Key("offset");
  w.Uint(f.location.offset);
  w.EndObject();
  w.EndObject();
  w.EndObject();
  w.EndArray();
  w.EndObject();
  return buffer.GetString();
}

std::string JsonString(const std::string& text) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.String(text.c_str(), static_cast<rapidjson::SizeType>(text.size()));
  return buffer.GetString();
}

}  // namespace

int RunPolicyValidate(const PolicyValidateArgs& args, std::ostream& out, std::ostream& err) {
  const std::optional<PolicyKind> kind = ParsePolicyType(args.policy_type);
  if (!kind) {
    err << "bulwark policy validate: unknown --policy-type " << args.policy_type << "\n";
    return kValidateUnreadable;
  }
  Severity fail_on = Severity::kError;
  if (!policy::ParseSeverity(args.fail_on, &fail_on)) {
    err << "bulwark policy validate: unknown --fail-on " << args.fail_on << "\n";
    return kValidateUnreadable;
  }
  const bool json = args.format == "json";
  policy::ValidateOptions options;
  options.kind = *kind;

  bool unreadable = false;
  bool failing = false;
  std::array<std::size_t, 4> counts{};  // By severity.
  for (const std::string& file : args.files) {
    std::string why;
    const std::optional<std::string> text = ReadInput(file, &why);
    if (!text) {
      unreadable = true;
      err << file << ": cannot read: " << why << "\n";
      if (json) out << "{\"file\":" << JsonString(file) << ",\"error\":" << JsonString(why) << "}\n";
      continue;
    }
    const Findings findings = policy::ValidatePolicyText(*text, options);
    for (const Finding& f : findings) {
      ++counts[static_cast<std::size_t>(f.severity)];
      failing = failing || static_cast<int>(f.severity) >= static_cast<int>(fail_on);
    }
    if (json) {
      out << "{\"file\":" << JsonString(file) << ",\"findings\":[";
      for (std::size_t i = 0; i < findings.size(); ++i) out << (i ? "," : "") << FindingJson(findings[i]);
      out << "]}\n";
    } else {
      for (const Finding& f : findings) {
        out << file << ":" << f.location.line << ":" << f.location.column << ": "
            << policy::SeverityName(f.severity) << " " << f.code << ": " << f.message << "\n";
      }
    }
  }
  if (!json) {
    out << args.files.size() << (args.files.size() == 1 ? " file: " : " files: ")
        << counts[static_cast<std::size_t>(Severity::kError)] << " errors, "
        << counts[static_cast<std::size_t>(Severity::kSecurityWarning)] << " security warnings, "
        << counts[static_cast<std::size_t>(Severity::kWarning)] << " warnings, "
        << counts[static_cast<std::size_t>(Severity::kSuggestion)] << " suggestions\n";
  }
  if (unreadable) return kValidateUnreadable;
  return failing ? kValidateFindings : kValidateClean;
}

void AddPolicyValidateCommand(CLI::App& policy, int* exit_code) {
  auto args = std::make_shared<PolicyValidateArgs>();
  CLI::App* cmd = policy.add_subcommand("validate",
                                        "Check policy files as IAM Access Analyzer's ValidatePolicy does "
                                        "(exit 0 clean, 1 findings, 2 unreadable)");
  cmd->add_option("files", args->files, "Policy JSON files (\"-\" reads standard input)")->required();
  std::vector<std::string> types;
  for (const auto& t : kPolicyTypes) types.emplace_back(t.name);
  cmd->add_option("--policy-type", args->policy_type, "What the policy is attached to")
      ->transform(CLI::IsMember(types, CLI::ignore_case))
      ->default_str("IDENTITY_POLICY");
  cmd->add_option("--fail-on", args->fail_on, "Lowest severity that makes the exit status 1")
      ->transform(CLI::IsMember({"ERROR", "SECURITY_WARNING", "WARNING", "SUGGESTION"}, CLI::ignore_case))
      ->default_str("ERROR");
  cmd->add_option("--format", args->format, "Output format")
      ->transform(CLI::IsMember({"text", "json"}, CLI::ignore_case))
      ->default_str("text");
  cmd->callback([args, exit_code] { *exit_code = RunPolicyValidate(*args, std::cout, std::cerr); });
}

}  // namespace bulwark::cli
