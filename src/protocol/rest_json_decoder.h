// Decodes a REST-JSON request (the protocol of Access Analyzer, Lambda, API Gateway, ...) into its
// operation's input members, from the service model (service_model.h):
//   URI labels      percent-decoded by the router's template match ("{Key+}" keeps its slashes);
//   querystring     scalars, lists as repeated names, a map takes the parameters no other member
//                   (nor the URI template) names; a single-valued name given twice is refused;
//   headers         scalars, comma-separated lists, "jsonvalue" headers (base64 of a JSON
//                   document, held parsed), "headers" maps by prefix ("x-amz-meta-");
//   body            the payload member (a structure as JSON; a string or blob as the bytes, a blob
//                   kept base64 as the JSON protocols hold blobs) or, without one, a JSON object
//                   whose keys are the unbound members' wire names.
// Timestamps: ISO 8601 in the URI and query, RFC 1123 in headers, epoch seconds in the body, unless
// the model's timestampFormat says otherwise; decoded members hold epoch seconds.
// Members bound outside the body are keyed by their model names, body members by their wire names
// (the JSON protocols' convention), and then validated as every JSON input is (input_decoder.h):
// required, lengths, ranges, enums, patterns -> ValidationException; a value of the wrong type, a
// body that is not a JSON object, or one over the limit -> SerializationException.
// Routing errors are the protocol's: no operation for the method and path is
// UnknownOperationException.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>

#include "core/form_encoding.h"
#include "core/result.h"
#include "protocol/input_decoder.h"
#include "protocol/rest_router.h"
#include "protocol/service_model.h"

namespace bulwark::protocol {

struct RestJsonLimits {
  std::size_t max_body_bytes = 1024 * 1024;
  core::FormLimits query{16 * 1024, 1000};
};

struct RestJsonCall {
  const OperationModel* operation = nullptr;
  DecodedInput input;
};

// The operation of `model` that `request` calls (rest_router.h), or UnknownOperationException.
core::Result<const OperationModel*> RouteRestJsonOperation(const ServiceModel& model, const RestRequest& request,
                                                           const RestJsonLimits& limits = {});

// Decodes `request` as a call of `operation` (routed already).
core::Result<DecodedInput> DecodeRestJsonInput(const OperationModel& operation, const RestRequest& request,
                                               const DecodeOptions& options = {}, const RestJsonLimits& limits = {});

}  // namespace bulwark::protocol
