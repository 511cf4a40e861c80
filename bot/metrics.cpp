#include "bot/metrics.hpp"

#include <charconv>

namespace stoop {
namespace {

// Appends a label value, escaped as the text format asks.
void append_escaped(std::string& out, const std::string& value) {
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
}

std::string format_number(double value) {
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value); // shortest form that reads back exactly
  return std::string(buffer, end);
}

// Adds one label to an already rendered label set ("{a=\"1\"}" + le → "{a=\"1\",le=\"0.5\"}").
std::string with_label(const std::string& rendered, const std::string& name, const std::string& value) {
  std::string pair = name + "=\"" + value + "\"";
  if (rendered.empty()) return "{" + pair + "}";
  return rendered.substr(0, rendered.size() - 1) + "," + pair + "}";
}

} // namespace

// Built in place: it runs for every request (twice), and building it from
// concatenated temporaries was about two thirds of a metric's cost.
std::string Metrics::render_labels(const Labels& labels) {
  if (labels.empty()) return {};
  std::size_t size = 2;
  for (const auto& [name, value] : labels) size += name.size() + value.size() + 4;
  std::string out;
  out.reserve(size);
  out += '{';
  for (size_t i = 0; i < labels.size(); ++i) {
    if (i) out += ',';
    out += labels[i].first;
    out += "=\"";
    append_escaped(out, labels[i].second);
    out += '"';
  }
  out += '}';
  return out;
}

void Metrics::describe(const std::string& name, const std::string& type, const std::string& help) {
  std::lock_guard lock(mutex_);
  auto& family = families_[name];
  family.type = type;
  family.help = help;
}

void Metrics::increment(const std::string& name, const Labels& labels, std::uint64_t by) {
  auto key = render_labels(labels);
  std::lock_guard lock(mutex_);
  families_[name].values[key] += static_cast<double>(by);
}

void Metrics::set_gauge(const std::string& name, const Labels& labels, double value) {
  auto key = render_labels(labels);
  std::lock_guard lock(mutex_);
  auto& family = families_[name];
  family.type = "gauge";
  family.values[key] = value;
}

void Metrics::observe(const std::string& name, const Labels& labels, double seconds) {
  auto key = render_labels(labels);
  std::lock_guard lock(mutex_);
  auto& family = families_[name];
  family.type = "histogram";
  auto& histogram = family.histograms[key];
  for (size_t i = 0; i < buckets.size(); ++i) {
    if (seconds <= buckets[i]) ++histogram.counts[i];
  }
  ++histogram.count;
  histogram.sum += seconds;
}

std::uint64_t Metrics::counter_value(const std::string& name, const Labels& labels) const {
  std::lock_guard lock(mutex_);
  auto family = families_.find(name);
  if (family == families_.end()) return 0;
  auto value = family->second.values.find(render_labels(labels));
  return value == family->second.values.end() ? 0 : static_cast<std::uint64_t>(value->second);
}

std::string Metrics::render() const {
  std::string out;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [name, family] : families_) {
      if (!family.help.empty()) out += "# HELP " + name + " " + family.help + "\n";
      out += "# TYPE " + name + " " + family.type + "\n";
      for (const auto& [labels, value] : family.values) out += name + labels + " " + format_number(value) + "\n";
      for (const auto& [labels, h] : family.histograms) {
        for (size_t i = 0; i < buckets.size(); ++i) {
          out += name + "_bucket" + with_label(labels, "le", format_number(buckets[i])) + " " +
                 std::to_string(h.counts[i]) + "\n";
        }
        out += name + "_bucket" + with_label(labels, "le", "+Inf") + " " + std::to_string(h.count) + "\n";
        out += name + "_sum" + labels + " " + format_number(h.sum) + "\n";
        out += name + "_count" + labels + " " + std::to_string(h.count) + "\n";
      }
    }
  }
  return out;
}

} // namespace stoop
