#include "core/form_encoding.h"

#include "core/utf8.h"

namespace bulwark::core {

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

core::Result<std::string> DecodeComponent(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%') {
      const bool complete = i + 2 < text.size();
      const int high = complete ? HexValue(text[i + 1]) : -1;
      const int low = complete ? HexValue(text[i + 2]) : -1;
      if (high < 0 || low < 0) {
        return core::Error{"MalformedQueryString", "The query string contains a malformed percent-encoding."};
      }
      out.push_back(static_cast<char>((high << 4) | low));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  if (!IsValidUtf8(out)) {
    return core::Error{"MalformedQueryString", "The query string contains characters that are not valid UTF-8."};
  }
  return out;
}

}  // namespace

core::Result<std::vector<FormPair>> DecodeForm(std::string_view encoded, const FormLimits& limits) {
  if (encoded.size() > limits.max_bytes) {
    return core::Error{"RequestEntityTooLarge", "The query string is too long."};
  }
  std::vector<FormPair> pairs;
  std::size_t start = 0;
  while (start < encoded.size()) {
    std::size_t end = encoded.find('&', start);
    if (end == std::string_view::npos) end = encoded.size();
    const std::string_view piece = encoded.substr(start, end - start);
    start = end + 1;
    if (piece.empty()) continue;
    if (pairs.size() == limits.max_pairs) {
      return core::Error{"RequestEntityTooLarge",
                         "The request has more than " + std::to_string(limits.max_pairs) + " parameters."};
    }
    const std::size_t equals = piece.find('=');
    auto name = DecodeComponent(piece.substr(0, equals));
    if (!name.ok()) return name.error();
    FormPair pair{std::move(*name), {}};
    if (equals != std::string_view::npos) {
      auto value = DecodeComponent(piece.substr(equals + 1));
      if (!value.ok()) return value.error();
      pair.value = std::move(*value);
    }
    pairs.push_back(std::move(pair));
  }
  return pairs;
}

}  // namespace bulwark::core
