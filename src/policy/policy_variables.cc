#include "policy/policy_variables.h"

#include "core/wildcard.h"
#include "policy/string_index.h"

namespace bulwark::policy {

void AppendLiteral(std::string_view text, std::string* out) {
  for (char c : text) {
    if (c == '*') {
      out->push_back(core::kLiteralStar);
    } else if (c == '?') {
      out->push_back(core::kLiteralQuestion);
    } else {
      out->push_back(c);
    }
  }
}

void UnmarkLiterals(std::string* text, std::size_t from) {
  for (std::size_t i = from; i < text->size(); ++i) {
    char& c = (*text)[i];
    if (c == core::kLiteralStar) c = '*';
    if (c == core::kLiteralQuestion) c = '?';
  }
}

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

ValueTemplate ValueTemplate::Compile(std::string_view text, bool interpret) {
  ValueTemplate t;
  auto add_literal = [&t](std::string_view s, bool escape) {
    if (t.parts_.empty() || t.parts_.back().is_variable) t.parts_.push_back(Part{});
    if (escape) {
      AppendLiteral(s, &t.parts_.back().text);
    } else {
      t.parts_.back().text.append(s);
    }
  };
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto open = interpret ? text.find("${", pos) : std::string_view::npos;
    const auto close = open == std::string_view::npos ? std::string_view::npos : text.find('}', open + 2);
    if (close == std::string_view::npos) {
      add_literal(text.substr(pos), false);
      break;
    }
    add_literal(text.substr(pos, open - pos), false);
    const std::string_view inner = text.substr(open + 2, close - open - 2);
    if (inner == "*" || inner == "?" || inner == "$") {
      add_literal(inner, true);
    } else {
      Part v;
      v.is_variable = true;
      std::string_view key = inner;
      // ${key, 'default'}
      const auto comma = inner.find(',');
      if (comma != std::string_view::npos) {
        std::string_view def = Trim(inner.substr(comma + 1));
        if (def.size() >= 2 && def.front() == '\'' && def.back() == '\'') {
          v.has_default = true;
          v.text = std::string(def.substr(1, def.size() - 2));
          key = Trim(inner.substr(0, comma));
        }
      }
      key = Trim(key);
      v.key_written = std::string(key);
      v.key_lower = ToLower(key);
      v.key_hash = HashKey(v.key_lower);
      t.parts_.push_back(std::move(v));
      t.has_variables_ = true;
    }
    pos = close + 1;
  }
  if (!t.has_variables_) {
    for (const auto& p : t.parts_) t.literal_ += p.text;
    t.plain_ = t.literal_;
    UnmarkLiterals(&t.plain_);
  }
  return t;
}

std::vector<std::string_view> ValueTemplate::Keys() const {
  std::vector<std::string_view> keys;
  for (const auto& p : parts_) {
    if (p.is_variable) keys.push_back(p.key_lower);
  }
  return keys;
}

bool ValueTemplate::Expand(const RequestContext& context, bool as_pattern, std::string* out,
                           std::string_view* missing_key) const {
  const std::size_t start = out->size();
  for (const auto& p : parts_) {
    if (!p.is_variable) {
      out->append(p.text);
      continue;
    }
    const ContextEntry* entry = context.Find(p.key_lower, p.key_hash);
    // A multivalued key cannot stand in a single position; it counts as absent.
    if (entry != nullptr && !entry->multivalued && entry->size() == 1) {
      AppendLiteral(context.value(*entry, 0), out);
    } else if (p.has_default) {
      AppendLiteral(p.text, out);
    } else {
      *missing_key = p.key_written;
      return false;
    }
  }
  if (!as_pattern) UnmarkLiterals(out, start);
  return true;
}

}  // namespace bulwark::policy
