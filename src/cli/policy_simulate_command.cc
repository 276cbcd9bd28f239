#include "cli/policy_simulate_command.h"

#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>

#include "cli/simulation_case.h"

namespace bulwark::cli {

namespace {

constexpr std::size_t kMaxLineBytes = 1 << 20;        // One batch case.
constexpr std::size_t kMaxPolicyFileBytes = 1 << 20;  // One policy file.

// Reads one line of at most `max` bytes; a longer line is consumed and reported as too long.
// Returns false at the end of the input.
bool ReadBoundedLine(std::istream& in, std::string* line, std::size_t max, bool* too_long) {
  line->clear();
  *too_long = false;
  std::streambuf* buf = in.rdbuf();
  bool any = false;
  for (int c = buf->sbumpc(); c != std::char_traits<char>::eof(); c = buf->sbumpc()) {
    any = true;
    if (c == '\n') return true;
    if (line->size() < max) {
      line->push_back(static_cast<char>(c));
    } else {
      *too_long = true;
    }
  }
  in.setstate(std::ios::eofbit);
  return any;
}

// A policy file as JSON. Errors: NoSuchFile (unreadable: exit 2), MalformedPolicyDocument.
core::Result<core::JsonValue> ReadPolicyFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::Error{"NoSuchFile", "cannot read " + path};
  std::string text(kMaxPolicyFileBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) return core::Error{"NoSuchFile", "cannot read " + path};
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > kMaxPolicyFileBytes) {
    return core::Error{"MalformedPolicyDocument", path + " is larger than 1 MiB"};
  }
  core::JsonLimits limits;
  limits.max_bytes = kMaxPolicyFileBytes;
  auto json = core::ParseJson(text, limits);
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

// key=value flags; a key given several times becomes a multivalued key.
bool ReadContextFlags(const std::vector<std::string>& flags, policy::RequestContext* context,
                      std::ostream& err) {
  std::map<std::string, std::vector<std::string>> values;
  std::vector<std::string> order;
  for (const auto& kv : flags) {
    const auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) {
      err << "bulwark: --context expects key=value, got '" << kv << "'\n";
      return false;
    }
    const std::string key = kv.substr(0, eq);
    if (!values.count(key)) order.push_back(key);
    values[key].push_back(kv.substr(eq + 1));
  }
  for (const auto& key : order) {
    const auto& v = values[key];
    if (v.size() == 1) {
      context->Set(key, v.front());
    } else {
      context->SetList(key, v);
    }
  }
  return true;
}

// Loads the policy files of a flag-driven case into its PolicySet; on failure, the exit status.
class FlagPolicies {
 public:
  FlagPolicies(SimulationCase& c, std::ostream& out, std::ostream& err) : c_(c), out_(out), err_(err) {}

  std::optional<int> Load(const PolicySimulateArgs& a) {
    policy::PolicySet& set = c_.policies;
    if (auto rc = List(a.identity_policies, policy::PolicyType::kIdentity, &set.identity)) return rc;
    if (!a.resource_policy.empty()) {
      auto json = ReadPolicyFile(a.resource_policy);
      if (!json.ok()) return Unreadable(json.error());
      if (auto s = AddResourcePolicy(c_, *json, a.resource_policy); !s.ok()) {
        out_ << ErrorJson(c_.id_json, s.error()) << "\n";
        return kSimulateMalformed;
      }
    }
    if (!a.boundaries.empty()) {
      set.boundaries.emplace();
      if (auto rc = List(a.boundaries, policy::PolicyType::kPermissionsBoundary, &*set.boundaries)) return rc;
    }
    if (auto rc = Levels(a.scp_levels, policy::PolicyType::kServiceControl, &set.scps)) return rc;
    if (auto rc = Levels(a.rcp_levels, policy::PolicyType::kResourceControl, &set.rcps)) return rc;
    if (!a.session_policy.empty()) {
      set.session.emplace();
      if (auto rc = List({a.session_policy}, policy::PolicyType::kSession, &*set.session)) return rc;
    }
    return std::nullopt;
  }

