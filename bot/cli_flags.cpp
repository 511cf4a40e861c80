#include "bot/cli_flags.hpp"

namespace stoop {

std::optional<Flags> parse_flags(const std::vector<std::string>& args, size_t from,
                                 const std::vector<std::string>& known, std::string& error) {
  Flags flags;
  for (size_t i = from; i < args.size(); ++i) {
    const auto& arg = args[i];
    if (arg.rfind("--", 0) == 0) {
      std::string name = arg.substr(2);
      std::string value;
      auto eq = name.find('=');
      if (eq != std::string::npos) {
        value = name.substr(eq + 1);
        name = name.substr(0, eq);
      } else if (i + 1 < args.size()) {
        value = args[++i];
      } else {
        error = "--" + name + " needs a value";
        return std::nullopt;
      }
      bool is_known = false;
      for (const auto& k : known) is_known |= k == name;
      if (!is_known) {
        error = "unknown flag --" + name;
        return std::nullopt;
      }
      flags.values[name] = value;
    } else {
      flags.positional.push_back(arg);
    }
  }
  return flags;
}

std::optional<Config> load_or_complain(const Flags& flags, std::ostream& err) {
  auto it = flags.values.find("config");
  if (it == flags.values.end()) {
    err << "stoop: --config FILE is required\n";
    return std::nullopt;
  }
  auto config = load_config_file(it->second);
  if (!config) {
    err << "stoop: " << it->second << ": " << config.error() << "\n";
    return std::nullopt;
  }
  return std::move(config.value());
}

} // namespace stoop
