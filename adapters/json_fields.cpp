#include "adapters/json_fields.hpp"

#include <cstdio>

namespace stoop::adapters {

const Json* member(const Json& value, const char* key) {
  if (!value.is_object()) return nullptr;
  auto it = value.find(key);
  return it == value.end() ? nullptr : &*it;
}

const Json* object_member(const Json& value, const char* key) {
  const Json* found = member(value, key);
  return (found != nullptr && found->is_object()) ? found : nullptr;
}

const Json* array_member(const Json& value, const char* key) {
  const Json* found = member(value, key);
  return (found != nullptr && found->is_array()) ? found : nullptr;
}

const std::string* string_member(const Json& value, const char* key) {
  const Json* found = member(value, key);
  return (found != nullptr && found->is_string()) ? found->get_ptr<const std::string*>() : nullptr;
}

std::string text_member(const Json& value, const char* key) {
  const std::string* found = string_member(value, key);
  return found ? *found : std::string();
}

std::optional<std::string> id_member(const Json& value, const char* key) {
  const Json* found = member(value, key);
  if (found == nullptr) return std::nullopt;
  if (found->is_number_unsigned()) return std::to_string(found->get<unsigned long long>());
  if (found->is_number_integer()) return std::to_string(found->get<long long>());
  if (found->is_string() && !found->get_ref<const std::string&>().empty()) return found->get<std::string>();
  return std::nullopt;
}

std::optional<long long> integer_member(const Json& value, const char* key) {
  const Json* found = member(value, key);
  if (found == nullptr || !found->is_number_integer()) return std::nullopt;
  return found->get<long long>();
}

std::optional<double> number_member(const Json& value, const char* key) {
  const Json* found = member(value, key);
  if (found == nullptr || !found->is_number()) return std::nullopt;
  return found->get<double>();
}

Json parse_json(const std::string& text) { return Json::parse(text, nullptr, false); }

std::string geo_uri(double latitude, double longitude) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "geo:%.6f,%.6f", latitude, longitude);
  return buffer;
}

} // namespace stoop::adapters
