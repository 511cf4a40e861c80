// Small URL helpers shared by adapters (public_url handling, api_base joining).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace stoop::adapters {

// The same absolute URL with the scheme's default port written out and left out
// (Twilio signs whichever form it was given, so validators accept both).
std::vector<std::string> url_port_variants(std::string_view url);

// api_base + path, with exactly one slash between them.
std::string join_url(std::string_view base, std::string_view path);

// The value of a query parameter, percent-decoded; "" when absent.
std::string query_parameter(std::string_view query, std::string_view name);

} // namespace stoop::adapters
