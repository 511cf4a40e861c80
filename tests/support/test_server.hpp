// A real Stoop server for integration tests: the App on 127.0.0.1 port 0,
// its store in a temporary folder, an injected clock, I/O on a background
// thread. Config is plain JSON so each test states what it changes.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>

#include "bot/app.hpp"
#include "core/clock.hpp"
#include "tests/support/http.hpp"

namespace stoop::testing {

inline constexpr const char* twilio_token = "test-auth-token-0123456789";
inline constexpr const char* twilio_sid = "ACtest0123456789";
inline constexpr const char* public_url = "https://bot.example.org";

// Port 0, the store in dir, the repository's message catalogue, a web chat channel,
// and (when given) a Twilio channel "sms" pointing at a fake provider.
nlohmann::json base_config(const std::string& dir, const std::string& twilio_api_base = "");

// Polls until the condition holds (true) or the time is up (false): for effects
// that land a moment after the event a test waited for (a row written after the
// fake provider answered).
bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout = std::chrono::seconds(5));

// One integer from a database file, read-only on a separate connection.
std::int64_t query_int(const std::string& db_path, const std::string& sql);

class TestServer {
 public:
  TestServer(nlohmann::json config, std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>());
  ~TestServer();

  void start();                  // throws what App::start throws
  void stop();                   // graceful, as on SIGTERM; waits for it to finish
  std::uint16_t port() const { return app_->port(); }
  App& app() { return *app_; }
  ManualClock& clock() { return *clock_; }

  // A signed Twilio webhook from `from` with `body`, message id `sid`.
  Reply sms(const std::string& from, const std::string& body, const std::string& sid);
  // One integer from the store's database file (read-only, a separate connection),
  // e.g. db_int("SELECT COUNT(*) FROM messages WHERE direction = 'in'").
  std::int64_t db_int(const std::string& sql) const;
  std::string db_path() const;
  bool wait_until_ready(std::chrono::milliseconds timeout);

 private:
  nlohmann::json config_json_;
  std::shared_ptr<ManualClock> clock_;
  std::unique_ptr<App> app_;
  std::thread thread_;
};

} // namespace stoop::testing
