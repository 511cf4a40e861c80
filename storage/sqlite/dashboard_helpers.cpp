#include <nlohmann/json.hpp>

#include "storage/sqlite/dashboard_repositories.hpp"

namespace stoop::storage {

std::vector<std::string> parse_string_array(const std::string& json) {
  std::vector<std::string> out;
  auto parsed = nlohmann::json::parse(json, nullptr, false);
  if (!parsed.is_array()) return out;
  for (const auto& item : parsed) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

std::string like_pattern(const std::string& text) {
  if (text.empty()) return {};
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}

} // namespace stoop::storage
