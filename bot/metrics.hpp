// Counters, gauges and histograms rendered in the Prometheus text format at
// GET /metrics. Label values are known strings (routes, channel ids, results),
// never anything a sender controls, so the series stay few.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace stoop {

class Metrics {
 public:
  using Labels = std::vector<std::pair<std::string, std::string>>;

  void describe(const std::string& name, const std::string& type, const std::string& help);
  void increment(const std::string& name, const Labels& labels = {}, std::uint64_t by = 1);
  void set_gauge(const std::string& name, const Labels& labels, double value);
  void observe(const std::string& name, const Labels& labels, double seconds); // latency histograms

  std::uint64_t counter_value(const std::string& name, const Labels& labels = {}) const;
  std::string render() const;

  static constexpr std::array<double, 12> buckets{0.001, 0.0025, 0.005, 0.01, 0.015, 0.025,
                                                  0.05,  0.1,    0.25,  0.5,  1.0,   2.5};

 private:
  struct Histogram {
    std::array<std::uint64_t, buckets.size()> counts{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  struct Family {
    std::string type = "counter";
    std::string help;
    std::map<std::string, double> values; // rendered labels → value
    std::map<std::string, Histogram> histograms;
  };
  static std::string render_labels(const Labels& labels);

  mutable std::mutex mutex_;
  std::map<std::string, Family> families_;
};

} // namespace stoop
