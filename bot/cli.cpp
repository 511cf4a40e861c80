#include "bot/cli.hpp"

#include <iostream>
#include <map>
#include <optional>

#include "bot/allocator.hpp"
#include "bot/app.hpp"
#include "bot/channel_commands.hpp"
#include "bot/chat_client.hpp"
#include "bot/cli_flags.hpp"
#include "bot/cli_opportunities.hpp"
#include "bot/cli_users.hpp"
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
  stoop users add --config FILE --email E --name N --role admin|staff|student
                                         create a dashboard account (password on stdin)
  stoop users list --config FILE         list accounts
  stoop users password --config FILE --email E
                                         set a new password (on stdin); lifts a lock-out
  stoop users set --config FILE --email E [--languages L,..] [--topics T,..] [--neighbourhoods N,..]
                  [--skills S,..] [--team NAME] [--capacity N] [--on-call yes|no]
                  [--availability JSON] [--reach-channel ID --reach-address A]
                                         what routing needs to know about a person
  stoop opportunities add --config FILE --title T --starts 2026-03-14T10:00 --slots N [...]
  stoop opportunities list --config FILE  post and list opportunities (docs/routing.md)
  stoop channels telegram set-webhook --config FILE [--channel ID]
                                         point a Telegram bot's webhook at this server
  stoop --help                           this text
  stoop --version                        the version

Exit codes: 0 done, 1 failed, 2 bad usage or bad configuration.
See README.md and docs/ for everything else.
)";

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
    out << "stoop " << STOOP_VERSION << "\nallocator: " << allocator_description() << "\n";
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
  if (command == "users") return run_users_command(args, in, out, err);
  if (command == "opportunities") return run_opportunities_command(args, out, err);
  err << "stoop: unknown command \"" << command << "\" (try stoop --help)\n";
  return 2;
}

} // namespace stoop
