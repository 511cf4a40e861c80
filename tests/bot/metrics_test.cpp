#include "bot/metrics.hpp"

#include <gtest/gtest.h>

namespace stoop {
namespace {

TEST(Metrics, RendersPrometheusText) {
  Metrics m;
  m.describe("stoop_test_total", "counter", "A test counter.");
  m.increment("stoop_test_total", {{"channel", "sms"}}, 2);
  m.observe("stoop_test_seconds", {{"route", "/x"}}, 0.003);
  m.set_gauge("stoop_depth", {}, 4);
  auto text = m.render();
  EXPECT_NE(text.find("# HELP stoop_test_total A test counter.\n# TYPE stoop_test_total counter\n"), std::string::npos);
  EXPECT_NE(text.find("stoop_test_total{channel=\"sms\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("stoop_test_seconds_bucket{route=\"/x\",le=\"0.0025\"} 0\n"), std::string::npos);
  EXPECT_NE(text.find("stoop_test_seconds_bucket{route=\"/x\",le=\"0.005\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("stoop_test_seconds_bucket{route=\"/x\",le=\"+Inf\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("stoop_test_seconds_count{route=\"/x\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("stoop_depth 4\n"), std::string::npos);
  EXPECT_EQ(m.counter_value("stoop_test_total", {{"channel", "sms"}}), 2u);
}

TEST(Metrics, LabelValuesAreEscaped) {
  Metrics m;
  m.increment("x_total", {{"route", "a\"b\\c"}});
  EXPECT_NE(m.render().find("x_total{route=\"a\\\"b\\\\c\"} 1"), std::string::npos);
}

TEST(Metrics, SeveralLabelsKeepTheirOrderAndNewlinesAreEscaped) {
  Metrics m;
  m.increment("x_total", {{"route", "/a"}, {"status", "200"}});
  m.increment("x_total", {{"route", "/a"}, {"status", "200"}});
  m.increment("x_total", {{"route", "line\nbreak"}, {"status", "500"}});
  auto text = m.render();
  EXPECT_NE(text.find("x_total{route=\"/a\",status=\"200\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("x_total{route=\"line\\nbreak\",status=\"500\"} 1\n"), std::string::npos);
  EXPECT_EQ(m.counter_value("x_total", {{"route", "/a"}, {"status", "200"}}), 2u);
}

} // namespace
} // namespace stoop
