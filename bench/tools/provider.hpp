// A fast fake of Twilio's Messages resource for the dispatcher bench: one
// thread, epoll, keep-alive, 201 with a message sid. A request whose
// Idempotency-Key it has seen gets the same sid again and is counted as a
// duplicate, not as a new message (that is what Twilio promises).
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

namespace stoop::bench {

class FastProvider {
 public:
  explicit FastProvider(std::uint16_t port = 0);
  ~FastProvider();
  FastProvider(const FastProvider&) = delete;
  FastProvider& operator=(const FastProvider&) = delete;

  std::uint16_t port() const { return port_; }
  std::uint64_t created() const { return created_.load(); }       // distinct keys answered
  std::uint64_t duplicates() const { return duplicates_.load(); } // resends of a known key
  std::uint64_t requests() const { return requests_.load(); }
  std::uint64_t connections() const { return connections_.load(); } // TCP connections accepted

 private:
  void loop();
  std::string answer(const std::string& key);

  int listen_fd_ = -1;
  int wake_fd_ = -1;
  std::uint16_t port_ = 0;
  std::thread thread_;
  std::unordered_map<std::string, std::uint64_t> sid_by_key_; // only touched by the loop thread
  std::atomic<std::uint64_t> created_{0}, duplicates_{0}, requests_{0}, connections_{0};
};

} // namespace stoop::bench
