#include "cli/policy_validate_command.h"

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <sstream>
#include <utility>

#include "cli/policy_kind_inference.h"
#include "cli/sarif_writer.h"
#include "policy/finding_path.h"
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

constexpr char kAutoPolicyType[] = "auto";

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// Sets `*kind` to the named kind, or to nullopt for "auto" (inferred per file); false when unknown.
bool ParsePolicyType(const std::string& name, std::optional<PolicyKind>* kind) {
  if (EqualsIgnoreCase(name, kAutoPolicyType)) {
    kind->reset();
    return true;
  }
  for (const auto& t : kPolicyTypes) {
    if (EqualsIgnoreCase(name, t.name)) {
      *kind = t.kind;
      return true;
    }
  }
  return false;
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

boost::json::object FindingJson(const Finding& f) {
  boost::json::array path;
  for (const policy::PathStep& step : policy::PathSteps(f.path)) {
    if (step.is_index) {
      path.push_back(boost::json::object{{"index", step.index}});
    } else {
      path.push_back(boost::json::object{{"value", step.value}});
    }
  }
  boost::json::object start{
      {"line", f.location.line}, {"column", f.location.column}, {"offset", f.location.offset}};
  return boost::json::object{
      {"findingType", policy::SeverityName(f.severity)},
      {"issueCode", f.code},
      {"findingDetails", f.message},
      {"locations",
       boost::json::array{boost::json::object{{"path", std::move(path)},
                                              {"span", boost::json::object{{"start", std::move(start)}}}}}},
  };
}

// One line of --format json: {"file", "policyType", "findings"} or {"file", "error"}.
std::string FileJson(const ValidatedFile& f) {
  boost::json::object line{{"file", f.file}};
  if (!f.read_error.empty()) {
    line["error"] = f.read_error;
  } else {
    line["policyType"] = f.policy_type;
    boost::json::array findings;
    for (const Finding& finding : f.findings) findings.push_back(FindingJson(finding));
    line["findings"] = std::move(findings);
  }
  return boost::json::serialize(line);
}

const char* PolicyTypeNameOf(PolicyKind kind) {
  for (const auto& t : kPolicyTypes) {
    if (t.kind == kind) return t.name;
  }
  return "IDENTITY_POLICY";
}

// The inputs named on the command line: files as given, directories walked recursively for *.json
// files (sorted, so output is stable). An input that cannot be listed is a ValidatedFile with its
// read_error set.
std::vector<ValidatedFile> ExpandInputs(const std::vector<std::string>& args) {
  namespace fs = std::filesystem;
  std::vector<ValidatedFile> out;
  for (const std::string& arg : args) {
    std::error_code ec;
    if (arg == "-" || !fs::is_directory(arg, ec)) {
      out.push_back(ValidatedFile{arg, {}, {}, {}});
      continue;
    }
    std::vector<std::string> found;
    fs::recursive_directory_iterator it(arg, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      std::error_code type_ec;
      if (it->path().extension() == ".json" && it->is_regular_file(type_ec))
        found.push_back(it->path().string());
    }
    if (ec) {
      out.push_back(ValidatedFile{arg, {}, {}, "cannot list the directory: " + ec.message()});
      continue;
    }
    if (found.empty()) {
      out.push_back(ValidatedFile{arg, {}, {}, "directory holds no *.json files"});
      continue;
    }
    std::sort(found.begin(), found.end());
    for (std::string& file : found) out.push_back(ValidatedFile{std::move(file), {}, {}, {}});
  }
  return out;
}

}  // namespace

