// Flag parsing shared by the `stoop` subcommands: --name VALUE or --name=VALUE,
// unknown flags refused, and the --config file loaded with a one-line error.
#pragma once

#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "bot/config.hpp"

namespace stoop {

struct Flags {
  std::map<std::string, std::string> values;
  std::vector<std::string> positional;

  bool has(const std::string& name) const { return values.count(name) != 0; }
  std::string get(const std::string& name) const { return has(name) ? values.at(name) : std::string(); }
};

std::optional<Flags> parse_flags(const std::vector<std::string>& args, size_t from,
                                 const std::vector<std::string>& known, std::string& error);

// Loads --config; on failure writes "stoop: FILE: reason" to err and returns nullopt.
std::optional<Config> load_or_complain(const Flags& flags, std::ostream& err);

} // namespace stoop
