// Encodes an operation's result from its output shape (service_model.h): the query protocol's XML
// (<OpResponse><OpResult>..., lists as <member> elements or flattened, maps as <entry><key><value>,
// ISO 8601 timestamps) and the JSON protocols' bodies (epoch-second timestamps). Members appear in
// the model's order under their wire names; anything a handler returns that the model does not name
// is left out, so no internal field can reach the wire.
//
// Handlers give a result as a JSON object keyed by model member names. Maps may be JSON objects or
// arrays of {"key", "value"} objects; timestamps may be ISO 8601 strings or epoch seconds; booleans
// may be JSON booleans or "true"/"false".
// Thread-safety: pure functions.
#pragma once

#include <boost/json/object.hpp>
#include <string_view>

#include "protocol/codec.h"
#include "protocol/service_model.h"

namespace bulwark::protocol {

// A value of `shape` in the JSON protocols' wire form (wire names, epoch-second timestamps unless
// the shape says ISO 8601, members the model does not name left out).
boost::json::value JsonWireValue(const Shape& shape, const boost::json::value& value);

// REST-JSON and REST-XML operations are answered by their own encoders (rest_json_encoder.h,
// rest_xml_encoder.h), chosen here by `service.protocol`.
WireResponse EncodeModelledResult(const ServiceProtocol& service, const OperationModel& operation,
                                  const boost::json::object& result, std::string_view request_id);

}  // namespace bulwark::protocol
