#include "protocol/error_codes.h"

#include <array>

#include "protocol/service_model.h"

namespace bulwark::protocol {

namespace {

struct Entry {
  std::string_view code;
  ErrorShape shape;
};

// AWS's "Common Errors" (every service's API reference has the page; statuses as it gives them),
// with the spellings the JSON protocols use, and the listener's transport rejections. Nothing a
// service model names belongs here.
constexpr std::array kCommonErrors{
    Entry{"AccessDenied", {403, true}},
    Entry{"AccessDeniedException", {400, true}},
    Entry{"IncompleteSignature", {400, true}},
    Entry{"InvalidAction", {400, true}},
    Entry{"InvalidClientTokenId", {403, true}},
    Entry{"UnrecognizedClientException", {400, true}},
    Entry{"InvalidParameterCombination", {400, true}},
    Entry{"InvalidParameterValue", {400, true}},
    Entry{"InvalidQueryParameter", {400, true}},
    Entry{"MalformedQueryString", {404, true}},
    Entry{"MissingAction", {400, true}},
    Entry{"MissingAuthenticationToken", {403, true}},
    Entry{"MissingAuthenticationTokenException", {403, true}},
    Entry{"MissingParameter", {400, true}},
    Entry{"NotAuthorized", {400, true}},
    Entry{"OptInRequired", {403, true}},
    Entry{"RequestExpired", {400, true}},
    Entry{"ExpiredToken", {400, true}},
    Entry{"ExpiredTokenException", {400, true}},
    Entry{"SignatureDoesNotMatch", {403, true}},
    Entry{"InvalidSignatureException", {400, true}},
    Entry{"Throttling", {400, true}},
    Entry{"ThrottlingException", {400, true}},
    Entry{"ValidationError", {400, true}},
    Entry{"ValidationException", {400, true}},
    Entry{"UnknownOperationException", {400, true}},
    Entry{"SerializationException", {400, true}},
    Entry{"InternalFailure", {500, false}},
    Entry{"ServiceUnavailable", {503, false}},
    // The HTTP listener's rejections, before any service is known.
    Entry{"RequestEntityTooLarge", {413, true}},
    Entry{"RequestHeaderSectionTooLarge", {431, true}},
    Entry{"MalformedHttpRequest", {400, true}},
};

}  // namespace

std::optional<ErrorShape> CommonError(std::string_view code) {
  for (const auto& e : kCommonErrors) {
    if (e.code == code) return e.shape;
  }
  return std::nullopt;
}

ErrorShape ShapeOfError(const ServiceModel* model, std::string_view code) {
  if (model != nullptr) {
    if (const Shape* shape = model->FindError(code)) {
      return ErrorShape{static_cast<unsigned>(shape->http_status), shape->sender_fault};
    }
  }
  return CommonError(code).value_or(ErrorShape{400, true});
}

}  // namespace bulwark::protocol
