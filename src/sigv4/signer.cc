#include "sigv4/signer.h"

#include <algorithm>
#include <array>
#include <vector>

#include "sigv4/signature.h"
#include "sigv4/string_to_sign.h"
#include "sigv4/time_format.h"
#include "sigv4/uri_encoding.h"

namespace bulwark::sigv4 {

namespace {

constexpr std::array<std::string_view, 4> kUnsignedHeaders{"authorization", "user-agent", "x-amzn-trace-id",
                                                           "expect"};

std::vector<std::string> HeadersToSign(const HttpRequest& request) {
  std::vector<std::string> names;
  for (const HeaderField& header : request.headers) {
    std::string name = ToLowerAscii(header.name);
    if (std::find(kUnsignedHeaders.begin(), kUnsignedHeaders.end(), name) != kUnsignedHeaders.end()) continue;
    names.push_back(std::move(name));
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) {
    if (!out.empty()) out.push_back(';');
    out.append(name);
  }
  return out;
}

CredentialScope ScopeOf(const SigningInput& input) {
  return CredentialScope{FormatAmzDate(input.time).substr(0, 8), input.region, input.service};
}

void AppendQueryParam(std::string& query, std::string_view name, std::string_view value) {
  if (!query.empty()) query.push_back('&');
  query.append(UriEncode(name, false)).append("=").append(UriEncode(value, false));
}

// Computes the three stages for `request` as it stands.
core::Result<SigningResult> Sign(HttpRequest request, const SigningInput& input,
                                 const std::vector<std::string>& signed_headers, bool presigned,
                                 const Limits& limits) {
  const std::string payload_hash = PayloadHash(request);
  auto canonical_request =
      CanonicalRequest(request, signed_headers, payload_hash, presigned, input.canonical, limits);
  if (!canonical_request.ok()) return canonical_request.error();
  SigningResult result;
  result.canonical_request = std::move(canonical_request).value();
  const CredentialScope scope = ScopeOf(input);
  result.string_to_sign = StringToSign(FormatAmzDate(input.time), scope, result.canonical_request);
  result.signature =
      Signature(DeriveSigningKey(input.secret_access_key, scope.date, scope.region, scope.service),
                result.string_to_sign);
  result.request = std::move(request);
  return result;
}

}  // namespace

core::Result<SigningResult> SignWithAuthorizationHeader(HttpRequest request, const SigningInput& input,
                                                        const Limits& limits) {
  request.headers.push_back({"X-Amz-Date", FormatAmzDate(input.time)});
  const bool token_signed = !input.session_token.empty() && !input.omit_session_token_from_signature;
  if (token_signed) request.headers.push_back({"X-Amz-Security-Token", input.session_token});
  if (input.add_content_sha256_header)
    request.headers.push_back({"x-amz-content-sha256", PayloadHash(request)});
  const std::vector<std::string> signed_headers = HeadersToSign(request);

  auto result = Sign(std::move(request), input, signed_headers, /*presigned=*/false, limits);
  if (!result.ok()) return result;
  result->request.headers.push_back(
      {"Authorization", std::string(kAlgorithm) + " Credential=" + input.access_key_id + "/" +
                            ScopeOf(input).ToString() + ", SignedHeaders=" + JoinNames(signed_headers) +
                            ", Signature=" + result->signature});
  if (!input.session_token.empty() && !token_signed) {
    result->request.headers.push_back({"X-Amz-Security-Token", input.session_token});
  }
  return result;
}

core::Result<SigningResult> Presign(HttpRequest request, const SigningInput& input, const Limits& limits) {
  const std::vector<std::string> signed_headers = HeadersToSign(request);
  const bool token_signed = !input.session_token.empty() && !input.omit_session_token_from_signature;
  AppendQueryParam(request.query, "X-Amz-Algorithm", kAlgorithm);
  AppendQueryParam(request.query, "X-Amz-Credential", input.access_key_id + "/" + ScopeOf(input).ToString());
  AppendQueryParam(request.query, "X-Amz-Date", FormatAmzDate(input.time));
  AppendQueryParam(request.query, "X-Amz-Expires", std::to_string(input.expires_seconds));
  AppendQueryParam(request.query, "X-Amz-SignedHeaders", JoinNames(signed_headers));
  if (token_signed) AppendQueryParam(request.query, "X-Amz-Security-Token", input.session_token);

  auto result = Sign(std::move(request), input, signed_headers, /*presigned=*/true, limits);
  if (!result.ok()) return result;
  if (!input.session_token.empty() && !token_signed) {
    AppendQueryParam(result->request.query, "X-Amz-Security-Token", input.session_token);
  }
  AppendQueryParam(result->request.query, "X-Amz-Signature", result->signature);
  return result;
}

}  // namespace bulwark::sigv4
