#include "bot/api/router.hpp"

#include "bot/api/input.hpp"
#include "core/text.hpp"

namespace stoop::api {
namespace {

// Fills ids when every segment matches.
bool segments_match(const std::vector<std::string>& pattern, const std::vector<std::string_view>& path,
                    std::vector<std::int64_t>& ids) {
  if (pattern.size() != path.size()) return false;
  ids.clear();
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == "{id}") {
      auto id = parse_id(path[i]);
      if (!id) return false;
      ids.push_back(*id);
    } else if (pattern[i] != path[i]) {
      return false;
    }
  }
  return true;
}

} // namespace

void Router::add(std::string method, std::string_view pattern, Permission permission, Handler handler) {
  Route route;
  route.method = std::move(method);
  for (auto piece : split_any(pattern, "/")) route.pattern.emplace_back(piece);
  route.permission = permission;
  route.handler = std::move(handler);
  routes_.push_back(std::move(route));
}

RouteMatch Router::match(std::string_view method, std::string_view path) const {
  RouteMatch result;
  auto parts = split_any(path, "/");
  std::vector<std::int64_t> ids;
  for (const auto& route : routes_) {
    if (!segments_match(route.pattern, parts, ids)) continue;
    if (route.method == method || (method == "HEAD" && route.method == "GET")) {
      result.route = &route;
      result.ids = ids;
      result.method_not_allowed = false;
      return result;
    }
    result.method_not_allowed = true;
  }
  return result;
}

} // namespace stoop::api
