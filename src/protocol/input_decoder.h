// Decodes a request's parameters against its operation's input shape (service_model.h), for the
// query protocol (form parameters) and the JSON protocols (a JSON object): the model's members,
// under their wire names, are the only parameters an operation sees and the only ones recorded.
// Unknown parameters are ignored, as AWS ignores them. Constraints (required, length and value
// bounds, enums) are checked generically with each protocol's error:
//   query: ValidationError "1 validation error detected: Value null at 'userName' failed to
//          satisfy constraint: Member must not be null" (errors joined with "; ");
//   JSON:  ValidationException with the same text; a value of the wrong JSON type is
//          SerializationException.
// Patterns are left to the handlers (they are Java regular expressions).
// Thread-safety: pure functions.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "core/result.h"
#include "protocol/form_params.h"
#include "protocol/service_model.h"

namespace bulwark::protocol {

struct DecodeOptions {
  // Check required members, length/value bounds and enums. Services whose API answers such
  // problems with their own modelled exceptions (CloudTrail's InvalidMaxResultsException, ...)
  // leave that to the handler. Types are always checked.
  bool check_constraints = true;
};

struct DecodedInput {
  // The input as a structure of model member names -> values (strings, integers, booleans,
  // arrays, objects). What the operation consumed, and what its record shows.
  boost::json::object members;
  // Query protocol: exactly the form parameters the model names (wire names), for handlers that
  // read parameters by wire name.
  FormParams form;
  // JSON protocols: the request object with only the modelled members.
  boost::json::value json;
};

core::Result<DecodedInput> DecodeQueryInput(const OperationModel& operation, const FormParams& raw,
                                            const DecodeOptions& options = {});

core::Result<DecodedInput> DecodeJsonInput(const OperationModel& operation, const boost::json::object& raw,
                                           const DecodeOptions& options = {});

// The decoded members as CloudTrail's requestParameters: member names in lowerCamelCase at every
// depth ("UserName" -> "userName"), sensitive members hidden. Null when there are none.
boost::json::value RecordedParameters(const OperationModel& operation, const DecodedInput& input);

}  // namespace bulwark::protocol
