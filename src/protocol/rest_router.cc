#include "protocol/rest_router.h"

#include <boost/url/pct_string_view.hpp>
#include <tuple>

#include "core/utf8.h"

namespace bulwark::protocol {

namespace {

core::Error InvalidUri() { return core::Error{"InvalidURI", "Couldn't parse the specified URI."}; }

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> out;
  while (true) {
    const std::size_t at = text.find(separator);
    out.push_back(text.substr(0, at));
    if (at == std::string_view::npos) return out;
    text.remove_prefix(at + 1);
  }
}

core::Result<std::string> PercentDecode(std::string_view raw) {
  auto view = boost::urls::make_pct_string_view(raw);
  if (view.has_error()) return InvalidUri();
  std::string decoded = view->decode();
  if (!core::IsValidUtf8(decoded)) return InvalidUri();
  return decoded;
}

bool HasHeader(const std::vector<Header>& headers, std::string_view name) {
  for (const auto& [k, v] : headers) {
    if (HeaderNameEquals(k, name)) return true;
  }
  return false;
}

bool HasQuery(const std::vector<core::FormPair>& query, std::string_view name) {
  for (const auto& pair : query) {
    if (pair.name == name) return true;
  }
  return false;
}

struct Rank {
  int literals = 0;
  bool all_required = false;
  int required_present = 0;
  bool current = false;   // Not deprecated.
  bool general = false;   // Not only on the directory-bucket control endpoint.
  auto Tie() const { return std::tie(literals, all_required, required_present, current, general); }
};

}  // namespace

core::Result<std::optional<std::map<std::string, std::string>>> MatchUriTemplate(std::string_view request_uri,
                                                                                 std::string_view raw_path) {
  using Labels = std::map<std::string, std::string>;
  const std::string_view path_template = request_uri.substr(0, request_uri.find('?'));
  if (raw_path.empty() || raw_path[0] != '/') return std::optional<Labels>();
  std::string_view rest = raw_path.substr(1);
  std::string_view tmpl = path_template.empty() ? path_template : path_template.substr(1);
  Labels labels;
  if (!tmpl.empty()) {
    for (std::string_view segment : Split(tmpl, '/')) {
      const bool label = segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
      if (label && segment[segment.size() - 2] == '+') {
        // Greedy: the rest of the path, slashes included; never empty.
        if (rest.empty()) return std::optional<Labels>();
        auto value = PercentDecode(rest);
        if (!value.ok()) return value.error();
        labels.emplace(std::string(segment.substr(1, segment.size() - 3)), std::move(*value));
        rest = {};
        continue;
      }
      const std::size_t end = rest.find('/');
      const std::string_view piece = rest.substr(0, end);
      if (label) {
        if (piece.empty()) return std::optional<Labels>();
        auto value = PercentDecode(piece);
        if (!value.ok()) return value.error();
        labels.emplace(std::string(segment.substr(1, segment.size() - 2)), std::move(*value));
      } else if (piece != segment) {
        return std::optional<Labels>();
      }
      // Past the '/' that ends the segment: "/bucket/" matches "/{Bucket}" as S3 allows.
      rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    }
  }
  // Whatever is left belongs to no segment of the template.
  if (!rest.empty()) return std::optional<Labels>();
  return std::optional<Labels>(std::move(labels));
}

core::Result<const OperationModel*> RouteRestOperation(const ServiceModel& model, std::string_view method,
                                                       std::string_view raw_path,
                                                       const std::vector<core::FormPair>& query,
                                                       const std::vector<Header>& headers) {
  const OperationModel* best = nullptr;
  Rank best_rank;
  bool path_known = false;
  for (const auto& [name, op] : model.operations) {
    if (op.request_uri.empty()) continue;
    auto labels = MatchUriTemplate(op.request_uri, raw_path);
    if (!labels.ok()) return labels.error();
    if (!labels->has_value()) continue;
    path_known = true;
    if (op.http_method != method) continue;
    Rank rank;
    for (std::string_view segment : Split(std::string_view(op.request_uri).substr(0, op.request_uri.find('?')), '/')) {
      if (!segment.empty() && segment.front() != '{') ++rank.literals;
    }
    bool literals_match = true;
    if (const std::size_t q = op.request_uri.find('?'); q != std::string::npos) {
      for (std::string_view item : Split(std::string_view(op.request_uri).substr(q + 1), '&')) {
        if (item.empty()) continue;
        const std::size_t eq = item.find('=');
        const std::string_view key = item.substr(0, eq);
        bool found = false;
        for (const auto& pair : query) {
          if (pair.name == key && (eq == std::string_view::npos || pair.value == item.substr(eq + 1))) found = true;
        }
        literals_match = literals_match && found;
        ++rank.literals;
      }
    }
    if (!literals_match) continue;
    rank.all_required = true;
    if (op.input != nullptr) {
      for (const Member& m : op.input->members) {
        if (!m.required || (m.ref.location != "querystring" && m.ref.location != "header")) continue;
        const std::string wire = m.ref.location_name.empty() ? m.name : m.ref.location_name;
        const bool present = m.ref.location == "header" ? HasHeader(headers, wire) : HasQuery(query, wire);
        rank.all_required = rank.all_required && present;
        if (present) ++rank.required_present;
      }
    }
    rank.current = !op.deprecated;
    rank.general = !op.control_endpoint;
    if (best == nullptr || rank.Tie() > best_rank.Tie()) {
      best = &op;
      best_rank = rank;
    }
  }
  if (best != nullptr) return best;
  if (path_known) return core::Error{"MethodNotAllowed", "The specified method is not allowed against this resource."};
  return InvalidUri();
}

std::vector<std::string> SplitHeaderList(std::string_view text) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i <= text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    std::string item;
    if (i < text.size() && text[i] == '"') {
      ++i;
      while (i < text.size() && text[i] != '"') {
        if (text[i] == '\\' && i + 1 < text.size()) ++i;
        item += text[i++];
      }
      if (i < text.size()) ++i;  // The closing quote.
      while (i < text.size() && text[i] != ',') ++i;
    } else {
      const std::size_t end = std::min(text.find(',', i), text.size());
      item = std::string(text.substr(i, end - i));
      while (!item.empty() && item.back() == ' ') item.pop_back();
      i = end;
    }
    out.push_back(std::move(item));
    ++i;  // Past the comma (or the end).
  }
  return out;
}

bool HeaderNameEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::optional<std::string_view> FindHeader(const std::vector<Header>& headers, std::string_view name) {
  for (const auto& [k, v] : headers) {
    if (HeaderNameEquals(k, name)) return std::string_view(v);
  }
  return std::nullopt;
}

std::vector<std::pair<std::string, std::string_view>> HeadersWithPrefix(const std::vector<Header>& headers,
                                                                        std::string_view prefix) {
  std::vector<std::pair<std::string, std::string_view>> out;
  for (const auto& [k, v] : headers) {
    if (k.size() < prefix.size() || !HeaderNameEquals(std::string_view(k).substr(0, prefix.size()), prefix)) continue;
    out.emplace_back(k.substr(prefix.size()), v);
  }
  return out;
}

std::string RestWireName(const Member& m) { return m.ref.location_name.empty() ? m.name : m.ref.location_name; }

}  // namespace bulwark::protocol
