// `stoop-bench startup` and `stoop-bench drain`: run the real `stoop serve` as a
// child and time it: to /readyz answering 200, and to the fake provider having
// accepted every pending reply.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <thread>
#include <vector>

#include "bench/tools/loopback.hpp"
#include "bench/tools/options.hpp"
#include "bench/tools/proc_stats.hpp"
#include "bench/tools/provider.hpp"

namespace stoop::bench {
namespace {

using Clock = std::chrono::steady_clock;

pid_t spawn_server(const std::string& binary, const std::string& config, const std::string& log) {
  std::fflush(stdout); // or the child's freopen writes our buffered lines a second time
  pid_t pid = fork();
  if (pid == 0) {
    FILE* out = std::freopen(log.c_str(), "a", stdout);
    if (out) dup2(fileno(stdout), 2);
    execl(binary.c_str(), binary.c_str(), "serve", "--config", config.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

// GET /readyz on loopback; true on a 200.
bool ready(std::uint16_t port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  auto address = loopback_address(port);
  bool ok = false;
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
    const char request[] = "GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    if (send(fd, request, sizeof request - 1, MSG_NOSIGNAL) > 0) {
      char buffer[64] = {};
      ok = recv(fd, buffer, sizeof buffer - 1, 0) > 12 && std::strncmp(buffer + 9, "200", 3) == 0;
    }
  }
  close(fd);
  return ok;
}

// Seconds until ready, or a negative number when the child died or the timeout passed.
double wait_ready(pid_t pid, std::uint16_t port, Clock::time_point started, double timeout) {
  while (std::chrono::duration<double>(Clock::now() - started).count() < timeout) {
    if (ready(port)) return std::chrono::duration<double>(Clock::now() - started).count();
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) return -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return -1;
}

int stop_server(pid_t pid) {
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

} // namespace

int run_startup(const Options& options) {
  auto binary = options.get("binary", "build/bot/stoop");
  auto config = options.get("config", "");
  auto port = static_cast<std::uint16_t>(options.get_int("port", 8080));
  auto runs = options.get_int("runs", 3);
  auto log = options.get("log", "/dev/null");
  std::vector<double> times;
  for (std::uint64_t run = 0; run < runs; ++run) {
    auto started = Clock::now();
    pid_t pid = spawn_server(binary, config, log);
    double seconds = wait_ready(pid, port, started, 60);
    auto sample = sample_process(pid);
    stop_server(pid);
    if (seconds < 0) {
      std::printf("run %llu: the server did not become ready (see %s)\n", static_cast<unsigned long long>(run + 1),
                  log.c_str());
      return 1;
    }
    std::printf("run %llu: ready in %.3f s, rss %.1f MB\n", static_cast<unsigned long long>(run + 1), seconds,
                sample.rss_kb / 1024.0);
    times.push_back(seconds);
  }
  std::sort(times.begin(), times.end());
  std::printf("start-up to ready: median %.3f s, worst %.3f s\n", times[times.size() / 2], times.back());
  return 0;
}

int run_drain(const Options& options) {
  auto binary = options.get("binary", "build/bot/stoop");
  auto config = options.get("config", "");
  auto port = static_cast<std::uint16_t>(options.get_int("port", 8080));
  auto expected = options.get_int("pending", 100'000);
  auto log = options.get("log", "/dev/null");
  double timeout = options.get_double("timeout", 300);
  FastProvider provider(static_cast<std::uint16_t>(options.get_int("provider-port", 0)));

  auto started = Clock::now();
  pid_t pid = spawn_server(binary, config, log);
  double ready_at = wait_ready(pid, port, started, 60);
  if (ready_at < 0) {
    std::printf("the server did not become ready (see %s)\n", log.c_str());
    return 1;
  }
  auto cpu_start = sample_process(pid);
  auto ready_time = Clock::now();
  std::uint64_t last = 0;
  auto last_progress = Clock::now();
  while (provider.created() < expected && std::chrono::duration<double>(Clock::now() - started).count() < timeout) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if (provider.created() != last) {
      last = provider.created();
      last_progress = Clock::now();
    }
  }
  auto sample = sample_process(pid);
  double seconds = std::chrono::duration<double>(last_progress - ready_time).count();
  stop_server(pid);
  std::printf("drained %llu of %llu replies in %.2f s after ready (ready after %.3f s): %.0f sends/s\n",
              static_cast<unsigned long long>(provider.created()), static_cast<unsigned long long>(expected), seconds,
              ready_at, static_cast<double>(provider.created()) / seconds);
  std::printf("provider: %llu requests, %llu duplicates, %llu TCP connections (keep-alive reuse)\n",
              static_cast<unsigned long long>(provider.requests()), static_cast<unsigned long long>(provider.duplicates()),
              static_cast<unsigned long long>(provider.connections()));
  double cpu = sample.cpu_seconds - cpu_start.cpu_seconds;
  std::printf("server cpu: %.1f us/send (%.2f cores)  peak rss %.1f MB\n",
              cpu / static_cast<double>(std::max<std::uint64_t>(1, provider.created())) * 1e6, cpu / seconds,
              sample.peak_rss_kb / 1024.0);
  return provider.created() >= expected ? 0 : 1;
}

} // namespace stoop::bench
