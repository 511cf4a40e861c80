#pragma once

#include <string_view>
#include <vector>

namespace stoop::storage {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

// Every migration in version order (generated from storage/migrations/*.sql).
const std::vector<Migration>& migrations();

} // namespace stoop::storage
