#include "bench/tools/provider.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <vector>

#include "bench/tools/loopback.hpp"
#include "bench/tools/options.hpp"

namespace stoop::bench {
namespace {

struct Peer {
  std::string in;
  std::string out;
};

// The value of a header in a request head, or "".
std::string header_value(const std::string& head, const char* name, std::size_t name_length) {
  std::size_t pos = 0;
  while ((pos = head.find("\r\n", pos)) != std::string::npos) {
    pos += 2;
    if (strncasecmp(head.c_str() + pos, name, name_length) == 0) {
      auto start = head.find_first_not_of(' ', pos + name_length);
      auto end = head.find("\r\n", start);
      return head.substr(start, end - start);
    }
  }
  return {};
}

} // namespace

FastProvider::FastProvider(std::uint16_t port) {
  listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  int one = 1;
  setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  auto address = loopback_address(port);
  if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) < 0 || listen(listen_fd_, 1024) < 0) {
    throw std::runtime_error("fake provider: cannot listen on port " + std::to_string(port));
  }
  socklen_t length = sizeof address;
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length);
  port_ = ntohs(address.sin_port);
  wake_fd_ = eventfd(0, EFD_NONBLOCK);
  thread_ = std::thread([this] { loop(); });
}

FastProvider::~FastProvider() {
  std::uint64_t one = 1;
  if (write(wake_fd_, &one, sizeof one) < 0) std::perror("eventfd");
  thread_.join();
  close(wake_fd_);
  close(listen_fd_);
}

std::string FastProvider::answer(const std::string& key) {
  ++requests_;
  std::uint64_t sid = 0;
  if (key.empty()) {
    sid = ++created_;
  } else if (auto [it, fresh] = sid_by_key_.try_emplace(key, 0); fresh) {
    it->second = sid = ++created_;
  } else {
    sid = it->second;
    ++duplicates_;
  }
  std::string body = "{\"sid\":\"SM" + std::to_string(sid) + "\",\"status\":\"queued\"}";
  return "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n\r\n" + body;
}

void FastProvider::loop() {
  int epoll = epoll_create1(0);
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.fd = listen_fd_;
  epoll_ctl(epoll, EPOLL_CTL_ADD, listen_fd_, &event);
  event.data.fd = wake_fd_;
  epoll_ctl(epoll, EPOLL_CTL_ADD, wake_fd_, &event);
  std::unordered_map<int, Peer> peers;
  std::vector<epoll_event> events(256);
  while (true) {
    int ready = epoll_wait(epoll, events.data(), static_cast<int>(events.size()), -1);
    for (int e = 0; e < ready; ++e) {
      int fd = events[static_cast<std::size_t>(e)].data.fd;
      if (fd == wake_fd_) {
        for (auto& [peer_fd, peer] : peers) close(peer_fd);
        close(epoll);
        return;
      }
      if (fd == listen_fd_) {
        int peer_fd;
        while ((peer_fd = accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK)) >= 0) {
          int one = 1;
          setsockopt(peer_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
          epoll_event peer_event{};
          peer_event.events = EPOLLIN;
          peer_event.data.fd = peer_fd;
          epoll_ctl(epoll, EPOLL_CTL_ADD, peer_fd, &peer_event);
          peers[peer_fd];
          ++connections_;
        }
        continue;
      }
      auto& peer = peers[fd];
      char buffer[16384];
      bool dead = false;
      while (true) {
        ssize_t n = recv(fd, buffer, sizeof buffer, 0);
        if (n > 0) {
          peer.in.append(buffer, static_cast<std::size_t>(n));
          continue;
        }
        dead = n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK);
        break;
      }
      while (true) {
        auto end = peer.in.find("\r\n\r\n");
        if (end == std::string::npos) break;
        std::string head = peer.in.substr(0, end + 2);
        auto length = std::strtoul(header_value(head, "content-length:", 15).c_str(), nullptr, 10);
        if (peer.in.size() < end + 4 + length) break;
        peer.out += answer(header_value(head, "idempotency-key:", 16));
        peer.in.erase(0, end + 4 + length);
      }
      // Answers are small; a blocking-free send that does not finish drops the peer.
      if (!peer.out.empty()) {
        ssize_t n = send(fd, peer.out.data(), peer.out.size(), MSG_NOSIGNAL);
        if (n == static_cast<ssize_t>(peer.out.size())) peer.out.clear();
        else dead = true;
      }
      if (dead) {
        close(fd);
        peers.erase(fd);
      }
    }
  }
}

namespace {
volatile std::sig_atomic_t stop_requested = 0;
}

int run_provider(const Options& options) {
  FastProvider provider(static_cast<std::uint16_t>(options.get_int("port", 0)));
  std::printf("fake provider on 127.0.0.1:%u\n", provider.port());
  std::fflush(stdout);
  std::signal(SIGTERM, [](int) { stop_requested = 1; });
  std::signal(SIGINT, [](int) { stop_requested = 1; });
  while (!stop_requested) usleep(100'000);
  std::printf("requests %llu, messages created %llu, duplicates %llu, connections %llu\n",
              static_cast<unsigned long long>(provider.requests()), static_cast<unsigned long long>(provider.created()),
              static_cast<unsigned long long>(provider.duplicates()),
              static_cast<unsigned long long>(provider.connections()));
  return 0;
}

} // namespace stoop::bench
