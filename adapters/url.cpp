#include "adapters/url.hpp"

#include <vector>

#include "core/text.hpp"

namespace stoop::adapters {

std::optional<std::string> url_other_port_form(std::string_view url) {
  auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::nullopt;
  std::string_view scheme = url.substr(0, scheme_end);
  std::string default_port = equals_ignore_case(scheme, "https") ? "443" : equals_ignore_case(scheme, "http") ? "80" : "";
  if (default_port.empty()) return std::nullopt;
  auto authority_start = scheme_end + 3;
  auto path_start = url.find_first_of("/?#", authority_start);
  if (path_start == std::string_view::npos) path_start = url.size();
  std::string_view authority = url.substr(authority_start, path_start - authority_start);
  std::string_view rest = url.substr(path_start);
  auto at = authority.rfind('@');
  std::string_view userinfo = at == std::string_view::npos ? std::string_view{} : authority.substr(0, at + 1);
  std::string_view host_port = at == std::string_view::npos ? authority : authority.substr(at + 1);
  auto colon = host_port.rfind(':');
  bool has_port = colon != std::string_view::npos && host_port.find(']', colon) == std::string_view::npos;
  std::string prefix = std::string(url.substr(0, authority_start)) + std::string(userinfo);
  if (!has_port) return prefix + std::string(host_port) + ":" + default_port + std::string(rest);
  if (host_port.substr(colon + 1) != default_port) return std::nullopt; // another port: no other form
  return prefix + std::string(host_port.substr(0, colon)) + std::string(rest);
}

std::string join_url(std::string_view base, std::string_view path) {
  std::string out(base);
  while (!out.empty() && out.back() == '/') out.pop_back();
  if (path.empty() || path.front() != '/') out += '/';
  out += path;
  return out;
}

std::string query_parameter(std::string_view query, std::string_view name) {
  std::vector<std::pair<std::string, std::string>> fields;
  if (!form_decode(query, fields)) return {};
  for (auto& [key, value] : fields) {
    if (key == name) return value;
  }
  return {};
}

} // namespace stoop::adapters
