// `stoop-bench webhooks`: a closed-loop HTTP/1.1 load generator. One thread,
// epoll, non-blocking keep-alive connections, each sending its next request as
// soon as the previous answer is read. Requests are built and signed before the
// clock starts, so the generator spends its time on sockets, not HMACs (past the
// pre-built pool it signs on the fly). Every latency is kept, so p99 and p999
// are exact, not bucketed.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "bench/tools/loopback.hpp"
#include "bench/tools/options.hpp"
#include "bench/tools/proc_stats.hpp"
#include "bench/tools/twilio_load.hpp"

namespace stoop::bench {
namespace {

using Clock = std::chrono::steady_clock;

struct Connection {
  int fd = -1;
  const std::string* request = nullptr;
  std::string own_request; // signed on the fly, past the pool
  std::size_t sent = 0;
  std::string in;
  Clock::time_point started;
  bool busy = false;
};

int open_connection(std::uint16_t port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  if (fd < 0) return -1;
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  auto address = loopback_address(port);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) < 0 && errno != EINPROGRESS) {
    close(fd);
    return -1;
  }
  return fd;
}

// A whole response at the front of `in`: its status and length, or 0 when incomplete.
std::size_t response_length(const std::string& in, int& status, bool& closes) {
  auto end = in.find("\r\n\r\n");
  if (end == std::string::npos || in.size() < 12) return 0;
  status = std::atoi(in.c_str() + 9);
  std::size_t body = 0;
  std::size_t pos = 0;
  closes = false;
  while ((pos = in.find("\r\n", pos)) != std::string::npos && pos < end) {
    pos += 2;
    if (strncasecmp(in.c_str() + pos, "content-length:", 15) == 0) body = std::strtoul(in.c_str() + pos + 15, nullptr, 10);
    if (strncasecmp(in.c_str() + pos, "connection: close", 17) == 0) closes = true;
  }
  std::size_t total = end + 4 + body;
  return in.size() >= total ? total : 0;
}

double percentile(const std::vector<std::uint32_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  auto index = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(index, sorted.size() - 1)] / 1000.0;
}

// One --report-every window: when it ended (seconds from the start) and what it did.
struct Window {
  double ends_at = 0;
  double throughput = 0;
  double p99_ms = 0;
  double cpu_us = 0;
};

} // namespace

