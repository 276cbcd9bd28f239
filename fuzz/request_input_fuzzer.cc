// Fuzzes request decoding as the pipeline runs it: a form body through the one form decoder, then
// through the model decoder of every IAM and STS operation, and a JSON body through CloudTrail's.
// Anything decoded must be valid UTF-8 and re-serialize; nothing may crash or hang.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/utf8.h"
#include "protocol/input_decoder.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace bulwark;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto form = protocol::FormParams::Parse(text);
  if (form.ok()) {
    for (const auto& [k, v] : form->all()) Check(core::IsValidUtf8(k) && core::IsValidUtf8(v));
    for (const char* service : {"iam", "sts"}) {
      const protocol::ServiceModel* model = protocol::FindServiceModel(service);
      // One operation per input keeps runs fast; the first byte picks it.
      auto it = model->operations.begin();
      std::advance(it, size == 0 ? 0 : data[0] % model->operations.size());
      auto decoded = protocol::DecodeQueryInput(it->second, *form);
      if (decoded.ok()) (void)boost::json::serialize(protocol::RecordedParameters(it->second, *decoded));
    }
  }
  boost::system::error_code ec;
  boost::json::value json = boost::json::parse(text, ec);
  if (!ec && json.is_object()) {
    const protocol::ServiceModel* model = protocol::FindServiceModel("cloudtrail");
    for (const auto& [name, op] : model->operations) {
      auto decoded = protocol::DecodeJsonInput(op, json.get_object());
      if (decoded.ok()) (void)boost::json::serialize(decoded->json);
    }
  }
  return 0;
}
