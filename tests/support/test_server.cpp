#include "tests/support/test_server.hpp"

#include <cstdlib>

#include <SQLiteCpp/Database.h>

#include "bot/store_thread.hpp"
#include "storage/store.hpp"

namespace stoop::testing {

nlohmann::json base_config(const std::string& dir, const std::string& twilio_api_base) {
  nlohmann::json config = {
      {"server", {{"listen", "127.0.0.1:0"}, {"public_url", public_url}, {"threads", 2}, {"shutdown_grace_ms", 3000}}},
      {"storage", {{"sqlite", dir + "/stoop.db"}}},
      {"flows_dir", std::string(STOOP_SOURCE_DIR) + "/config/flows"},
      {"messages_file", std::string(STOOP_SOURCE_DIR) + "/config/messages.json"},
      {"routing", {{"crisis_file", std::string(STOOP_SOURCE_DIR) + "/config/crisis.json"}}},
      {"outbox", {{"backoff_initial_ms", 1000}, {"max_attempts", 5}}},
      {"log_level", "warn"},
      {"channels", nlohmann::json::array({{{"id", "web"}, {"type", "webchat"}}})},
  };
  if (!twilio_api_base.empty()) {
    config["channels"].push_back({{"id", "sms"},
                                  {"type", "twilio"},
                                  {"account_sid", twilio_sid},
                                  {"auth_token", twilio_token},
                                  {"number", "+16175550100"},
                                  {"api_base", twilio_api_base},
                                  {"rate_per_second", 1000},
                                  {"burst", 100}});
  }
  return config;
}

TestServer::TestServer(nlohmann::json config, std::shared_ptr<ManualClock> clock)
    : config_json_(std::move(config)), clock_(std::move(clock)) {}

TestServer::~TestServer() { stop(); }

void TestServer::start() {
  auto config = parse_config(config_json_.dump(), "test-config.json", [](const char* name) { return std::getenv(name); });
  if (!config) throw std::runtime_error("bad test config: " + config.error());
  app_ = std::make_unique<App>(std::move(config.value()), clock_);
  app_->start();
  thread_ = std::thread([this] { app_->run(false); });
  wait_until_ready(std::chrono::seconds(10));
}

bool TestServer::wait_until_ready(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!app_->ready()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

void TestServer::stop() {
  if (!app_) return;
  app_->request_shutdown();
  if (thread_.joinable()) thread_.join();
  app_.reset();
}

Reply TestServer::sms(const std::string& from, const std::string& body, const std::string& sid) {
  auto form = twilio_form(public_url, "/hooks/sms", twilio_token,
                          {{"MessageSid", sid}, {"From", from}, {"To", "+16175550100"}, {"Body", body},
                           {"NumMedia", "0"}, {"AccountSid", twilio_sid}});
  return http(port(), "POST", "/hooks/sms", form.body, form.headers);
}

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

std::string TestServer::db_path() const { return config_json_["storage"]["sqlite"].get<std::string>(); }

std::int64_t TestServer::db_int(const std::string& sql) const { return query_int(db_path(), sql); }

std::int64_t query_int(const std::string& db_path, const std::string& sql) {
  SQLite::Database db(db_path, SQLite::OPEN_READONLY);
  return db.execAndGet(sql).getInt64();
}

} // namespace stoop::testing
