// A community office in a test, for the routing scenarios: the real server on
// loopback with an SMS channel (a fake Twilio) and a Telegram channel (a fake
// Telegram), people and teams from the config, and a manual clock set to a
// Monday noon in Boston. Members and staff text by SMS, students by Telegram;
// each reads what reached them since they last looked.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/support/fake_provider.hpp"
#include "tests/support/test_server.hpp"

namespace stoop::testing {

inline constexpr std::int64_t monday_noon_boston = 1'768'237'200'000; // 2026-01-12 12:00 EST
inline constexpr std::int64_t minute_ms = 60'000;
inline constexpr std::int64_t hour_ms = 60 * minute_ms;

inline constexpr const char* maria = "+16175550123"; // a member, on SMS
inline constexpr const char* sam = "+16175550199";   // on-call staff, on SMS
inline constexpr std::int64_t ana = 555000111;       // a student on Telegram (Spanish, English)
inline constexpr std::int64_t bruno = 555000222;     // a student on Telegram (Spanish)

class RoutingWorld {
 public:
  // `adjust` edits the config before the server starts (people, rules, timeouts...).
  explicit RoutingWorld(const std::function<void(nlohmann::json&)>& adjust = {});
  ~RoutingWorld();

  void start();
  void stop();
  void restart() { stop(); start(); }

  // Sends, waits for the bot to go quiet, returns what reached the sender since they last looked.
  std::vector<std::string> sms(const std::string& from, const std::string& text);
  std::vector<std::string> telegram(std::int64_t chat, const std::string& text);
  // What reached them since they last looked, once the bot has gone quiet.
  std::vector<std::string> sms_to(const std::string& number);
  std::vector<std::string> telegram_to(std::int64_t chat);
  // Every text either provider was asked to send, to anyone.
  std::vector<std::string> every_text_sent() const;
  std::vector<std::string> every_text_sent_to_telegram() const;
  std::vector<std::string> every_text_sent_by_sms() const;

  void advance(std::int64_t ms);
  void settle();
  // The member goes through the welcome flow in Spanish and the intake flow; returns the request's number.
  std::int64_t member_opens_request(const std::string& number);

  TestServer& server() { return *server_; }
  ManualClock& clock() { return *clock_; }
  std::int64_t db_int(const std::string& sql) const { return server_->db_int(sql); }
  const nlohmann::json& config() const { return config_; }

 private:
  std::vector<std::string> texts_to(const std::string& recipient);

  TempDir dir_;
  FakeProvider twilio_;
  FakeProvider telegram_;
  std::shared_ptr<ManualClock> clock_;
  nlohmann::json config_;
  std::unique_ptr<TestServer> server_;
  std::map<std::string, std::size_t> seen_; // recipient → texts already returned
  int next_id_ = 0;
};

bool any_contains(const std::vector<std::string>& texts, const std::string& needle);
std::string joined(const std::vector<std::string>& texts);

} // namespace stoop::testing
