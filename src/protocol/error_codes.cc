#include "protocol/error_codes.h"

#include <array>
#include <utility>

namespace bulwark::protocol {

namespace {

struct Entry {
  std::string_view code;
  ErrorShape shape;
};

// Statuses as AWS returns them for the query and JSON protocols (botocore service models'
// "httpStatusCode" for modelled errors; the "Common Errors" pages for the rest).
constexpr std::array kErrors{
    // Authentication and authorization (common errors).
    Entry{"AccessDenied", {403, true}},
    Entry{"AccessDeniedException", {400, true}},
    Entry{"IncompleteSignature", {400, true}},
    Entry{"InvalidClientTokenId", {403, true}},
    Entry{"UnrecognizedClientException", {400, true}},
    Entry{"MissingAuthenticationToken", {403, true}},
    Entry{"MissingAuthenticationTokenException", {403, true}},
    Entry{"SignatureDoesNotMatch", {403, true}},
    Entry{"RequestExpired", {400, true}},
    Entry{"RequestTimeTooSkewed", {403, true}},
    Entry{"ExpiredToken", {400, true}},
    Entry{"ExpiredTokenException", {400, true}},
    Entry{"InvalidSignatureException", {400, true}},
    // Request shape.
    Entry{"InvalidAction", {400, true}},
    Entry{"MissingAction", {400, true}},
    Entry{"UnknownOperationException", {400, true}},
    Entry{"SerializationException", {400, true}},
    Entry{"MalformedQueryString", {404, true}},
    // Transport-level rejections of the HTTP listener (no operation is known yet).
    Entry{"RequestHeaderSectionTooLarge", {431, true}},
    Entry{"MalformedHttpRequest", {400, true}},
    Entry{"InvalidParameterValue", {400, true}},
    Entry{"InvalidParameterCombination", {400, true}},
    Entry{"MissingParameter", {400, true}},
    Entry{"ValidationError", {400, true}},
    Entry{"ValidationException", {400, true}},
    Entry{"RequestEntityTooLarge", {413, true}},
    Entry{"Throttling", {400, true}},
    Entry{"ThrottlingException", {400, true}},
    // IAM / STS modelled errors.
    Entry{"MalformedPolicyDocument", {400, true}},
    Entry{"PackedPolicyTooLarge", {400, true}},
    Entry{"LimitExceeded", {409, true}},
    Entry{"EntityAlreadyExists", {409, true}},
    Entry{"NoSuchEntity", {404, true}},
    Entry{"DeleteConflict", {409, true}},
    Entry{"InvalidInput", {400, true}},
    Entry{"InvalidAuthenticationCode", {403, true}},
    Entry{"PasswordPolicyViolation", {400, true}},
    Entry{"EntityTemporarilyUnmodifiable", {409, true}},
    Entry{"InvalidUserType", {400, true}},
    Entry{"ReportNotPresent", {410, true}},
    Entry{"ReportExpired", {410, true}},
    Entry{"ReportInProgress", {404, true}},
    Entry{"PolicyEvaluation", {500, false}},
    Entry{"InvalidAuthorizationMessageException", {400, true}},
    Entry{"RegionDisabledException", {403, true}},
    // CloudTrail modelled errors.
    Entry{"InvalidLookupAttributesException", {400, true}},
    Entry{"InvalidTimeRangeException", {400, true}},
    Entry{"InvalidMaxResultsException", {400, true}},
    Entry{"InvalidNextTokenException", {400, true}},
    Entry{"InvalidEventCategoryException", {400, true}},
    Entry{"UnsupportedOperationException", {400, true}},
    // KMS modelled errors (botocore's kms model: all 400 except the internal ones).
    Entry{"NotFoundException", {400, true}},
    Entry{"DisabledException", {400, true}},
    Entry{"KMSInvalidStateException", {400, true}},
    Entry{"IncorrectKeyException", {400, true}},
    Entry{"InvalidKeyUsageException", {400, true}},
    Entry{"InvalidCiphertextException", {400, true}},
    Entry{"KMSInvalidSignatureException", {400, true}},
    Entry{"KMSInvalidMacException", {400, true}},
    Entry{"AlreadyExistsException", {400, true}},
    Entry{"LimitExceededException", {400, true}},
    Entry{"MalformedPolicyDocumentException", {400, true}},
    Entry{"InvalidGrantTokenException", {400, true}},
    Entry{"InvalidGrantIdException", {400, true}},
    Entry{"InvalidMarkerException", {400, true}},
    Entry{"NotAuthorizedException", {400, true}},
    Entry{"TagException", {400, true}},
    Entry{"KMSInternalException", {500, false}},
    // Amazon S3's request errors (S3 API Reference, "Error responses"), used by the REST-XML decoder.
    Entry{"InvalidRequest", {400, true}},
    Entry{"InvalidArgument", {400, true}},
    Entry{"InvalidURI", {400, true}},
    Entry{"MalformedXML", {400, true}},
    Entry{"MissingRequestBodyError", {400, true}},
    Entry{"MaxMessageLengthExceeded", {400, true}},
    Entry{"MethodNotAllowed", {405, true}},
    // Server side.
    Entry{"InternalFailure", {500, false}},
    Entry{"InternalError", {500, false}},
    Entry{"ServiceFailure", {500, false}},
    Entry{"ServiceUnavailable", {503, false}},
    Entry{"ConcurrentModification", {409, true}},
};

}  // namespace

ErrorShape ShapeOfError(std::string_view code) {
  for (const auto& e : kErrors) {
    if (e.code == code) return e.shape;
  }
  return ErrorShape{400, true};
}

}  // namespace bulwark::protocol
