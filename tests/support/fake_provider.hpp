// A provider API on loopback for tests and benches: real HTTP/1.1 over a real
// socket, keep-alive, answers programmed per test. By default it behaves like
// Twilio's Messages resource: 201 with a message sid, and a request carrying
// an Idempotency-Key it has already accepted gets the same sid again without
// being counted twice.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/http_types.hpp"

namespace stoop::testing {

class FakeProvider {
 public:
  struct Request {
    std::string method;
    std::string target;
    std::vector<Header> headers;
    std::string body;
    std::string header(std::string_view lower_name) const;
    std::string form_field(const std::string& name) const; // for form bodies
  };
  // Returns the answer to a request; status 0 closes the connection without answering.
  using Handler = std::function<ClientResponse(const Request&)>;

  FakeProvider();
  explicit FakeProvider(std::uint16_t port); // a fixed port (for a restart on the same address)
  ~FakeProvider();
  FakeProvider(const FakeProvider&) = delete;
  FakeProvider& operator=(const FakeProvider&) = delete;

  std::uint16_t port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  void set_handler(Handler handler);
  // The next `count` requests get `status` (e.g. 503) before the default answer resumes.
  void fail_next(int count, int status = 503);

  std::vector<Request> requests() const;
  std::size_t request_count() const;
  // Distinct idempotency keys accepted (answered 2xx), with how many times each was sent.
  std::map<std::string, int> accepted_keys() const;
  bool wait_for_requests(std::size_t count, std::chrono::milliseconds timeout) const;
  bool wait_for_accepted(std::size_t count, std::chrono::milliseconds timeout) const;

  static ClientResponse twilio_created(const std::string& sid);

 private:
  struct Impl;
  ClientResponse answer(const Request& request);
  std::unique_ptr<Impl> impl_;
  std::uint16_t port_ = 0;
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::vector<Request> requests_;
  std::map<std::string, int> accepted_;
  std::map<std::string, std::string> sid_by_key_;
  Handler handler_;
  int fail_count_ = 0;
  int fail_status_ = 503;
  std::uint64_t next_sid_ = 1;
};

} // namespace stoop::testing
