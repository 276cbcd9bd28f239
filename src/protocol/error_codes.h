// The one table that maps AWS error codes to their HTTP status and fault side ("Sender" = the
// client's fault, "Receiver" = the server's). Codecs consult it; services only name codes.
// Thread-safety: constant data.
#pragma once

#include <string_view>

namespace bulwark::protocol {

struct ErrorShape {
  unsigned http_status;
  bool sender_fault;
};

// Unknown codes are treated as client errors (400, Sender): every code a handler returns should be
// in the table, and the table's test checks the ones services use.
ErrorShape ShapeOfError(std::string_view code);

}  // namespace bulwark::protocol
