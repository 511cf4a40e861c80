#include "adapters/settings.hpp"

#include <nlohmann/json.hpp>

namespace stoop::adapters {

std::string setting_text(const nlohmann::json& settings, const char* key, std::string fallback) {
  auto it = settings.find(key);
  if (it == settings.end() || !it->is_string()) return fallback;
  return it->get<std::string>();
}

RateLimit overall_rate(const nlohmann::json& settings, RateLimit provider_default) {
  RateLimit rate = provider_default;
  auto per_second = settings.find("rate_per_second");
  if (per_second != settings.end() && per_second->is_number()) rate.per_second = per_second->get<double>();
  auto burst = settings.find("burst");
  if (burst != settings.end() && burst->is_number()) rate.burst = burst->get<double>();
  return rate;
}

std::string trimmed_public_url(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

} // namespace stoop::adapters
