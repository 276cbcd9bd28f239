// Fuzzes REST-XML (S3) request reading as the pipeline will run it: the input is split into a
// method, a path, a query, one header and a body (NUL-separated), routed against S3's model and
// decoded. Anything decoded must re-serialize and be valid UTF-8; nothing may crash or hang.
#include <boost/json/serialize.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "core/utf8.h"
#include "protocol/rest_xml_decoder.h"

namespace {

std::string_view Next(std::string_view& rest) {
  const std::size_t at = rest.find('\0');
  std::string_view part = rest.substr(0, at);
  rest = at == std::string_view::npos ? std::string_view() : rest.substr(at + 1);
  return part;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace bulwark;
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  static const char* kMethods[] = {"GET", "PUT", "POST", "DELETE", "HEAD"};
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
  auto call = protocol::ReadRestXmlRequest(*protocol::FindServiceModel("s3"), request);
  if (call.ok()) {
    const std::string text = boost::json::serialize(call->input.members);
    if (!core::IsValidUtf8(text)) std::abort();
  }
  return 0;
}
