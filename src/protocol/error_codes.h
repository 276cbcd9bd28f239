// Which HTTP status and fault side ("Sender" = the client's fault, "Receiver" = the server's) an
// error code has. A service's own errors come from its model (service_model.h: each error shape's
// code, httpStatusCode and senderFault, as botocore writes Smithy's awsQueryError trait); the few
// errors every AWS service answers without modelling them (authentication, request shape, server
// faults) are one small table, AWS's "Common Errors" (e.g.
// https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html), plus the HTTP listener's
// transport rejections. Codecs consult it; services only name codes.
// Thread-safety: constant data.
#pragma once

#include <optional>
#include <string_view>

namespace bulwark::protocol {

struct ServiceModel;

struct ErrorShape {
  unsigned http_status;
  bool sender_fault;
};

// The common error `code`, or nullopt when it is not one.
std::optional<ErrorShape> CommonError(std::string_view code);

// `code` as `model` answers it: the model's error shape when the service models it (by wire code
// or shape name), else the common table, else a client error (400, Sender). `model` may be null.
ErrorShape ShapeOfError(const ServiceModel* model, std::string_view code);

}  // namespace bulwark::protocol
