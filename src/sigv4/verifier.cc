#include "sigv4/verifier.h"

#include <algorithm>
#include <charconv>

#include "crypto/cleanse.h"
#include "crypto/constant_time.h"
#include "sigv4/errors.h"
#include "sigv4/query_params.h"
#include "sigv4/signature.h"
#include "sigv4/string_to_sign.h"
#include "sigv4/time_format.h"

namespace bulwark::sigv4 {

namespace {

constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";

core::Error Mismatch(std::string message) {
  return core::Error{kSignatureDoesNotMatch, std::move(message)};
}
core::Error Incomplete(std::string message) {
  return core::Error{kIncompleteSignature, std::move(message)};
}

struct RequestDate {
  std::string amz_date;  // As used in the string to sign: "20150830T123600Z".
  int64_t epoch = 0;
  std::string source;  // "X-Amz-Date" or "Date", for messages.
};

core::Result<RequestDate> HeaderFormDate(const HttpRequest& request) {
  const std::vector<std::string_view> amz_dates = HeaderValues(request, "X-Amz-Date");
  if (amz_dates.size() > 1) return Incomplete("The request has more than one X-Amz-Date header.");
  if (!amz_dates.empty()) {
    const auto epoch = ParseAmzDate(amz_dates.front());
    if (!epoch) {
      return Incomplete("X-Amz-Date must be in the ISO8601 basic format \"yyyyMMdd'T'HHmmss'Z'\".");
    }
    return RequestDate{std::string(amz_dates.front()), *epoch, "X-Amz-Date"};
  }
  const std::vector<std::string_view> dates = HeaderValues(request, "Date");
  if (dates.size() == 1) {
    if (const auto epoch = ParseHttpDate(dates.front()))
      return RequestDate{FormatAmzDate(*epoch), *epoch, "Date"};
  }
  return Incomplete("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
}

core::Result<RequestDate> QueryFormDate(const SignatureParameters& parameters) {
  const auto epoch = ParseAmzDate(parameters.amz_date);
  if (!epoch) return Incomplete("X-Amz-Date must be in the ISO8601 basic format \"yyyyMMdd'T'HHmmss'Z'\".");
  return RequestDate{parameters.amz_date, *epoch, "X-Amz-Date"};
}

core::Status CheckScope(const Credential& credential, const RequestDate& date, std::string_view region,
                        std::string_view service) {
  if (credential.terminator != kScopeTerminator) {
    return Mismatch("Credential should be scoped with a valid terminator: 'aws4_request', not '" +
                    credential.terminator + "'.");
  }
  const std::string_view day = std::string_view(date.amz_date).substr(0, 8);
  if (credential.scope.date != day) {
    return Mismatch(
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '" +
        credential.scope.date + "' != '" + std::string(day) + "', from '" + date.source + "'.");
  }
  if (credential.scope.region != region) {
    return Mismatch("Credential should be scoped to a valid region, not '" + credential.scope.region + "'.");
  }
  if (credential.scope.service != service) {
    return Mismatch("Credential should be scoped to correct service: '" + std::string(service) + "'.");
  }
  return core::Status::Ok();
}

core::Status CheckHeaderFormTime(const RequestDate& date, int64_t now, int64_t skew) {
  const std::string minutes = std::to_string(skew / 60);
  if (date.epoch < now - skew) {
    return Mismatch("Signature expired: " + date.amz_date + " is now earlier than " +
                    FormatAmzDate(now - skew) + " (" + FormatAmzDate(now) + " - " + minutes + " min.)");
  }
  if (date.epoch > now + skew) {
    return Mismatch("Signature not yet current: " + date.amz_date + " is still later than " +
                    FormatAmzDate(now + skew) + " (" + FormatAmzDate(now) + " + " + minutes + " min.)");
  }
  return core::Status::Ok();
}

core::Result<int64_t> CheckQueryFormTime(const SignatureParameters& parameters, const RequestDate& date,
                                         int64_t now, const VerifierOptions& options) {
  int64_t expires = 0;
  const std::string& text = parameters.expires;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), expires);
  if (error != std::errc() || end != text.data() + text.size()) {
    return Incomplete("X-Amz-Expires should be a number.");
  }
  if (expires < 1) return Incomplete("X-Amz-Expires must be a positive number of seconds.");
  if (expires > options.max_presign_expires_seconds) {
    return Incomplete("X-Amz-Expires must be less than a week (in seconds) that is " +
                      std::to_string(options.max_presign_expires_seconds) + ".");
  }
  if (date.epoch > now + options.max_clock_skew_seconds) {
    return core::Error{kRequestExpired, "Request is not yet valid: X-Amz-Date " + date.amz_date +
                                            " is later than " +
                                            FormatAmzDate(now + options.max_clock_skew_seconds) + "."};
  }
  const int64_t expires_at = date.epoch + expires;
  if (now > expires_at) {
    return core::Error{kRequestExpired,
                       "Request has expired: it was valid until " + FormatAmzDate(expires_at) + "."};
  }
  return expires_at;
}

core::Result<std::string> PayloadHashFor(const HttpRequest& request, const SignatureParameters& parameters,
                                         const VerifierOptions& options) {
  if (request.payload_hash) return *request.payload_hash;
  if (!options.s3_payload) return PayloadHash(request);
  if (parameters.location == SignatureLocation::kQueryString) {
    auto params = ParseQuery(request.query, options.limits);
    if (!params.ok()) return params.error();
    for (const QueryParam& param : *params) {
      if (param.name == "X-Amz-Content-Sha256") return param.value;
    }
    return std::string(kUnsignedPayload);
  }
  const std::vector<std::string_view> values = HeaderValues(request, "x-amz-content-sha256");
  if (values.size() != 1) {
    return core::Error{kInvalidRequest, "Missing required header for this request: x-amz-content-sha256"};
  }
  return std::string(values.front());
}

}  // namespace

