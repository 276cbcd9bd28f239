#include "services/input.h"

#include <cmath>
#include <cstdio>
#include <ctime>

namespace bulwark::services {

const boost::json::value* Member(const CallContext& ctx, std::string_view name) {
  if (ctx.input == nullptr) return nullptr;
  const boost::json::value* v = ctx.input->if_contains(name);
  return v != nullptr && !v->is_null() ? v : nullptr;
}

std::optional<std::string> OptionalString(const CallContext& ctx, std::string_view name) {
  const boost::json::value* v = Member(ctx, name);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return std::string(v->get_string());
}

std::string RequiredString(const CallContext& ctx, std::string_view name) {
  return OptionalString(ctx, name).value_or(std::string());
}

std::optional<int64_t> OptionalInt(const CallContext& ctx, std::string_view name) {
  const boost::json::value* v = Member(ctx, name);
  if (v == nullptr) return std::nullopt;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64()) return static_cast<int64_t>(v->get_uint64());
  return std::nullopt;
}

std::optional<bool> OptionalBool(const CallContext& ctx, std::string_view name) {
  const boost::json::value* v = Member(ctx, name);
  if (v == nullptr || !v->is_bool()) return std::nullopt;
  return v->get_bool();
}

std::optional<int64_t> OptionalTimestamp(const CallContext& ctx, std::string_view name) {
  const boost::json::value* v = Member(ctx, name);
  if (v == nullptr) return std::nullopt;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64()) return static_cast<int64_t>(v->get_uint64());
  if (v->is_double() && std::isfinite(v->get_double())) return static_cast<int64_t>(std::floor(v->get_double()));
  if (v->is_string()) {
    std::tm tm{};
    const std::string text(v->get_string());
    if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                    &tm.tm_min, &tm.tm_sec) != 6) {
      return std::nullopt;
    }
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return static_cast<int64_t>(timegm(&tm));
  }
  return std::nullopt;
}

std::vector<std::string> StringList(const CallContext& ctx, std::string_view name) {
  std::vector<std::string> out;
  const boost::json::array* list = ListMember(ctx, name);
  if (list == nullptr) return out;
  for (const auto& item : *list) {
    if (item.is_string()) out.emplace_back(item.get_string());
  }
  return out;
}

const boost::json::array* ListMember(const CallContext& ctx, std::string_view name) {
  const boost::json::value* v = Member(ctx, name);
  return v != nullptr && v->is_array() ? &v->get_array() : nullptr;
}

std::optional<std::string> FieldString(const boost::json::value& structure, std::string_view name) {
  if (!structure.is_object()) return std::nullopt;
  const boost::json::value* v = structure.get_object().if_contains(name);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return std::string(v->get_string());
}

}  // namespace bulwark::services
