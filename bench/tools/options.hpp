// `--name value` options of the bench tools; an unknown or missing value is an error.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace stoop::bench {

class Options {
 public:
  Options(const std::vector<std::string>& args, std::set<std::string> known) {
    for (std::size_t i = 0; i < args.size(); ++i) {
      const auto& a = args[i];
      if (a.rfind("--", 0) != 0 || i + 1 >= args.size()) throw std::runtime_error("expected --name value at " + a);
      auto name = a.substr(2);
      if (!known.count(name)) throw std::runtime_error("unknown option --" + name);
      values_[name] = args[++i];
    }
  }
  std::string get(const std::string& name, const std::string& fallback) const {
    auto it = values_.find(name);
    return it == values_.end() ? fallback : it->second;
  }
  std::uint64_t get_int(const std::string& name, std::uint64_t fallback) const {
    auto it = values_.find(name);
    return it == values_.end() ? fallback : std::stoull(it->second);
  }
  double get_double(const std::string& name, double fallback) const {
    auto it = values_.find(name);
    return it == values_.end() ? fallback : std::stod(it->second);
  }
  bool has(const std::string& name) const { return values_.count(name) != 0; }

 private:
  std::map<std::string, std::string> values_;
};

int run_webhooks(const Options& options);
int run_provider(const Options& options);
int run_fill(const Options& options);
int run_startup(const Options& options);
int run_drain(const Options& options);

} // namespace stoop::bench