int RunPolicyValidate(const PolicyValidateArgs& args, std::ostream& out, std::ostream& err) {
  std::optional<PolicyKind> fixed_kind;
  if (!ParsePolicyType(args.policy_type, &fixed_kind)) {
    err << "bulwark policy validate: unknown --policy-type " << args.policy_type << "\n";
    return kValidateUnreadable;
  }
  Severity fail_on = Severity::kError;
  if (!policy::ParseSeverity(args.fail_on, &fail_on)) {
    err << "bulwark policy validate: unknown --fail-on " << args.fail_on << "\n";
    return kValidateUnreadable;
  }
  if (!args.resource_type.empty()) {
    if (!policy::IsKnownResourcePolicyType(args.resource_type)) {
      err << "bulwark policy validate: unknown --resource-type " << args.resource_type << "\n";
      return kValidateUnreadable;
    }
    fixed_kind = args.resource_type == "AWS::IAM::AssumeRolePolicyDocument" ? PolicyKind::kTrust
                                                                            : PolicyKind::kResource;
  }
  const bool json = EqualsIgnoreCase(args.format, "json");
  const bool sarif = EqualsIgnoreCase(args.format, "sarif");
  if (!json && !sarif && !EqualsIgnoreCase(args.format, "text")) {
    err << "bulwark policy validate: unknown --format " << args.format << "\n";
    return kValidateUnreadable;
  }

  bool unreadable = false;
  bool failing = false;
  std::array<std::size_t, 4> counts{};  // By severity.
  std::vector<ValidatedFile> files = ExpandInputs(args.files);
  for (ValidatedFile& file : files) {
    std::optional<std::string> text;
    if (file.read_error.empty()) text = ReadInput(file.file, &file.read_error);
    if (!text) {
      unreadable = true;
      err << file.file << ": cannot read: " << file.read_error << "\n";
      if (json) out << FileJson(file) << "\n";
      continue;
    }
    policy::ValidateOptions options;
    options.kind = fixed_kind ? *fixed_kind : InferPolicyKind(*text);
    options.resource_type = args.resource_type;
    file.policy_type = PolicyTypeNameOf(options.kind);
    file.findings = policy::ValidatePolicyText(*text, options);
    for (const Finding& f : file.findings) {
      ++counts[static_cast<std::size_t>(f.severity)];
      failing = failing || static_cast<int>(f.severity) >= static_cast<int>(fail_on);
    }
    if (json) {
      out << FileJson(file) << "\n";
    } else if (!sarif) {
      for (const Finding& f : file.findings) {
        out << file.file << ":" << f.location.line << ":" << f.location.column << ": "
            << policy::SeverityName(f.severity) << " " << f.code << ": " << f.message << " (checked as "
            << file.policy_type << ")\n";
      }
    }
  }
  if (sarif) {
    out << SarifLog(files);
  } else if (!json) {
    out << files.size() << (files.size() == 1 ? " file: " : " files: ")
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
  cmd->add_option("files", args->files,
                  "Policy JSON files, or directories to search for *.json files (\"-\" reads standard input)")
      ->required();
  std::vector<std::string> types{kAutoPolicyType};
  for (const auto& t : kPolicyTypes) types.emplace_back(t.name);
  cmd->add_option("--policy-type", args->policy_type,
                  "What the policy is attached to; auto infers identity, resource or trust policies from "
                  "each document (SCPs and RCPs must be named)")
      ->transform(CLI::IsMember(types, CLI::ignore_case))
      ->default_str(kAutoPolicyType);
  cmd->add_option("--resource-type", args->resource_type,
                  "Resource type of resource policies, as ValidatePolicy's validatePolicyResourceType "
                  "(AWS::S3::Bucket, AWS::KMS::Key, AWS::IAM::AssumeRolePolicyDocument ...); implies the policy type");
  cmd->add_option("--fail-on", args->fail_on, "Lowest severity that makes the exit status 1")
      ->transform(CLI::IsMember({"ERROR", "SECURITY_WARNING", "WARNING", "SUGGESTION"}, CLI::ignore_case))
      ->default_str("ERROR");
  cmd->add_option("--format", args->format, "Output format (sarif: SARIF 2.1.0 for code-scanning tools)")
      ->transform(CLI::IsMember({"text", "json", "sarif"}, CLI::ignore_case))
      ->default_str("text");
  cmd->callback([args, exit_code] { *exit_code = RunPolicyValidate(*args, std::cout, std::cerr); });
}

}  // namespace bulwark::cli