 private:
  std::optional<int> List(const std::vector<std::string>& paths, policy::PolicyType type,
                          std::vector<const policy::CompiledPolicy*>* out) {
    for (const auto& path : paths) {
      auto json = ReadPolicyFile(path);
      if (!json.ok()) return Unreadable(json.error());
      auto p = AddPolicy(c_, *json, type, path);
      if (!p.ok()) {
        out_ << ErrorJson(c_.id_json, p.error()) << "\n";
        return kSimulateMalformed;
      }
      out->push_back(*p);
    }
    return std::nullopt;
  }

  int Unreadable(const core::Error& error) {
    err_ << "bulwark: " << error.message << "\n";
    return error.code == "NoSuchFile" ? kSimulateUnreadable : kSimulateMalformed;
  }

  std::optional<int> Levels(const std::vector<std::string>& levels, policy::PolicyType type,
                            std::optional<std::vector<std::vector<const policy::CompiledPolicy*>>>* out) {
    if (levels.empty()) return std::nullopt;
    out->emplace();
    for (const auto& level : levels) {
      (*out)->emplace_back();
      if (auto rc = List(SplitCommas(level), type, &(*out)->back())) return rc;
    }
    return std::nullopt;
  }

  SimulationCase& c_;
  std::ostream& out_;
  std::ostream& err_;
};

// --format text: the decision, then the statements that decided and what was missing, one per line.
std::string StatementText(const policy::MatchedStatement& m) {
  const policy::CompiledStatement& st = *m.statement;
  std::ostringstream os;
  os << (st.effect == policy::Effect::kAllow ? "Allow" : "Deny") << " by "
     << policy::PolicyTypeName(m.policy->type()) << " policy " << m.policy->SourceId(st) << ":"
     << st.location.line << ":" << st.location.column << " Statement[" << st.index << "]";
  if (!st.sid.empty()) os << " (" << st.sid << ")";
  return os.str();
}

void WriteDecisionText(const policy::Decision& d, bool details, std::ostream& out) {
  out << "decision: " << policy::EvalDecisionName(d.decision) << "\n";
  for (const auto& m : d.matched) out << "  " << StatementText(m) << "\n";
  if (!d.missing_context_keys.empty()) {
    out << "missing context keys:";
    for (const auto& key : d.missing_context_keys) out << " " << key;
    out << "\n";
  }
  if (!details) return;
  const std::pair<const char*, const std::optional<policy::EvalDecision>*> layers[] = {
      {"organizations", &d.organizations},
      {"resourceControlPolicies", &d.resource_controls},
      {"resourcePolicy", &d.resource_policy},
      {"identityPolicies", &d.identity_policies},
      {"permissionsBoundary", &d.permissions_boundary},
      {"sessionPolicy", &d.session_policy},
  };
  for (const auto& [name, verdict] : layers) {
    if (verdict->has_value()) out << name << ": " << policy::EvalDecisionName(**verdict) << "\n";
  }
}

int RunFromFlags(const PolicySimulateArgs& a, bool text, std::ostream& out, std::ostream& err) {
  if (a.principal.empty() || a.action.empty()) {
    err << "bulwark: simulate needs --principal and --action (or --batch)\n";
    return kSimulateUnreadable;
  }
  SimulationCase c;
  c.id_json = "null";
  c.request.principal = policy::RequestPrincipal::FromArn(a.principal);
  c.request.action = a.action;
  c.request.resource = a.resource;
  c.request.resource_account = a.resource_account;
  if (!ReadContextFlags(a.context, &c.request.context, err)) return kSimulateUnreadable;
  FlagPolicies loader(c, out, err);
  if (auto rc = loader.Load(a)) return *rc;
  const policy::Decision d = policy::Evaluate(c.policies, c.request);
  if (text) {
    WriteDecisionText(d, /*details=*/true, out);
  } else {
    out << DetailedResultJson(c.id_json, d) << "\n";
  }
  return kSimulateEvaluated;
}

