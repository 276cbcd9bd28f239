#include "policy/compiled_policy.h"

#include <algorithm>
#include <iterator>

#include "core/arn.h"
#include "policy/request_context.h"

namespace bulwark::policy {

const char* PolicyTypeName(PolicyType type) {
  switch (type) {
    case PolicyType::kIdentity: return "identity";
    case PolicyType::kResource: return "resource";
    case PolicyType::kPermissionsBoundary: return "boundary";
    case PolicyType::kSession: return "session";
    case PolicyType::kServiceControl: return "scp";
    case PolicyType::kResourceControl: return "rcp";
  }
  return "identity";
}

namespace {

bool IsAccountId(std::string_view s) {
  return s.size() == 12 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Policy variables work with String, ARN and Bool operators only ("IAM JSON policy elements:
// Condition operators": "You can not use a policy variable with the Numeric/Date/Binary/IpAddress/
// Null condition operator"); elsewhere "${...}" is literal text, which never parses.
bool AcceptsVariables(OperatorFamily family) {
  return family == OperatorFamily::kString || family == OperatorFamily::kArn ||
         family == OperatorFamily::kBool;
}

AwsPrincipal CompileAwsPrincipal(const std::string& value) {
  AwsPrincipal ap;
  ap.arn = IsAccountId(value) ? "arn:aws:iam::" + value + ":root" : value;
  const auto arn = core::SplitArn(ap.arn);
  if (!arn || arn->service != "iam") return ap;
  if (arn->resource == "root") {
    ap.kind = AwsPrincipal::Kind::kAccount;
    ap.account = std::string(arn->account);
  } else if (arn->resource.substr(0, 5) == "role/") {
    ap.kind = AwsPrincipal::Kind::kRole;
    ap.account = std::string(arn->account);
    ap.role_name = std::string(arn->resource.substr(arn->resource.rfind('/') + 1));
  }
  return ap;
}

CompiledPrincipal CompilePrincipal(const PrincipalBlock& block) {
  CompiledPrincipal p;
  p.present = block.present;
  p.negated = block.negated;
  p.everyone = block.wildcard;
  for (const auto& a : block.aws) {
    if (a.value == "*") {
      p.everyone = true;
    } else {
      p.aws.push_back(CompileAwsPrincipal(a.value));
    }
  }
  for (const auto& s : block.service) p.services.push_back(s.value);
  for (const auto& f : block.federated) p.federated.push_back(f.value);
  for (const auto& c : block.canonical_user) p.canonical_users.push_back(c.value);
  return p;
}

// Merges two lists sorted by statement into one.
std::vector<Candidate> MergeByStatement(const std::vector<Candidate>& a, const std::vector<Candidate>& b) {
  std::vector<Candidate> out;
  out.reserve(a.size() + b.size());
  std::merge(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out),
             [](const Candidate& x, const Candidate& y) { return x.statement < y.statement; });
  return out;
}

}  // namespace

// Fills a CompiledPolicy's flat arrays from the AST, then builds the service index.
class PolicyCompiler {
 public:
  explicit PolicyCompiler(CompiledPolicy* policy) : p_(*policy) {}

  // `interpret`: the document is Version 2012-10-17 (policy variables are interpreted).
  void AddStatement(const Statement& st, uint32_t source, bool interpret) {
    interpret_ = interpret;
    CompiledStatement cs;
    cs.source = source;
    cs.index = static_cast<uint32_t>(st.index);
    cs.sid = st.sid ? st.sid->value : "";
    cs.location = st.location;
    cs.effect = st.effect;
    cs.not_action = st.not_action;
    cs.actions_begin = Size(p_.actions_);
    for (const auto& a : st.actions) p_.actions_.push_back(Action(a.value));
    cs.actions_end = Size(p_.actions_);
    cs.has_resource = st.has_resource;
    cs.not_resource = st.not_resource;
    cs.resources_begin = Size(p_.resources_);
    for (const auto& r : st.resources) p_.resources_.push_back(Resource(r.value));
    cs.resources_end = Size(p_.resources_);
    if (st.principal.present) {
      cs.principal_index = Size(p_.principals_);
      p_.principals_.push_back(CompilePrincipal(st.principal));
    }
    cs.conditions_begin = Size(p_.conditions_);
    for (const Condition& c : st.conditions) p_.conditions_.push_back(ConditionOf(c));
    cs.conditions_end = Size(p_.conditions_);
    p_.statements_.push_back(std::move(cs));
  }

