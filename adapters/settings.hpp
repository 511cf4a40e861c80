// Reading an adapter's own keys from its channel object. The bot has already
// checked every key's type against the adapter's spec, so these only supply
// defaults and the rate-limit overrides every channel accepts.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "adapters/adapter.hpp"

namespace stoop::adapters {

// The string value of key, or fallback when the key is absent or not a string.
std::string setting_text(const nlohmann::json& settings, const char* key, std::string fallback = {});

// The provider's published default, replaced by the channel's "rate_per_second"
// and "burst" when config sets them.
RateLimit overall_rate(const nlohmann::json& settings, RateLimit provider_default);

// A public_url without trailing slashes, so "/hooks/..." joins cleanly.
std::string trimmed_public_url(std::string url);

} // namespace stoop::adapters
