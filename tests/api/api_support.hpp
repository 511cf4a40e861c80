// Helpers for the dashboard API tests: a real server with a fake Twilio,
// accounts written straight into its store, signed-in sessions, JSON calls
// with the CSRF token, and a client for the live WebSocket.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "storage/store.hpp"
#include "tests/support/fake_provider.hpp"
#include "tests/support/test_server.hpp"

namespace stoop::testing {

inline constexpr const char* good_password = "correct horse battery staple";

struct Session {
  std::string cookie; // "stoop_session=..."
  std::string csrf;
  std::int64_t user_id = 0;
};

// The test config: fast password hashing, a lock-out after three failures.
nlohmann::json api_config(const std::string& dir, const std::string& twilio_base);

class ApiTest : public ::testing::Test {
 protected:
  ApiTest() : ApiTest(nlohmann::json::object()) {}
  // overrides are merged into the config (JSON merge patch).
  explicit ApiTest(const nlohmann::json& overrides);
  void SetUp() override { server_.start(); }

  std::int64_t add_user(const std::string& email, const std::string& role, std::optional<std::int64_t> team = {});
  std::int64_t add_team(const std::string& name);
  Session sign_in(const std::string& email, const std::string& password = good_password);
  Session signed_in(const std::string& email, const std::string& role) {
    add_user(email, role);
    return sign_in(email);
  }

  Reply get(const Session& session, const std::string& path);
  // A JSON request with the session's cookie and CSRF token.
  Reply call(const Session& session, const std::string& method, const std::string& path,
             const nlohmann::json& body = nlohmann::json::object());
  Reply post(const Session& session, const std::string& path, const nlohmann::json& body = nlohmann::json::object()) {
    return call(session, "POST", path, body);
  }
  static nlohmann::json json_of(const Reply& reply);

  // Runs fn on the store's writer thread, in a committed transaction.
  void in_store(const std::function<void(storage::Store&)>& fn);
  std::int64_t db(const std::string& sql) const { return server_.db_int(sql); }
  // The contact id of an SMS sender, after the first message.
  std::int64_t contact_of(const std::string& phone) const;
  // Waits until the fake Twilio has received `count` sends.
  bool sends(std::size_t count) { return twilio_.wait_for_requests(count, std::chrono::seconds(5)); }

  TempDir dir_;
  FakeProvider twilio_;
  TestServer server_;
};

// The dashboard's WebSocket, read on a thread of its own.
class LiveClient {
 public:
  // Throws if the server refuses the upgrade.
  LiveClient(std::uint16_t port, const std::string& cookie, const std::string& origin);
  ~LiveClient();
  LiveClient(const LiveClient&) = delete;
  LiveClient& operator=(const LiveClient&) = delete;

  // Waits for a frame whose JSON satisfies the predicate.
  bool wait_for(const std::function<bool(const nlohmann::json&)>& predicate, std::chrono::milliseconds timeout);
  bool wait_closed(std::chrono::milliseconds timeout);
  std::vector<nlohmann::json> frames() const;
  bool closed() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::thread reader_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<nlohmann::json> frames_;
  bool closed_ = false;
};

} // namespace stoop::testing