// The id of a case whose other parts are malformed, when it has a readable one.
std::string IdOf(const core::JsonValue& line) {
  if (!line.IsObject()) return "null";
  const core::JsonValue* id = line.Find("id");
  return id != nullptr && (id->IsString() || id->IsNumber()) ? core::ToJson(*id) : "null";
}

}  // namespace

int RunSimulateBatch(std::istream& in, std::ostream& out) {
  return RunSimulateBatch(in, out, false);
}

int RunSimulateBatch(std::istream& in, std::ostream& out, bool text) {
  int status = kSimulateEvaluated;
  std::string line;
  bool too_long = false;
  core::JsonLimits limits;
  limits.max_bytes = kMaxLineBytes;
  policy::Decision decision;
  while (ReadBoundedLine(in, &line, kMaxLineBytes, &too_long)) {
    if (!too_long && line.find_first_not_of(" \t\r") == std::string::npos) continue;
    std::optional<core::Error> error;
    std::string id = "null";
    if (too_long) {
      error = core::Error{"InvalidInput", "a case is larger than 1 MiB"};
    } else if (auto json = core::ParseJson(line, limits); !json.ok()) {
      error = core::Error{"InvalidInput", json.error().message};
    } else if (auto c = ReadBatchCase(*json); !c.ok()) {
      id = IdOf(*json);
      error = c.error();
    } else {
      policy::Evaluate(c->policies, c->request, &decision);
      if (text) {
        out << "case " << c->id_json << ": ";
        WriteDecisionText(decision, /*details=*/false, out);
      } else {
        out << ResultJson(c->id_json, decision) << "\n";
      }
    }
    if (error) {
      if (text) {
        out << "case " << id << ": error " << error->code << ": " << error->message << "\n";
      } else {
        out << ErrorJson(id, *error) << "\n";
      }
      status = kSimulateMalformed;
    }
    out.flush();
  }
  return status;
}

int RunPolicySimulate(const PolicySimulateArgs& args, std::istream& in, std::ostream& out,
                      std::ostream& err) {
  const bool text = args.format == "text";
  if (!text && args.format != "json") {
    err << "bulwark: unknown --format " << args.format << "\n";
    return kSimulateUnreadable;
  }
  return args.batch ? RunSimulateBatch(in, out, text) : RunFromFlags(args, text, out, err);
}

void AddPolicySimulateCommand(CLI::App& policy, int* exit_code) {
  auto args = std::make_shared<PolicySimulateArgs>();
  CLI::App* cmd = policy.add_subcommand(
      "simulate", "Evaluate requests against policies with AWS's evaluation logic and explain the decisions");
  cmd->add_flag("--batch", args->batch, "Read cases as JSON lines on stdin; print one result line per case");
  cmd->add_option("--principal", args->principal,
                  "Caller ARN (user, role session, root, service principal ...)");
  cmd->add_option("--action", args->action, "Action, e.g. s3:GetObject");
  cmd->add_option("--resource", args->resource, "Resource ARN (default *)");
  cmd->add_option("--resource-account", args->resource_account,
                  "Account owning the resource (default: the caller's)");
  cmd->add_option("--context", args->context, "Context key=value; repeat a key for a multivalued key");
  cmd->add_option("--identity-policy", args->identity_policies, "Identity-based policy file (repeatable)");
  cmd->add_option("--resource-policy", args->resource_policy, "Resource-based policy file");
  cmd->add_option("--boundary", args->boundaries, "Permissions boundary policy file");
  cmd->add_option("--scp-level", args->scp_levels,
                  "SCP files of one organization level, comma-separated (repeat per level, root first)");
  cmd->add_option("--rcp-level", args->rcp_levels,
                  "RCP files of one organization level, comma-separated (repeat per level, root first)");
  cmd->add_option("--session-policy", args->session_policy, "Session policy file");
  cmd->add_option("--format", args->format,
                  "Output format: json (one indented result, or one line per --batch case) or text")
      ->transform(CLI::IsMember({"json", "text"}, CLI::ignore_case))
      ->default_str("json");
  cmd->callback([args, exit_code] { *exit_code = RunPolicySimulate(*args, std::cin, std::cout, std::cerr); });
}

}  // namespace bulwark::cli
