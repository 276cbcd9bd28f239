// Decodes a REST-XML request (Amazon S3's protocol) into its operation's input members, from the
// service model (service_model.h): URI labels (percent-decoded; "{Key+}" keeps its slashes),
// querystring members (scalars, lists as repeated names, a map takes the parameters no other member
// names), header members (timestamps in the model's format, RFC 1123 by default; integers,
// booleans, comma-separated lists), "headers" maps by prefix ("x-amz-meta-"), and the body: the
// input's payload member (a structure read from XML with pugixml by the model: nested structures,
// flattened or wrapped lists and maps, wire names, attributes; a string taken as is) or, without a
// payload member, the input's own body members under the operation's root element.
//
// A blob payload (PutObject's streaming Body) is not copied into the members: it appears as the
// marker {"payload": "body", "size": N} and the body stays with the caller, to be streamed.
// Members under their model names, timestamps as ISO 8601 strings, like the other protocols.
// Host labels (WriteGetObjectResponse's RequestRoute in the host name) are read from their header.
//
// S3 answers request problems with its own codes (S3 API Reference, "Error responses"), so the
// first problem found is the error:
//   InvalidRequest    a required header or querystring member is missing;
//   InvalidArgument   a header or querystring value of the wrong type or outside the model's
//                     constraints (length, range, enum, pattern), or a querystring name repeated
//                     for a member that takes one value;
//   InvalidURI        a malformed escape or non-UTF-8 text in the path or query;
//   MissingRequestBodyError  a required XML payload is absent;
//   MalformedXML      the body is not well-formed XML, has the wrong root element, or does not
//                     match the model (types, required members, constraints), as S3 says for XML
//                     that does not validate against its schema;
//   MaxMessageLengthExceeded an XML body over the limit.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "core/form_encoding.h"
#include "core/result.h"
#include "protocol/input_decoder.h"
#include "protocol/rest_router.h"
#include "protocol/service_model.h"
#include "protocol/wire.h"

namespace bulwark::protocol {

struct RestXmlLimits {
  std::size_t max_xml_bytes = 1024 * 1024;  // S3's configuration documents are far smaller.
  core::FormLimits query;
};

struct RestXmlCall {
  const OperationModel* operation = nullptr;
  DecodedInput input;
};

// Decodes `request` as a call of `operation` (routed already).
core::Result<DecodedInput> DecodeRestXmlInput(const OperationModel& operation, const RestRequest& request,
                                              const DecodeOptions& options = {}, const RestXmlLimits& limits = {});

// Routes `request` to its operation of `model` (rest_router.h), then decodes it.
core::Result<RestXmlCall> ReadRestXmlRequest(const ServiceModel& model, const RestRequest& request,
                                             const DecodeOptions& options = {}, const RestXmlLimits& limits = {});

}  // namespace bulwark::protocol
