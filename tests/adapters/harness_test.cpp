// The table harness's own safety net: its secret check must be able to fail.
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include "core/log.hpp"
#include "tests/adapters/table_support.hpp"

namespace stoop::adapters::table {
namespace {

TEST(TableHarness, CatchesASecretInALogLine) {
  EXPECT_NONFATAL_FAILURE(expect_no_secrets({"s3cret-value"}, {"DEBUG x: token s3cret-value leaked"}),
                          "a secret reached");
}

TEST(TableHarness, CapturesDebugLinesWhileItLives) {
  std::vector<std::string> lines;
  {
    LogCapture capture;
    log_debug("test", "visible to the capture");
    lines = capture.lines();
  }
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("visible to the capture"), std::string::npos);
  EXPECT_FALSE(log_enabled(LogLevel::debug)) << "the capture restores the level";
}

} // namespace
} // namespace stoop::adapters::table
