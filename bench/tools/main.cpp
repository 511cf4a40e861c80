// stoop-bench: the tools behind bench/run.sh. See bench/README.md.
#include <cstdio>
#include <exception>

#include "bench/tools/options.hpp"

namespace {

constexpr const char* usage =
    "usage: stoop-bench COMMAND [--name value]...\n"
    "  webhooks  --port P --connections 64 --requests N --duration S --warmup S --numbers 10000\n"
    "            [--senders random|turn]\n"
    "            [--rate R] [--server-pid PID] [--report-every S] [--token T] [--public-url U] [--pool N]\n"
    "  provider  --port P                       a fast fake Twilio until SIGTERM\n"
    "  fill      --db PATH --contacts N --messages N [--pending N] [--channel sms]\n"
    "  startup   --binary B --config C --port P [--runs 3] [--log FILE]\n"
    "  drain     --binary B --config C --port P --provider-port Q --pending N [--log FILE]\n";

} // namespace

int main(int argc, char** argv) {
  using namespace stoop::bench;
  if (argc < 2) {
    std::fputs(usage, stderr);
    return 2;
  }
  std::string command = argv[1];
  std::vector<std::string> args(argv + 2, argv + argc);
  try {
    if (command == "webhooks") {
      return run_webhooks(Options(args, {"port", "connections", "requests", "duration", "warmup", "numbers", "rate",
                                         "server-pid", "report-every", "token", "public-url", "pool", "sid-prefix",
                                         "senders"}));
    }
    if (command == "provider") return run_provider(Options(args, {"port"}));
    if (command == "fill") return run_fill(Options(args, {"db", "contacts", "messages", "pending", "channel"}));
    if (command == "startup") return run_startup(Options(args, {"binary", "config", "port", "runs", "log"}));
    if (command == "drain") {
      return run_drain(Options(args, {"binary", "config", "port", "provider-port", "pending", "log", "timeout"}));
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stoop-bench %s: %s\n", command.c_str(), e.what());
    return 2;
  }
  std::fputs(usage, stderr);
  return 2;
}
