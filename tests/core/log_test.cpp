#include "core/log.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace stoop {
namespace {

TEST(Log, RegisteredSecretsNeverReachASink) {
  std::vector<std::string> lines;
  set_log_sink([&](std::string_view line) { lines.emplace_back(line); });
  register_secret("s3cr3t-token-value");
  log_info("test", "token is s3cr3t-token-value and again s3cr3t-token-value");
  set_log_sink(nullptr);
  clear_secrets();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].find("s3cr3t"), std::string::npos);
  EXPECT_NE(lines[0].find("[redacted]"), std::string::npos);
}

TEST(Log, OneEventIsOneLine) {
  std::vector<std::string> lines;
  set_log_sink([&](std::string_view line) { lines.emplace_back(line); });
  log_warn("test", "first\nsecond");
  set_log_sink(nullptr);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].find('\n'), std::string::npos);
}

} // namespace
} // namespace stoop
