// Encodes an operation's result for REST-JSON from its output shape (service_model.h): the status
// (the operation's responseCode, or a statusCode member), header members (timestamps RFC 1123
// unless the model says otherwise, lists comma-separated, "jsonvalue" headers as base64 of the
// JSON text, "headers" maps as prefix + key), and the body: the payload member (a structure as
// JSON; a string as is; a blob, held base64 as handlers hold blobs, as its bytes) or, without one,
// a JSON object of the unbound members (wire names, epoch-second timestamps unless the shape says
// otherwise; output_encoder.h's JSON form).
// Errors as botocore's rest-json parser reads them: the code in the x-amzn-ErrorType header, the
// body {"message": ...} ("Message" when the error shape spells it so), the status and fault side
// from the service's model (error_codes.h). A modelled ValidationException whose shape requires a
// "reason" (Smithy's services: unknownOperation | cannotParse | fieldValidationFailed | other)
// carries "fieldValidationFailed": every ValidationException Bulwark answers is about a field.
// Thread-safety: pure functions.
#pragma once

#include <boost/json/object.hpp>
#include <string_view>

#include "core/result.h"
#include "protocol/service_model.h"
#include "protocol/wire.h"

namespace bulwark::protocol {

WireResponse EncodeRestJsonResult(const OperationModel& operation, const boost::json::object& result,
                                  std::string_view request_id);

// `model` may be null (no service known yet): the common table decides the status.
WireResponse EncodeRestJsonError(const ServiceModel* model, const core::Error& error, std::string_view request_id);

}  // namespace bulwark::protocol
