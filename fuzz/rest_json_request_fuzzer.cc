// Fuzzes REST-JSON request reading as the pipeline runs it: the input is split into a method, a
// path, a query, one header and a body (NUL-separated), routed against Access Analyzer's model and
// decoded. Anything decoded must re-serialize as valid UTF-8 and encode as the operation's answer;
// an error must carry one of the protocol's codes; nothing may crash or hang.
#include <boost/json/serialize.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "core/utf8.h"
#include "protocol/rest_json_decoder.h"
#include "protocol/rest_json_encoder.h"

namespace {

std::string_view Next(std::string_view& rest) {
  const std::size_t at = rest.find('\0');
  std::string_view part = rest.substr(0, at);
  rest = at == std::string_view::npos ? std::string_view() : rest.substr(at + 1);
  return part;
}

bool KnownCode(std::string_view code) {
  return code == "UnknownOperationException" || code == "SerializationException" || code == "ValidationException";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace bulwark;
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  static const char* kMethods[] = {"GET", "PUT", "POST", "DELETE", "PATCH"};
  protocol::RestRequest request;
  request.method = kMethods[size == 0 ? 0 : data[0] % 5];
  if (!rest.empty()) rest.remove_prefix(1);
  request.path = Next(rest);
  request.query = Next(rest);
  const std::string_view header_name = Next(rest);
  const std::string_view header_value = Next(rest);
  const std::vector<protocol::Header> headers{{std::string(header_name), std::string(header_value)}};
  request.headers = &headers;
  request.body = rest;
  const protocol::ServiceModel& model = *protocol::FindServiceModel("accessanalyzer");
  auto routed = protocol::RouteRestJsonOperation(model, request);
  if (!routed.ok()) {
    if (!KnownCode(routed.error().code)) std::abort();
    return 0;
  }
  auto decoded = protocol::DecodeRestJsonInput(**routed, request);
  if (!decoded.ok()) {
    if (!KnownCode(decoded.error().code)) std::abort();
    (void)protocol::EncodeRestJsonError(&model, decoded.error(), "fuzz");
    return 0;
  }
  const std::string text = boost::json::serialize(decoded->members);
  if (!core::IsValidUtf8(text)) std::abort();
  (void)protocol::EncodeRestJsonResult(**routed, decoded->members, "fuzz");
  return 0;
}
