#include "cli/sarif_writer.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <map>
#include <sstream>

namespace bulwark::cli {

namespace json = boost::json;

namespace {

constexpr char kSchema[] = "https://json.schemastore.org/sarif-2.1.0.json";

json::object Message(const std::string& text) {
  return json::object{{"text", text}};
}

// "UNKNOWN_ACTION" -> "Unknown action": rules need a description; the codes are the stable names.
std::string Describe(const std::string& code) {
  std::string out;
  for (char c : code) {
    const char lower = c == '_' ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.push_back(out.empty() ? static_cast<char>(std::toupper(static_cast<unsigned char>(lower))) : lower);
  }
  return out;
}

json::object PhysicalLocation(const std::string& file, std::size_t line, std::size_t column) {
  return json::object{
      {"artifactLocation", json::object{{"uri", SarifArtifactUri(file)}}},
      {"region", json::object{{"startLine", std::max<std::size_t>(line, 1)},
                              {"startColumn", std::max<std::size_t>(column, 1)}}},
  };
}

void Pretty(std::ostream& os, const json::value& v, std::string& indent) {
  switch (v.kind()) {
    case json::kind::object: {
      const auto& obj = v.get_object();
      if (obj.empty()) {
        os << "{}";
        return;
      }
      os << "{\n";
      indent.append(2, ' ');
      for (auto it = obj.begin(); it != obj.end(); ++it) {
        os << indent << json::serialize(json::string(it->key())) << ": ";
        Pretty(os, it->value(), indent);
        if (std::next(it) != obj.end()) os << ",";
        os << "\n";
      }
      indent.resize(indent.size() - 2);
      os << indent << "}";
      return;
    }
    case json::kind::array: {
      const auto& arr = v.get_array();
      if (arr.empty()) {
        os << "[]";
        return;
      }
      os << "[\n";
      indent.append(2, ' ');
      for (auto it = arr.begin(); it != arr.end(); ++it) {
        os << indent;
        Pretty(os, *it, indent);
        if (std::next(it) != arr.end()) os << ",";
        os << "\n";
      }
      indent.resize(indent.size() - 2);
      os << indent << "]";
      return;
    }
    default: os << json::serialize(v);
  }
}

}  // namespace

const char* SarifLevel(policy::Severity severity) {
  switch (severity) {
    case policy::Severity::kError: return "error";
    case policy::Severity::kSecurityWarning:
    case policy::Severity::kWarning: return "warning";
    case policy::Severity::kSuggestion: return "note";
  }
  return "error";
}

std::string SarifArtifactUri(const std::string& path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = !path.empty() && path.front() == '/' ? "file://" : "";
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string SarifLog(const std::vector<ValidatedFile>& files) {
  // Rules: one per code present, sorted by id; the default level is the gravest seen for the code.
  std::map<std::string, policy::Severity> codes;
  for (const ValidatedFile& f : files) {
    for (const policy::Finding& finding : f.findings) {
      auto [it, inserted] = codes.emplace(finding.code, finding.severity);
      if (!inserted && static_cast<int>(finding.severity) > static_cast<int>(it->second)) {
        it->second = finding.severity;
      }
    }
  }
  json::array rules;
  std::map<std::string, std::size_t> rule_index;
  for (const auto& [code, severity] : codes) {
    rule_index[code] = rules.size();
    rules.push_back(json::object{
        {"id", code},
        {"name", code},
        {"shortDescription", Message(Describe(code))},
        {"defaultConfiguration", json::object{{"level", SarifLevel(severity)}}},
    });
  }

  json::array results;
  json::array notifications;
  for (const ValidatedFile& f : files) {
    if (!f.read_error.empty()) {
      notifications.push_back(json::object{
          {"level", "error"},
          {"message", Message(f.file + ": cannot read: " + f.read_error)},
          {"locations",
           json::array{json::object{
               {"physicalLocation",
                json::object{{"artifactLocation", json::object{{"uri", SarifArtifactUri(f.file)}}}}}}}},
      });
      continue;
    }
    for (const policy::Finding& finding : f.findings) {
      json::object location{
          {"physicalLocation", PhysicalLocation(f.file, finding.location.line, finding.location.column)}};
      if (!finding.path.empty()) {
        location["logicalLocations"] =
            json::array{json::object{{"fullyQualifiedName", finding.path}, {"kind", "member"}}};
      }
      results.push_back(json::object{
          {"ruleId", finding.code},
          {"ruleIndex", rule_index[finding.code]},
          {"level", SarifLevel(finding.severity)},
          {"message", Message(finding.message)},
          {"locations", json::array{std::move(location)}},
          {"properties",
           json::object{{"policyType", f.policy_type}, {"severity", policy::SeverityName(finding.severity)}}},
      });
    }
  }

  const json::value log = json::object{
      {"$schema", kSchema},
      {"version", "2.1.0"},
      {"runs", json::array{json::object{
                   {"tool", json::object{{"driver", json::object{{"name", "bulwark"},
                                                                 {"fullName", "bulwark policy validate"},
                                                                 {"rules", std::move(rules)}}}}},
                   {"invocations",
                    json::array{json::object{{"executionSuccessful", notifications.empty()},
                                             {"toolExecutionNotifications", std::move(notifications)}}}},
                   {"results", std::move(results)},
               }}},
  };
  std::ostringstream os;
  std::string indent;
  Pretty(os, log, indent);
  os << "\n";
  return os.str();
}

}  // namespace bulwark::cli
