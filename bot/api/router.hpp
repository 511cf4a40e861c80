// The dashboard API's route table: method + path pattern ("/api/conversations/{id}/reply")
// → the permission it needs and its handler. Matching is a pure function.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/api/api_call.hpp"

namespace stoop::api {

struct Route {
  std::string method;
  std::vector<std::string> pattern; // path segments; "{id}" matches a positive number
  Permission permission = Permission::signed_in;
  Handler handler;
};

struct RouteMatch {
  const Route* route = nullptr; // null: see method_not_allowed
  std::vector<std::int64_t> ids;
  bool method_not_allowed = false; // the path exists, with other methods
};

class Router {
 public:
  void add(std::string method, std::string_view pattern, Permission permission, Handler handler);
  RouteMatch match(std::string_view method, std::string_view path) const;

 private:
  std::vector<Route> routes_;
};

} // namespace stoop::api
