// Encodes an operation's result for REST-XML (Amazon S3's protocol) from its output shape
// (service_model.h): the status (the operation's responseCode, or a statusCode member), header
// members (timestamps in RFC 1123 unless the model says otherwise, lists comma-separated, "headers"
// maps as prefix + key, e.g. x-amz-meta-*), and the body: the payload member (a structure as XML
// rooted at the member's wire name; a string as is; a blob given as base64, as handlers hold blobs,
// written as its bytes; a payload marker or an event stream leaves the body to the pipeline), or
// without a payload member the output's unbound members under an element named by the shape.
// XML follows the model: wire names, xmlns where the model puts one, attributes, flattened lists
// (S3's usual form), <entry><key><value> maps, ISO 8601 timestamps.
// Errors are S3's <Error><Code/><Message/><RequestId/></Error>.
// Thread-safety: pure functions.
#pragma once

#include <boost/json/object.hpp>
#include <string_view>

#include "core/result.h"
#include "protocol/service_model.h"
#include "protocol/wire.h"

namespace bulwark::protocol {

WireResponse EncodeRestXmlResult(const OperationModel& operation, const boost::json::object& result,
                                 std::string_view request_id);

// The status is the model's for a modelled error (`model` may be null), S3's for its request errors
// (InvalidURI, MalformedXML, MethodNotAllowed, ...), else the common table's (error_codes.h).
WireResponse EncodeRestXmlError(const ServiceModel* model, const core::Error& error, std::string_view request_id);

}  // namespace bulwark::protocol
