// A temporary folder for a test's files, with nothing but the core library
// behind it, so the storage tests can use it without the bot.
#pragma once

#include <string>

namespace stoop::testing {

// A folder under /tmp removed with everything in it at the end of the test.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

} // namespace stoop::testing
