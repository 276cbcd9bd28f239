#include "cli/policy_simulate_command.h"

#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "cli/simulation_case.h"
#include "policy/request_context.h"

namespace bulwark::cli {

namespace {

constexpr std::size_t kMaxLineBytes = 1 << 20;    // One batch case.
constexpr std::size_t kMaxPolicyFileBytes = 1 << 20;

struct SimulateFlags {
  std::string principal;
  std::string action;
  std::string resource = "*";
  std::string resource_account;
  std::vector<std::string> context;  // key=value; a repeated key makes a multivalued key
  std::vector<std::string> identity;
  std::string resource_policy;
  std::vector<std::string> boundaries;
  std::vector<std::string> scp_levels;  // each: comma-separated files, root first
  std::string session_policy;
  bool batch = false;
};

// Reads and parses one policy file; unreadable files are exit status 2.
core::Result<core::JsonValue> ReadPolicyFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::Error{"NoSuchFile", "cannot read " + path};
  std::string text;
  text.resize(kMaxPolicyFileBytes + 1);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > kMaxPolicyFileBytes) return core::Error{"NoSuchFile", path + " is larger than 1 MiB"};
  auto json = core::ParseJson(text);
  if (!json.ok()) return core::Error{"MalformedPolicyDocument", path + ": " + json.error().message};
  return json;
}

std::vector<std::string> SplitCommas(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

int RunFromFlags(const SimulateFlags& f, std::ostream& out, std::ostream& err) {
  SimulationCase c;
  c.id_json = "\"cli\"";
  c.request.principal = f.principal;
  c.request.action = f.action;
  c.request.resource = f.resource;
  c.request.resource_account = f.resource_account;
  std::map<std::string, std::vector<std::string>> context;
  std::vector<std::string> order;
  for (const auto& kv : f.context) {
    const auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) {
      err << "bulwark: --context expects key=value, got '" << kv << "'\n";
      return 2;
    }
    const std::string key = kv.substr(0, eq);
    if (!context.count(key)) order.push_back(key);
    context[key].push_back(kv.substr(eq + 1));
  }
  for (const auto& key : order) {
    auto& values = context[key];
    if (values.size() == 1) {
      c.request.context.Set(key, values.front());
    } else {
      c.request.context.SetList(key, values);
    }
  }
  // Each policy file: read (exit 2 when unreadable), then compile (exit 1 when malformed).
  auto add = [&](const std::string& path, policy::PolicyType type) -> std::optional<int> {
    auto json = ReadPolicyFile(path);
    if (!json.ok()) {
      err << "bulwark: " << json.error().message << "\n";
      return json.error().code == "NoSuchFile" ? 2 : 1;
    }
    auto p = AddPolicy(c, *json, type, path);
    if (!p.ok()) {
      out << ErrorJson(c.id_json, p.error()) << "\n";
      return 1;
    }
    return std::nullopt;
  };
  for (const auto& path : f.identity) {
    if (auto rc = add(path, policy::PolicyType::kIdentity)) return *rc;
    c.policies.identity.push_back(c.owned.back().get());
  }
  if (!f.resource_policy.empty()) {
    if (auto rc = add(f.resource_policy, policy::PolicyType::kResource)) return *rc;
    c.policies.resource = c.owned.back().get();
  }
  if (!f.boundaries.empty()) {
    c.policies.boundaries.emplace();
    for (const auto& path : f.boundaries) {
      if (auto rc = add(path, policy::PolicyType::kPermissionsBoundary)) return *rc;
      c.policies.boundaries->push_back(c.owned.back().get());
    }
  }
  if (!f.scp_levels.empty()) {
    c.policies.scps.emplace();
    for (const auto& level : f.scp_levels) {
      c.policies.scps->emplace_back();
      for (const auto& path : SplitCommas(level)) {
        if (auto rc = add(path, policy::PolicyType::kServiceControl)) return *rc;
        c.policies.scps->back().push_back(c.owned.back().get());
      }
    }
  }
  if (!f.session_policy.empty()) {
    if (auto rc = add(f.session_policy, policy::PolicyType::kSession)) return *rc;
    c.policies.session = std::vector<const policy::CompiledPolicy*>{c.owned.back().get()};
  }
  const policy::Decision d = policy::Evaluate(c.policies, c.request);
  out << ResultJson(c.id_json, d) << "\n";
  return 0;
}

}  // namespace

int RunSimulateBatch(std::istream& in, std::ostream& out) {
  int status = 0;
  std::string line;
  while (std::getline(in, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    if (line.size() > kMaxLineBytes) {
      out << ErrorJson("null", core::Error{"InvalidInput", "a case is larger than 1 MiB"}) << "\n";
      status = 1;
      continue;
    }
    core::JsonLimits limits;
    limits.max_bytes = kMaxLineBytes;
    auto json = core::ParseJson(line, limits);
    if (!json.ok()) {
      out << ErrorJson("null", core::Error{"InvalidInput", json.error().message}) << "\n";
      status = 1;
      continue;
    }
    auto c = ReadBatchCase(*json);
    if (!c.ok()) {
      std::string id = "null";
      if (json->IsObject()) {
        if (const auto* v = json->Find("id"); v != nullptr && (v->IsString() || v->IsNumber())) id = core::ToJson(*v);
      }
      out << ErrorJson(id, c.error()) << "\n";
      status = 1;
      continue;
    }
    const policy::Decision d = policy::Evaluate(c->policies, c->request);
    out << ResultJson(c->id_json, d) << "\n";
  }
  return status;
}

void AddPolicySimulateCommand(CLI::App& policy, int* exit_code) {
  auto flags = std::make_shared<SimulateFlags>();
  CLI::App* cmd = policy.add_subcommand(
      "simulate", "Evaluate requests against policies with AWS's evaluation logic and explain the decisions");
  cmd->add_flag("--batch", flags->batch, "Read cases as JSON lines on stdin; print one result line per case");
  cmd->add_option("--principal", flags->principal, "Caller ARN (user, role session, root, ...)");
  cmd->add_option("--action", flags->action, "Action, e.g. s3:GetObject");
  cmd->add_option("--resource", flags->resource, "Resource ARN (default *)");
  cmd->add_option("--resource-account", flags->resource_account, "Account owning the resource (default: the caller's)");
  cmd->add_option("--context", flags->context, "Context key=value; repeat a key for a multivalued key");
  cmd->add_option("--identity-policy", flags->identity, "Identity-based policy file (repeatable)");
  cmd->add_option("--resource-policy", flags->resource_policy, "Resource-based policy file");
  cmd->add_option("--boundary", flags->boundaries, "Permissions boundary policy file");
  cmd->add_option("--scp-level", flags->scp_levels, "SCPs of one organization level, comma-separated files (repeat per level, root first)");
  cmd->add_option("--session-policy", flags->session_policy, "Session policy file");
  cmd->callback([flags, exit_code, cmd] {
    if (flags->batch) {
      *exit_code = RunSimulateBatch(std::cin, std::cout);
      return;
    }
    if (flags->principal.empty() || flags->action.empty()) {
      std::cerr << "bulwark: simulate needs --principal and --action (or --batch)\n" << cmd->help();
      *exit_code = 2;
      return;
    }
    *exit_code = RunFromFlags(*flags, std::cout, std::cerr);
  });
}

}  // namespace bulwark::cli
