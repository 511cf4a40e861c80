#include "tests/support/temp_dir.hpp"

#include <filesystem>

#include "core/crypto.hpp"

namespace stoop::testing {

TempDir::TempDir() {
  auto base = std::filesystem::temp_directory_path() / ("stoop-test-" + random_hex(6));
  std::filesystem::create_directories(base);
  path_ = base.string();
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

} // namespace stoop::testing
