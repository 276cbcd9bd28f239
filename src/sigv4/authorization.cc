#include "sigv4/authorization.h"

#include <algorithm>
#include <array>
#include <optional>

#include "sigv4/errors.h"
#include "sigv4/query_params.h"
#include "sigv4/string_to_sign.h"

namespace bulwark::sigv4 {

namespace {

constexpr std::string_view kAuthorization = "Authorization";
constexpr std::string_view kSecurityTokenName = "X-Amz-Security-Token";

core::Error Incomplete(std::string message) {
  return core::Error{kIncompleteSignature, std::move(message)};
}

std::string_view Trim(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

// "host;x-amz-date" -> {"host", "x-amz-date"}: lower-cased, no empty or repeated names.
core::Result<std::vector<std::string>> ParseSignedHeaderList(std::string_view text, const Limits& limits) {
  std::vector<std::string> names;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(';', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view name = text.substr(start, end - start);
    start = end + 1;
    if (name.empty()) return Incomplete("SignedHeaders contains an empty header name.");
    if (names.size() == limits.max_signed_headers) return Incomplete("SignedHeaders lists too many headers.");
    std::string lower = ToLowerAscii(name);
    if (std::find(names.begin(), names.end(), lower) != names.end()) {
      return Incomplete("SignedHeaders lists '" + lower + "' more than once.");
    }
    names.push_back(std::move(lower));
  }
  return names;
}

// Authorization header values are echoed in messages, as AWS does, but bounded.
std::string Echo(std::string_view value) {
  constexpr std::size_t kMaxEcho = 512;
  return value.size() <= kMaxEcho ? std::string(value) : std::string(value.substr(0, kMaxEcho)) + "...";
}

}  // namespace

core::Result<SignatureParameters> ParseAuthorizationHeader(std::string_view value, const Limits& limits) {
  if (value.size() > limits.max_authorization_bytes)
    return Incomplete("The Authorization header is too long.");
  const std::string_view trimmed = Trim(value);
  const std::size_t space = trimmed.find(' ');
  const std::string_view algorithm = trimmed.substr(0, space);
  if (algorithm != kAlgorithm) {
    return Incomplete("Unsupported AWS 'algorithm': '" + Echo(algorithm) + "'.");
  }
  const std::string_view rest =
      space == std::string_view::npos ? std::string_view() : trimmed.substr(space + 1);

  std::optional<std::string_view> credential;
  std::optional<std::string_view> signed_headers;
  std::optional<std::string_view> signature;
  std::size_t start = 0;
  while (start < rest.size()) {
    std::size_t comma = rest.find(',', start);
    if (comma == std::string_view::npos) comma = rest.size();
    const std::string_view component = Trim(rest.substr(start, comma - start));
    start = comma + 1;
    if (component.empty()) continue;
    const std::size_t equals = component.find('=');
    if (equals == std::string_view::npos) {
      return Incomplete("'" + Echo(component) +
                        "' not a valid key=value pair (missing equal-sign) in "
                        "Authorization header: '" +
                        Echo(value) + "'.");
    }
    const std::string_view name = component.substr(0, equals);
    const std::string_view component_value = component.substr(equals + 1);
    std::optional<std::string_view>* slot = name == "Credential"      ? &credential
                                            : name == "SignedHeaders" ? &signed_headers
                                            : name == "Signature"     ? &signature
                                                                      : nullptr;
    if (slot == nullptr) {
      return Incomplete("Authorization header has an unknown component '" + Echo(name) + "'.");
    }
    if (slot->has_value()) {
      return Incomplete("Authorization header has more than one '" + std::string(name) + "' component.");
    }
    *slot = component_value;
  }

  // Like AWS, report every missing component at once, then the header.
  std::string missing;
  if (!credential || credential->empty()) missing += "Authorization header requires 'Credential' parameter. ";
  if (!signature || signature->empty()) missing += "Authorization header requires 'Signature' parameter. ";
  if (!signed_headers || signed_headers->empty()) {
    missing += "Authorization header requires 'SignedHeaders' parameter. ";
  }
  if (!missing.empty()) return Incomplete(missing + "Authorization=" + Echo(value));

  auto parsed_credential = ParseCredential(*credential);
  if (!parsed_credential.ok()) return parsed_credential.error();
  auto header_names = ParseSignedHeaderList(*signed_headers, limits);
  if (!header_names.ok()) return header_names.error();

  SignatureParameters out;
  out.location = SignatureLocation::kAuthorizationHeader;
  out.credential = std::move(parsed_credential).value();
  out.signed_headers = std::move(header_names).value();
  out.signature = std::string(*signature);
  return out;
}

namespace {

// The presigned form from a query string already split and decoded (ParseSignedRequest has done that
// once to decide the form; it is not done twice).
core::Result<SignatureParameters> PresignedFromParams(const std::vector<QueryParam>& params, const Limits& limits) {
  // The order AWS reports missing parameters in.
  static constexpr std::array<std::string_view, 6> kRequired{"X-Amz-Algorithm",     "X-Amz-Credential",
                                                             "X-Amz-Signature",     "X-Amz-Date",
                                                             "X-Amz-SignedHeaders", "X-Amz-Expires"};
  std::array<const std::string*, kRequired.size()> found{};
  const std::string* token = nullptr;
  for (const QueryParam& param : params) {
    const std::string** slot = nullptr;
    for (std::size_t i = 0; i < kRequired.size(); ++i) {
      if (param.name == kRequired[i]) slot = &found[i];
    }
    if (param.name == kSecurityTokenName) slot = &token;
    if (slot == nullptr) continue;
    if (*slot != nullptr)
      return Incomplete("The query string has more than one '" + param.name + "' parameter.");
    *slot = &param.value;
  }
  std::string missing;
  for (std::size_t i = 0; i < kRequired.size(); ++i) {
    if (found[i] == nullptr || found[i]->empty()) {
      missing += "AWS query-string parameters must include '" + std::string(kRequired[i]) + "'. ";
    }
  }
  if (!missing.empty()) return Incomplete(missing + "Re-examine the query-string parameters.");
  if (*found[0] != kAlgorithm) return Incomplete("Unsupported AWS 'algorithm': '" + Echo(*found[0]) + "'.");

  auto credential = ParseCredential(*found[1]);
  if (!credential.ok()) return credential.error();
  auto header_names = ParseSignedHeaderList(*found[4], limits);
  if (!header_names.ok()) return header_names.error();

  SignatureParameters out;
  out.location = SignatureLocation::kQueryString;
  out.credential = std::move(credential).value();
  out.signature = *found[2];
  out.amz_date = *found[3];
  out.signed_headers = std::move(header_names).value();
  out.expires = *found[5];
  if (token != nullptr) out.security_token = *token;
  return out;
}

}  // namespace

core::Result<SignatureParameters> ParsePresignedQuery(std::string_view raw_query, const Limits& limits) {
  auto params = ParseQuery(raw_query, limits);
  if (!params.ok()) return params.error();
  return PresignedFromParams(*params, limits);
}

core::Result<SignatureParameters> ParseSignedRequest(const HttpRequest& request, const Limits& limits) {
  if (request.headers.size() > limits.max_headers) {
    return core::Error{kRequestEntityTooLarge, "The request has too many headers."};
  }
  std::size_t header_bytes = 0;
  for (const HeaderField& header : request.headers) header_bytes += header.name.size() + header.value.size();
  if (header_bytes > limits.max_header_bytes) {
    return core::Error{kRequestEntityTooLarge, "The request headers are too large."};
  }
  if (request.path.size() > limits.max_path_bytes) {
    return core::Error{kRequestEntityTooLarge, "The request path is too long."};
  }

  auto query = ParseQuery(request.query, limits);
  if (!query.ok()) return query.error();
  const bool presigned = std::any_of(query->begin(), query->end(), [](const QueryParam& param) {
    return param.name == "X-Amz-Algorithm" || param.name == "X-Amz-Credential" ||
           param.name == "X-Amz-Signature";
  });
  const std::vector<std::string_view> authorization = HeaderValues(request, kAuthorization);

  if (presigned && !authorization.empty()) {
    return Incomplete(
        "Only one authentication mechanism is allowed: either the Authorization header or the "
        "X-Amz-Algorithm query parameter.");
  }
  if (presigned) return PresignedFromParams(*query, limits);
  if (authorization.empty()) {
    return core::Error{kMissingAuthenticationToken, "Request is missing Authentication Token"};
  }
  if (authorization.size() > 1) return Incomplete("The request has more than one Authorization header.");

  auto parsed = ParseAuthorizationHeader(authorization.front(), limits);
  if (!parsed.ok()) return parsed;
  const std::vector<std::string_view> tokens = HeaderValues(request, kSecurityTokenName);
  if (tokens.size() > 1) return Incomplete("The request has more than one X-Amz-Security-Token header.");
  if (!tokens.empty()) parsed->security_token = std::string(tokens.front());
  return parsed;
}

}  // namespace bulwark::sigv4