int run_webhooks(const Options& options) {
  WebhookSpec spec;
  spec.numbers = options.get_int("numbers", 10'000);
  auto senders = options.get("senders", "random");
  if (senders != "random" && senders != "turn") {
    std::fprintf(stderr, "--senders must be random or turn\n");
    return 2;
  }
  spec.in_turn = senders == "turn";
  spec.sid_prefix = options.get("sid-prefix", "SMb" + std::to_string(::time(nullptr)) + "x");
  spec.auth_token = options.get("token", spec.auth_token);
  spec.public_url = options.get("public-url", spec.public_url);
  auto port = static_cast<std::uint16_t>(options.get_int("port", 8080));
  auto connections = static_cast<int>(options.get_int("connections", 64));
  auto total = options.get_int("requests", 300'000);
  auto pool_size = std::min<std::uint64_t>(total, options.get_int("pool", 400'000));
  double duration = options.get_double("duration", 60);
  double warmup = options.get_double("warmup", 2);
  double rate = options.get_double("rate", 0); // requests per second; 0: as fast as answered
  double report_every = options.get_double("report-every", 0);
  pid_t server = static_cast<pid_t>(options.get_int("server-pid", 0));

  std::fprintf(stderr, "building %llu signed webhooks from %llu numbers, senders %s...\n",
               static_cast<unsigned long long>(pool_size), static_cast<unsigned long long>(spec.numbers),
               senders.c_str());
  std::vector<std::string> pool;
  pool.reserve(pool_size);
  for (std::uint64_t i = 0; i < pool_size; ++i) pool.push_back(signed_webhook(spec, i));

  int epoll = epoll_create1(0);
  std::vector<Connection> conns(static_cast<std::size_t>(connections));
  std::uint64_t next = 0, completed = 0, measured = 0, reconnects = 0;
  std::map<int, std::uint64_t> statuses;
  std::vector<std::uint32_t> latencies_us;
  latencies_us.reserve(std::min<std::uint64_t>(total, 20'000'000));
  // With --report-every, each report also gives the window since the last one:
  // its throughput, p99 and server CPU, so that a slow minute shows up.
  std::vector<std::uint32_t> window_us;
  Window slowest, worst;
  std::uint64_t windows = 0, window_completed = 0;

  auto begin = Clock::now();
  auto measure_from = begin + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(warmup));
  auto stop_at = begin + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(duration));
  ProcessSample server_start, server_last;
  double own_start = 0;
  bool measuring = false;
  auto next_report = begin + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(report_every));
  auto window_start = begin;
  ProcessSample window_sample;

  auto attach = [&](std::size_t i) {
    conns[i].fd = open_connection(port);
    epoll_event event{};
    // Edge-triggered: a writable socket would otherwise wake every epoll_wait.
    event.events = EPOLLIN | EPOLLOUT | EPOLLET;
    event.data.u64 = i;
    epoll_ctl(epoll, EPOLL_CTL_ADD, conns[i].fd, &event);
  };
  auto may_send = [&](Clock::time_point now) {
    if (next >= total || now >= stop_at) return false;
    if (rate <= 0) return true;
    return std::chrono::duration<double>(now - begin).count() * rate >= static_cast<double>(next);
  };
  auto start_request = [&](Connection& c, Clock::time_point now) {
    if (next < pool.size()) {
      c.request = &pool[next];
    } else {
      c.own_request = signed_webhook(spec, next);
      c.request = &c.own_request;
    }
    ++next;
    c.sent = 0;
    c.busy = true;
    c.started = now;
  };
  auto flush = [&](Connection& c) {
    while (c.busy && c.sent < c.request->size()) {
      ssize_t n = ::send(c.fd, c.request->data() + c.sent, c.request->size() - c.sent, MSG_NOSIGNAL);
      if (n <= 0) return;
      c.sent += static_cast<std::size_t>(n);
    }
  };
  for (std::size_t i = 0; i < conns.size(); ++i) attach(i);

  std::vector<epoll_event> events(conns.size());
  std::size_t busy_count = 0;
  while (true) {
    auto now = Clock::now();
    if (!measuring && now >= measure_from) {
      measuring = true;
      if (server) server_start = sample_process(server);
      own_start = own_cpu_seconds();
      measure_from = now;
    }
    if (report_every > 0 && now >= next_report && server) {
      auto s = sample_process(server);
      double at = std::chrono::duration<double>(now - begin).count();
      std::printf("t=%.0fs completed=%llu rss_mb=%.1f peak_rss_mb=%.1f", at, static_cast<unsigned long long>(completed),
                  s.rss_kb / 1024.0, s.peak_rss_kb / 1024.0);
      // Windows that began before the measuring did are warm-up, not figures.
      if (measuring && window_start >= measure_from && window_sample.ok) {
        Window w{at, static_cast<double>(completed - window_completed) /
                         std::chrono::duration<double>(now - window_start).count(),
                 0, 0};
        std::sort(window_us.begin(), window_us.end());
        w.p99_ms = percentile(window_us, 0.99);
        if (completed > window_completed)
          w.cpu_us = (s.cpu_seconds - window_sample.cpu_seconds) / static_cast<double>(completed - window_completed) * 1e6;
        std::printf("  window: %.0f requests/s p99 %.2f ms server cpu %.1f us/request", w.throughput, w.p99_ms, w.cpu_us);
        if (windows == 0 || w.throughput < slowest.throughput) slowest = w;
        if (windows == 0 || w.p99_ms > worst.p99_ms) worst = w;
        ++windows;
      }
      std::printf("\n");
      std::fflush(stdout);
      window_us.clear();
      window_start = now;
      window_completed = completed;
      window_sample = s;
      next_report += std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(report_every));
    }
    for (auto& c : conns) {
      if (!c.busy && may_send(now)) {
        start_request(c, now);
        ++busy_count;
        flush(c);
      }
    }
    if (busy_count == 0 && !may_send(now) && (next >= total || now >= stop_at)) break;
    int ready = epoll_wait(epoll, events.data(), static_cast<int>(events.size()), rate > 0 ? 1 : 100);
    now = Clock::now();
    for (int e = 0; e < ready; ++e) {
      auto& c = conns[events[static_cast<std::size_t>(e)].data.u64];
      if (events[static_cast<std::size_t>(e)].events & EPOLLOUT) flush(c);
      if (!(events[static_cast<std::size_t>(e)].events & (EPOLLIN | EPOLLERR | EPOLLHUP))) continue;
      char buffer[16384];
      bool dead = false;
      while (true) {
        ssize_t n = ::recv(c.fd, buffer, sizeof buffer, 0);
        if (n > 0) {
          c.in.append(buffer, static_cast<std::size_t>(n));
          continue;
        }
        dead = n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK);
        break;
      }
      int status = 0;
      bool closes = false;
      while (std::size_t length = response_length(c.in, status, closes)) {
        c.in.erase(0, length);
        if (!c.busy) continue;
        c.busy = false;
        --busy_count;
        ++completed;
        ++statuses[status];
        if (measuring && now < stop_at) {
          ++measured;
          auto took = static_cast<std::uint32_t>(
              std::chrono::duration_cast<std::chrono::microseconds>(now - c.started).count());
          latencies_us.push_back(took);
          if (report_every > 0) window_us.push_back(took);
        }
        if (may_send(now)) {
          start_request(c, now);
          ++busy_count;
          flush(c);
        }
      }
      if (dead || closes) {
        if (c.busy) {
          c.busy = false;
          --busy_count;
          ++statuses[0];
        }
        close(c.fd);
        c.in.clear();
        ++reconnects;
        attach(static_cast<std::size_t>(&c - conns.data()));
      }
    }
  }
  auto end = std::min(Clock::now(), stop_at);
  if (server) server_last = sample_process(server);
  double window = std::chrono::duration<double>(end - measure_from).count();
  double own_cpu = own_cpu_seconds() - own_start;
  for (auto& c : conns) close(c.fd);
  close(epoll);

  std::sort(latencies_us.begin(), latencies_us.end());
  std::printf("requests: %llu answered (%llu in the %.1f s measured window), connections %d, reconnects %llu\n",
              static_cast<unsigned long long>(completed), static_cast<unsigned long long>(measured), window,
              connections, static_cast<unsigned long long>(reconnects));
  for (auto [status, count] : statuses) std::printf("  status %d: %llu\n", status, static_cast<unsigned long long>(count));
  std::printf("throughput: %.0f requests/s\n", window > 0 ? static_cast<double>(measured) / window : 0.0);
  std::printf("latency ms: p50 %.2f  p90 %.2f  p99 %.2f  p999 %.2f  max %.2f\n", percentile(latencies_us, 0.5),
              percentile(latencies_us, 0.9), percentile(latencies_us, 0.99), percentile(latencies_us, 0.999),
              latencies_us.empty() ? 0.0 : latencies_us.back() / 1000.0);
  if (server && server_last.ok && measured > 0) {
    double cpu = server_last.cpu_seconds - server_start.cpu_seconds;
    std::printf("server cpu: %.1f us/request (%.2f cores)  rss %.1f MB  peak rss %.1f MB\n",
                cpu / static_cast<double>(measured) * 1e6, cpu / window, server_last.rss_kb / 1024.0,
                server_last.peak_rss_kb / 1024.0);
  }
  std::printf("load generator cpu: %.1f us/request\n", measured ? own_cpu / static_cast<double>(measured) * 1e6 : 0.0);
  if (windows > 0) {
    std::printf("windows of %.0f s: %llu; slowest %.0f requests/s (p99 %.2f ms, ending t=%.0fs);"
                " worst p99 %.2f ms (%.0f requests/s, ending t=%.0fs)\n",
                report_every, static_cast<unsigned long long>(windows), slowest.throughput, slowest.p99_ms,
                slowest.ends_at, worst.p99_ms, worst.throughput, worst.ends_at);
  }
  bool all_ok = statuses.size() == 1 && statuses.begin()->first == 200;
  return all_ok ? 0 : 1;
}

} // namespace stoop::bench
