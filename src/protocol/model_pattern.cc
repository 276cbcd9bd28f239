#include "protocol/model_pattern.h"

#include <re2/re2.h>

#include <cstdio>
#include <optional>

namespace bulwark::protocol {

namespace {

std::optional<unsigned> Hex4(std::string_view s, std::size_t at) {
  if (at + 4 > s.size()) return std::nullopt;
  unsigned v = 0;
  for (std::size_t i = at; i < at + 4; ++i) {
    const char c = s[i];
    v <<= 4;
    if (c >= '0' && c <= '9') v |= static_cast<unsigned>(c - '0');
    else if (c >= 'a' && c <= 'f') v |= static_cast<unsigned>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v |= static_cast<unsigned>(c - 'A' + 10);
    else return std::nullopt;
  }
  return v;
}

std::string CodePoint(unsigned cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "\\x{%X}", cp);
  return buf;
}

}  // namespace

std::string ModelPattern::Translate(std::string_view java) {
  std::string out;
  for (std::size_t i = 0; i < java.size(); ++i) {
    if (java[i] == '\\' && i + 1 < java.size() && java[i + 1] == '\\') {
      out.append("\\\\");
      ++i;
      continue;
    }
    if (java[i] == '\\' && i + 1 < java.size() && java[i + 1] == 'u') {
      auto unit = Hex4(java, i + 2);
      if (unit) {
        i += 5;
        if (*unit >= 0xD800 && *unit <= 0xDBFF && i + 6 < java.size() && java[i + 1] == '\\' && java[i + 2] == 'u') {
          auto low = Hex4(java, i + 3);
          if (low && *low >= 0xDC00 && *low <= 0xDFFF) {
            out += CodePoint(0x10000 + ((*unit - 0xD800) << 10) + (*low - 0xDC00));
            i += 6;
            continue;
          }
        }
        if (*unit >= 0xD800 && *unit <= 0xDFFF) continue;  // A lone surrogate matches no UTF-8 text.
        out += CodePoint(*unit);
        continue;
      }
    }
    out.push_back(java[i]);
  }
  return out;
}

std::shared_ptr<const ModelPattern> ModelPattern::Compile(std::string_view java_pattern) {
  RE2::Options options;
  options.set_encoding(RE2::Options::EncodingUTF8);
  options.set_log_errors(false);
  options.set_never_capture(true);
  options.set_max_mem(1 << 20);
  auto re = std::make_unique<RE2>(Translate(java_pattern), options);
  if (!re->ok()) return nullptr;
  return std::shared_ptr<const ModelPattern>(new ModelPattern(std::move(re)));
}

ModelPattern::ModelPattern(std::unique_ptr<re2::RE2> re) : re_(std::move(re)) {}
ModelPattern::~ModelPattern() = default;

bool ModelPattern::Matches(std::string_view utf8_value) const { return RE2::FullMatch(utf8_value, *re_); }

}  // namespace bulwark::protocol
