// Fuzzes SigV4 parsing and canonicalisation: the Authorization-header and presigned-query parsers,
// request-level parsing, canonical request building and verification. Beyond "no crash, no hang",
// it checks one property on well-formed inputs: a request our signer signed (header or query form)
// verifies, so signer and verifier cannot drift apart on any path, query or header value.
//
// Input: a request in text form, "METHOD target\nName:value\n...\n\nbody".
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "sigv4/authorization.h"
#include "sigv4/canonical_request.h"
#include "sigv4/http_request.h"
#include "sigv4/query_params.h"
#include "sigv4/signer.h"
#include "sigv4/verifier.h"

namespace {

using namespace bulwark::sigv4;  // NOLINT: fuzz target.

constexpr int64_t kNow = 1440938160;
constexpr std::string_view kAccessKeyId = "AKIDEXAMPLE";
constexpr std::string_view kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

Limits FuzzLimits() {
  Limits limits;
  limits.max_path_bytes = 1024;
  limits.max_query_bytes = 2048;
  limits.max_query_params = 32;
  limits.max_headers = 32;
  limits.max_header_bytes = 4096;
  limits.max_authorization_bytes = 1024;
  limits.max_signed_headers = 16;
  return limits;
}

HttpRequest ParseRequest(std::string_view text) {
  HttpRequest request;
  const std::size_t blank = text.find("\n\n");
  std::string_view head = text.substr(0, blank);
  if (blank != std::string_view::npos) request.body = std::string(text.substr(blank + 2));
  const std::size_t end_of_line = head.find('\n');
  const std::string_view request_line = head.substr(0, end_of_line);
  head = end_of_line == std::string_view::npos ? std::string_view() : head.substr(end_of_line + 1);
  const std::size_t space = request_line.find(' ');
  request.method = std::string(request_line.substr(0, space));
  const std::string_view target =
      space == std::string_view::npos ? std::string_view() : request_line.substr(space + 1);
  const std::size_t question = target.find('?');
  request.path = std::string(target.substr(0, question));
  if (question != std::string_view::npos) request.query = std::string(target.substr(question + 1));
  while (!head.empty()) {
    const std::size_t newline = head.find('\n');
    const std::string_view line = head.substr(0, newline);
    head = newline == std::string_view::npos ? std::string_view() : head.substr(newline + 1);
    const std::size_t colon = line.find(':');
    request.headers.push_back(
        {std::string(line.substr(0, colon)),
         colon == std::string_view::npos ? std::string() : std::string(line.substr(colon + 1))});
  }
  return request;
}

bool IsTokenName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
  }
  return true;
}

// Requests on which sign-then-verify must succeed: header names are tokens, none that the signer
// adds or that select an authentication form, a Host header, no X-Amz-* query parameters (after
// decoding), and no more headers than may be signed.
bool SignableAsIs(const HttpRequest& request, const Limits& limits) {
  if (request.headers.size() > limits.max_signed_headers) return false;
  bool has_host = false;
  for (const HeaderField& header : request.headers) {
    if (!IsTokenName(header.name)) return false;
    const std::string name = ToLowerAscii(header.name);
    if (name == "authorization" || name == "x-amz-date" || name == "x-amz-security-token" || name == "date" ||
        name == "x-amz-content-sha256") {
      return false;
    }
    has_host = has_host || name == "host";
  }
  auto params = ParseQuery(request.query, limits);
  if (!params.ok()) return false;
  for (const QueryParam& param : *params) {
    if (param.name.rfind("X-Amz-", 0) == 0) return false;
  }
  return has_host;
}

// Only a bound may stop a request we signed ourselves (our additions can push it over one).
void CheckVerified(const bulwark::core::Result<VerifiedRequest>& verified) {
  if (verified.ok()) return;
  const std::string& message = verified.error().message;
  if (verified.error().code == "RequestEntityTooLarge" || message.find("too long") != std::string::npos ||
      message.find("too many") != std::string::npos) {
    return;
  }
  std::abort();  // Signed by us, rejected by us.
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 8192) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const Limits limits = FuzzLimits();

  (void)ParseAuthorizationHeader(text, limits);
  (void)ParsePresignedQuery(text, limits);

  const HttpRequest request = ParseRequest(text);
  auto parameters = ParseSignedRequest(request, limits);
  for (const CanonicalOptions options : {CanonicalOptions{}, kS3CanonicalOptions}) {
    const bool presigned = parameters.ok() && parameters->location == SignatureLocation::kQueryString;
    (void)CanonicalRequest(request,
                           parameters.ok() ? parameters->signed_headers : std::vector<std::string>{"host"},
                           "UNSIGNED-PAYLOAD", presigned, options, limits);
  }

  static const Verifier* const verifier = [] {
    VerifierOptions options;
    options.region = "us-east-1";
    options.limits = FuzzLimits();
    options.signing_key_cache_capacity = 16;
    return new Verifier(options);
  }();
  const SecretLookup lookup = [](std::string_view) -> bulwark::core::Result<std::string> {
    return std::string(kSecret);
  };
  (void)verifier->Verify(request, "iam", kNow, lookup);

  if (!SignableAsIs(request, limits)) return 0;
  SigningInput input;
  input.access_key_id = std::string(kAccessKeyId);
  input.secret_access_key = std::string(kSecret);
  input.region = "us-east-1";
  input.service = "iam";
  input.time = kNow;
  auto header_signed = SignWithAuthorizationHeader(request, input, limits);
  if (header_signed.ok()) CheckVerified(verifier->Verify(header_signed->request, "iam", kNow, lookup));
  auto presigned = Presign(request, input, limits);
  if (presigned.ok()) CheckVerified(verifier->Verify(presigned->request, "iam", kNow, lookup));
  return 0;
}