  // A statement goes to the generic list when it can match any service; otherwise, for every
  // service its actions name, either under each of its literal action names there or, when one of
  // its names in the service has a wildcard, to the service's checked list with those names.
  // NotAction statements with literal services are generic, with their names pre-selected in the
  // lists of the services they name.
  void BuildIndex() {
    std::vector<std::vector<Candidate>> checked;
    std::vector<std::vector<Candidate>> not_action;  // Parallel to services_ entries.
    for (uint32_t i = 0; i < p_.statements_.size(); ++i) {
      const CompiledStatement& st = p_.statements_[i];
      const auto actions = p_.actions(st);
      const bool any_service = std::any_of(actions.begin(), actions.end(), [](const CompiledAction& a) {
        return a.match_all || !a.service.is_literal();
      });
      if (any_service) {
        p_.generic_.push_back(Candidate{i, 0, 0, Candidate::Check::kWholeAction});
        continue;
      }
      if (st.not_action) p_.generic_.push_back(Candidate{i, 0, 0, Candidate::Check::kNothing});
      std::vector<std::string_view> seen;
      for (const CompiledAction& a : actions) {
        const std::string_view service = a.service.Text(p_.arena());
        if (std::find(seen.begin(), seen.end(), service) != seen.end()) continue;
        seen.push_back(service);
        p_.service_bloom_ |= uint64_t{1} << (HashKey(service) & 63);
        if (st.not_action) {
          AddChecked(NamesIn(i, service, actions, Candidate::Check::kNoName), service, &not_action);
        } else {
          IndexService(i, service, actions, &checked);
        }
      }
    }
    p_.exact_index_.Build();
    p_.services_.Build();
    checked.resize(p_.services_.size());
    not_action.resize(p_.services_.size());
    p_.by_service_.reserve(checked.size());
    for (std::size_t e = 0; e < checked.size(); ++e) {
      p_.by_service_.push_back(MergeByStatement(checked[e], WithOverrides(p_.generic_, not_action[e])));
    }
  }

  void ShrinkToFit() {
    p_.arena_.shrink_to_fit();
    p_.statements_.shrink_to_fit();
    p_.actions_.shrink_to_fit();
    p_.resources_.shrink_to_fit();
    p_.conditions_.shrink_to_fit();
    p_.values_.shrink_to_fit();
    p_.action_names_.shrink_to_fit();
    p_.generic_.shrink_to_fit();
    for (auto& list : p_.exact_) list.shrink_to_fit();
  }

 private:
  void IndexService(uint32_t statement, std::string_view service, std::span<const CompiledAction> actions,
                    std::vector<std::vector<Candidate>>* checked) {
    const auto in_service = [&](const CompiledAction& a) { return a.service.Text(p_.arena()) == service; };
    const bool wildcard = std::any_of(actions.begin(), actions.end(), [&](const CompiledAction& a) {
      return in_service(a) && !a.name.is_literal();
    });
    if (!wildcard) {
      for (const CompiledAction& a : actions) {
        if (!in_service(a)) continue;
        const uint32_t entry =
            p_.exact_index_.Add(std::string(service) + ":" + std::string(a.name.Text(p_.arena())));
        if (entry == p_.exact_.size()) p_.exact_.emplace_back();
        if (p_.exact_[entry].empty() || p_.exact_[entry].back() != statement) {
          p_.exact_[entry].push_back(statement);
        }
      }
      return;
    }
    AddChecked(NamesIn(statement, service, actions, Candidate::Check::kAnyName), service, checked);
  }

  // A candidate with the statement's action names in `service`.
  Candidate NamesIn(uint32_t statement, std::string_view service, std::span<const CompiledAction> actions,
                    Candidate::Check check) {
    Candidate c{statement, Size(p_.action_names_), 0, check};
    for (const CompiledAction& a : actions) {
      if (a.service.Text(p_.arena()) == service) p_.action_names_.push_back(a.name);
    }
    c.names_end = Size(p_.action_names_);
    return c;
  }

  void AddChecked(const Candidate& c, std::string_view service, std::vector<std::vector<Candidate>>* lists) {
    const uint32_t entry = p_.services_.Add(service);
    if (entry >= lists->size()) lists->resize(entry + 1);
    (*lists)[entry].push_back(c);
  }

  // The generic list with some statements' candidates replaced (both sorted by statement).
  static std::vector<Candidate> WithOverrides(std::vector<Candidate> generic,
                                              const std::vector<Candidate>& overrides) {
    auto it = generic.begin();
    for (const Candidate& o : overrides) {
      while (it != generic.end() && it->statement < o.statement) ++it;
      if (it != generic.end() && it->statement == o.statement) *it = o;
    }
    return generic;
  }

  template <typename T>
  static uint32_t Size(const std::vector<T>& v) {
    return static_cast<uint32_t>(v.size());
  }

  CompiledAction Action(std::string_view text) {
    CompiledAction a;
    if (text == "*") {
      a.match_all = true;
      return a;
    }
    const std::string lower = ToLower(text);
    const auto colon = lower.find(':');
    a.service = Pattern::Make(std::string_view(lower).substr(0, colon), &p_.arena_);
    a.name = Pattern::Make(colon == std::string::npos ? "" : std::string_view(lower).substr(colon + 1),
                           &p_.arena_);
    return a;
  }

