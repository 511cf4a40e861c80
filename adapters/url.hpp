// Small URL helpers shared by adapters (public_url handling, api_base joining).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace stoop::adapters {

// The same absolute URL with the scheme's default port written out if it was
// left out, or left out if it was written; nothing for another port or scheme
// (Twilio signs whichever form it was given, so validators accept both).
std::optional<std::string> url_other_port_form(std::string_view url);

// api_base + path, with exactly one slash between them.
std::string join_url(std::string_view base, std::string_view path);

// The value of a query parameter, percent-decoded; "" when absent.
std::string query_parameter(std::string_view query, std::string_view name);

} // namespace stoop::adapters
