#include "bot/cli.hpp"

#include <iostream>
#include <map>
#include <optional>

#include "bot/app.hpp"
#include "bot/channel_commands.hpp"
#include "bot/chat_client.hpp"
#include "bot/config.hpp"
#include "core/log.hpp"
#include "flows/loader.hpp"

#ifndef STOOP_VERSION
#define STOOP_VERSION "0.0.0"
#endif

namespace stoop {
namespace {

constexpr const char* usage_text = R"(stoop: the community engagement bot of the Office for Community-Centered Medical Education

Usage:
  stoop serve --config FILE              run the server
  stoop chat --config FILE [--as NAME]   talk to the running server as a community member
  stoop flows check FILE...              validate flow files
  stoop channels telegram set-webhook --config FILE [--channel ID]
                                         point a Telegram bot's webhook at this server
  stoop --help                           this text
  stoop --version                        the version

Exit codes: 0 done, 1 failed, 2 bad usage or bad configuration.
See README.md and docs/ for everything else.
)";

// Flags of the form --name VALUE; anything else is an error.
struct Flags {
  std::map<std::string, std::string> values;
  std::vector<std::string> positional;
};

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

int serve(const Flags& flags, std::ostream& err) {
  if (!flags.positional.empty()) {
    err << "stoop serve: unexpected argument " << flags.positional[0] << "\n";
    return 2;
  }
  auto config = load_or_complain(flags, err);
  if (!config) return 2;
  App app(std::move(*config));
  try {
    app.start();
  } catch (const std::exception& e) {
    err << "stoop serve: " << e.what() << "\n";
    return 1;
  }
  app.run(true);
  return 0;
}

} // namespace

int run_cli(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err) {
  if (args.size() < 2) {
    err << "stoop: missing a command (try stoop --help)\n";
    return 2;
  }
  const std::string& command = args[1];
  if (command == "--help" || command == "-h" || command == "help") {
    out << usage_text;
    return 0;
  }
  if (command == "--version") {
    out << "stoop " << STOOP_VERSION << "\n";
    return 0;
  }
  std::string error;
  if (command == "serve") {
    auto flags = parse_flags(args, 2, {"config"}, error);
    if (!flags) {
      err << "stoop serve: " << error << "\n";
      return 2;
    }
    return serve(*flags, err);
  }
  if (command == "chat") {
    auto flags = parse_flags(args, 2, {"config", "as"}, error);
    if (!flags) {
      err << "stoop chat: " << error << "\n";
      return 2;
    }
    auto config = load_or_complain(*flags, err);
    if (!config) return 2;
    return run_chat(*config, flags->values.count("as") ? flags->values.at("as") : "", in, out, err);
  }
  if (command == "channels") {
    if (args.size() < 4 || args[2] != "telegram" || args[3] != "set-webhook") {
      err << "stoop channels: expected \"stoop channels telegram set-webhook --config FILE [--channel ID]\"\n";
      return 2;
    }
    auto flags = parse_flags(args, 4, {"config", "channel"}, error);
    if (!flags) {
      err << "stoop channels: " << error << "\n";
      return 2;
    }
    auto config = load_or_complain(*flags, err);
    if (!config) return 2;
    return telegram_set_webhook(*config, flags->values.count("channel") ? flags->values.at("channel") : "", out, err);
  }
  if (command == "flows") {
    if (args.size() < 3 || args[2] != "check") {
      err << "stoop flows: expected \"stoop flows check FILE...\"\n";
      return 2;
    }
    if (args.size() < 4) {
      err << "stoop flows check: name at least one flow file\n";
      return 2;
    }
    return flows::run_flows_check(std::vector<std::string>(args.begin() + 3, args.end()), out, err);
  }
  err << "stoop: unknown command \"" << command << "\" (try stoop --help)\n";
  return 2;
}

} // namespace stoop