  // Variables are interpreted only in the resource part, after the fifth colon ("Where you can use
  // policy variables": "You can't use a variable to replace parts of the ARN before the fifth colon").
  CompiledResource Resource(std::string_view text) {
    CompiledResource r;
    if (text == "*") return r;
    const auto parts = core::SplitArn(text);
    if (!parts && text.substr(0, 4) == "arn:" && text.back() == '*') {
      r.kind = CompiledResource::Kind::kShortArn;
      r.head_parts_begin = Size(p_.head_parts_);
      std::string_view rest = text.substr(4);
      for (std::size_t colon = rest.find(':');; colon = rest.find(':')) {
        p_.head_parts_.push_back(Pattern::Make(rest.substr(0, colon), &p_.arena_));
        ++r.short_parts;
        if (colon == std::string_view::npos) break;
        rest = rest.substr(colon + 1);
      }
      return r;
    }
    if (!parts) {
      r.kind = CompiledResource::Kind::kOther;
      r.tail = Pattern::Make(text, &p_.arena_);
      return r;
    }
    r.kind = CompiledResource::Kind::kArn;
    const std::string_view head =
        text.substr(0, static_cast<std::size_t>(parts->resource.data() - text.data()));
    r.literal_head = head.find_first_of("*?") == std::string_view::npos;
    if (r.literal_head) {
      r.head = Pattern::Make(head, &p_.arena_);
    } else {
      r.head_parts_begin = Size(p_.head_parts_);
      for (std::string_view part : {parts->partition, parts->service, parts->region, parts->account}) {
        p_.head_parts_.push_back(Pattern::Make(part, &p_.arena_));
      }
    }
    ValueTemplate tail = ValueTemplate::Compile(parts->resource, interpret_);
    if (tail.has_variables()) {
      r.template_index = Size(p_.templates_);
      p_.templates_.push_back(std::move(tail));
    } else {
      r.tail = Pattern::Make(tail.literal(), &p_.arena_);
    }
    return r;
  }

  CompiledCondition ConditionOf(const Condition& c) {
    CompiledCondition cc;
    cc.test = c.op.test;
    cc.family = FamilyOf(c.op.test);
    cc.qualifier = c.op.qualifier;
    cc.if_exists = c.op.if_exists;
    cc.negated = IsNegated(c.op.test);
    const std::string lower = ToLower(c.key);
    cc.key_hash = HashKey(lower);
    cc.key_lower = TextRef::Make(lower, &p_.arena_);
    cc.key_written = TextRef::Make(c.key, &p_.arena_);
    cc.values_begin = Size(p_.values_);
    for (const auto& v : c.values) p_.values_.push_back(Value(v.value, cc));
    cc.values_end = Size(p_.values_);
    return cc;
  }

  CompiledValue Value(std::string_view text, const CompiledCondition& c) {
    CompiledValue v;
    ValueTemplate t = ValueTemplate::Compile(text, interpret_ && AcceptsVariables(c.family));
    if (t.has_variables()) {
      v.template_index = Size(p_.templates_);
      p_.templates_.push_back(std::move(t));
      return v;
    }
    const std::string& plain = t.plain();
    // ARN patterns keep escaped '*' and '?' marked (core::ArnMatch reads the markers).
    v.plain = TextRef::Make(c.family == OperatorFamily::kArn ? t.literal() : plain, &p_.arena_);
    switch (c.family) {
      case OperatorFamily::kString: v.pattern = Pattern::Make(t.literal(), &p_.arena_); break;
      case OperatorFamily::kArn: break;
      case OperatorFamily::kNumeric: v.number = ParseNumber(plain); break;
      case OperatorFamily::kDate: v.number = ParseDate(plain); break;
      case OperatorFamily::kIpAddress: v.ip = ParseIpBlock(plain); break;
      case OperatorFamily::kBool:
      case OperatorFamily::kNull: v.boolean = ParseBool(plain); break;
      case OperatorFamily::kBinary:
        if (auto bytes = DecodeBase64(plain)) {
          v.has_binary = true;
          v.binary = TextRef::Make(*bytes, &p_.arena_);
        }
        break;
    }
    return v;
  }

  CompiledPolicy& p_;
  bool interpret_ = true;
};

std::shared_ptr<const CompiledPolicy> CompiledPolicy::Compile(const PolicyDocument& document, PolicyType type,
                                                              std::string id) {
  const SourcePolicy source{&document, std::move(id)};
  return CompileBundle(std::span(&source, 1), type);
}

std::shared_ptr<const CompiledPolicy> CompiledPolicy::CompileBundle(std::span<const SourcePolicy> sources,
                                                                    PolicyType type) {
  auto policy = std::make_shared<CompiledPolicy>();
  policy->type_ = type;
  PolicyCompiler compiler(policy.get());
  for (uint32_t i = 0; i < sources.size(); ++i) {
    const PolicyDocument& document = *sources[i].document;
    policy->source_ids_.push_back(sources[i].id);
    policy->id_ += (i == 0 ? "" : ", ") + sources[i].id;
    const bool interpret = document.version == PolicyVersion::k2012_10_17;
    for (const Statement& st : document.statements) compiler.AddStatement(st, i, interpret);
  }
  compiler.BuildIndex();
  compiler.ShrinkToFit();
  return policy;
}

}  // namespace bulwark::policy
