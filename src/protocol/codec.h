// Encoders for the AWS wire protocols Bulwark serves: the query protocol (form in, XML out; IAM,
// STS), JSON 1.0/1.1 (X-Amz-Target in, JSON out; CloudTrail, KMS) and the errors of every protocol
// (REST-JSON and REST-XML results have their own encoders, rest_json_encoder.h, rest_xml_encoder.h). Shapes follow botocore's
// service models: a query result is wrapped in <OpResponse><OpResult>, errors in <ErrorResponse>;
// JSON errors carry "__type" and "message" and every response carries x-amzn-RequestId.
//
// Handlers produce their output as a Boost.JSON object in the protocol's conventions (query:
// timestamps as ISO 8601 strings, lists as arrays rendered as <member> elements; JSON: timestamps
// as epoch seconds).
// Thread-safety: pure functions.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>

#include "core/result.h"
#include "protocol/wire.h"

namespace bulwark::protocol {

struct ServiceModel;

enum class Protocol { kQuery, kJson10, kJson11, kRestJson, kRestXml };

struct ServiceProtocol {
  Protocol protocol = Protocol::kQuery;
  std::string xml_namespace;  // Query: "https://sts.amazonaws.com/doc/2011-06-15/"
  std::string target_prefix;  // JSON: "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101"
  // The service's model: errors it models take their status and fault side from it
  // (error_codes.h). Null for answers given before any service is known.
  const ServiceModel* model = nullptr;
};

WireResponse EncodeResult(const ServiceProtocol& service, std::string_view operation,
                          const boost::json::object& result, std::string_view request_id);

// The protocol's error form: query <ErrorResponse> (Type Sender/Receiver), JSON "__type" and
// "message" (plus x-amzn-query-error for awsQueryCompatible services), REST-JSON's x-amzn-ErrorType
// header (rest_json_encoder.h), REST-XML's <Error> (rest_xml_encoder.h). The status and fault side
// are the service model's for an error it models, else the common table's (error_codes.h).
WireResponse EncodeError(const ServiceProtocol& service, const core::Error& error,
                         std::string_view request_id);

// Renders a JSON object as the children of an XML element, the query protocol's way.
std::string QueryXml(std::string_view root, std::string_view xml_namespace, const boost::json::object& body);

}  // namespace bulwark::protocol