Verifier::Verifier(VerifierOptions options)
    : options_(std::move(options)),
      cache_(std::make_unique<SigningKeyCache>(options_.signing_key_cache_capacity)) {}

core::Result<VerifiedRequest> Verifier::Verify(const HttpRequest& request, std::string_view service,
                                               int64_t now, const SecretLookup& lookup) const {
  auto parameters = ParseSignedRequest(request, options_.limits);
  if (!parameters.ok()) return parameters.error();
  return Verify(request, *parameters, service, now, lookup);
}

core::Result<VerifiedRequest> Verifier::Verify(const HttpRequest& request,
                                               const SignatureParameters& parameters,
                                               std::string_view service, int64_t now,
                                               const SecretLookup& lookup) const {
  const bool presigned = parameters.location == SignatureLocation::kQueryString;
  auto date = presigned ? QueryFormDate(parameters) : HeaderFormDate(request);
  if (!date.ok()) return date.error();

  core::Status scope = CheckScope(parameters.credential, *date, options_.region, service);
  if (!scope.ok()) return scope.error();

  if (std::find(parameters.signed_headers.begin(), parameters.signed_headers.end(), "host") ==
      parameters.signed_headers.end()) {
    return Mismatch("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }

  VerifiedRequest verified;
  if (presigned) {
    auto expires_at = CheckQueryFormTime(parameters, *date, now, options_);
    if (!expires_at.ok()) return expires_at.error();
    verified.expires_at = *expires_at;
  } else {
    core::Status time = CheckHeaderFormTime(*date, now, options_.max_clock_skew_seconds);
    if (!time.ok()) return time.error();
  }

  auto payload_hash = PayloadHashFor(request, parameters, options_);
  if (!payload_hash.ok()) return payload_hash.error();
  auto canonical_request = CanonicalRequest(request, parameters.signed_headers, *payload_hash, presigned,
                                            options_.canonical, options_.limits);
  if (!canonical_request.ok()) return canonical_request.error();

  auto secret = lookup(parameters.credential.access_key_id);
  if (!secret.ok()) return secret.error();
  const crypto::Sha256Digest signing_key =
      cache_->GetOrDerive(parameters.credential.access_key_id, *secret, parameters.credential.scope);
  crypto::Cleanse(*secret);

  const std::string string_to_sign =
      StringToSign(date->amz_date, parameters.credential.scope, *canonical_request);
  const std::string expected = Signature(signing_key, string_to_sign);
  if (!crypto::ConstantTimeEquals(expected, parameters.signature)) {
    std::string message =
        "The request signature we calculated does not match the signature you provided. Check your AWS "
        "Secret Access Key and signing method. Consult the service documentation for details.";
    if (options_.explain_signature_mismatch) {
      message += "\n\nThe Canonical String for this request should have been\n'" + *canonical_request +
                 "'\n\nThe String-to-Sign should have been\n'" + string_to_sign + "'\n";
    }
    return Mismatch(std::move(message));
  }

  verified.location = parameters.location;
  verified.access_key_id = parameters.credential.access_key_id;
  verified.scope = parameters.credential.scope;
  verified.request_time = date->epoch;
  verified.security_token = parameters.security_token;
  verified.signed_headers = parameters.signed_headers;
  return verified;
}

}  // namespace bulwark::sigv4
