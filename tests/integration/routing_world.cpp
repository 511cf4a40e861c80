#include "tests/integration/routing_world.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace stoop::testing {
namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;

constexpr const char* telegram_secret = "tg-secret-0123456789";

ClientResponse telegram_ok(const FakeProvider::Request&) {
  static std::atomic<int> next{0};
  ClientResponse r;
  r.status = 200;
  r.headers.emplace_back("content-type", "application/json");
  r.body = R"({"ok":true,"result":{"message_id":)" + std::to_string(++next) + "}}";
  return r;
}

// "sms:+1617..." or "tg:555000111" for each text a fake was asked to send.
std::vector<std::pair<std::string, std::string>> sent(const FakeProvider& twilio, const FakeProvider& telegram) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& r : twilio.requests()) out.emplace_back("sms:" + r.form_field("To"), r.form_field("Body"));
  for (const auto& r : telegram.requests()) {
    auto body = json::parse(r.body, nullptr, false);
    if (!body.is_object() || !body.contains("text")) continue;
    auto chat = body["chat_id"];
    out.emplace_back("tg:" + (chat.is_string() ? chat.get<std::string>() : chat.dump()), body["text"].get<std::string>());
  }
  return out;
}

} // namespace

bool any_contains(const std::vector<std::string>& texts, const std::string& needle) {
  for (const auto& t : texts) {
    if (t.find(needle) != std::string::npos) return true;
  }
  return false;
}

std::string joined(const std::vector<std::string>& texts) {
  std::string out;
  for (const auto& t : texts) out += "[" + t + "] ";
  return out;
}

RoutingWorld::RoutingWorld(const std::function<void(json&)>& adjust)
    : clock_(std::make_shared<ManualClock>(monday_noon_boston)) {
  telegram_.set_handler(telegram_ok);
  config_ = base_config(dir_.path(), twilio_.base_url());
  config_["channels"].push_back({{"id", "tg"}, {"type", "telegram"}, {"bot_token", "123456:test-bot-token"},
                                 {"secret_token", telegram_secret}, {"api_base", telegram_.base_url()}});
  config_["routing"] = {{"crisis_file", std::string(STOOP_SOURCE_DIR) + "/config/crisis.json"},
                        {"offer_timeout", "15m"}};
  config_["teams"] = json::array({{{"name", "Roxbury"}}});
  config_["people"] = json::array({
      {{"email", "ana@example.org"}, {"name", "Ana Souza"}, {"role", "student"}, {"languages", {"es", "en"}},
       {"team", "Roxbury"}, {"reach", {{"channel", "tg"}, {"address", std::to_string(ana)}}}},
      {{"email", "bruno@example.org"}, {"name", "Bruno Lima"}, {"role", "student"}, {"languages", {"es"}},
       {"team", "Roxbury"}, {"reach", {{"channel", "tg"}, {"address", std::to_string(bruno)}}}},
      {{"email", "sam@example.org"}, {"name", "Sam Okafor"}, {"role", "staff"}, {"on_call", true},
       {"reach", {{"channel", "sms"}, {"address", sam}}}},
  });
  if (adjust) adjust(config_);
}

RoutingWorld::~RoutingWorld() { stop(); }

void RoutingWorld::start() {
  server_ = std::make_unique<TestServer>(config_, clock_);
  server_->start();
}

void RoutingWorld::stop() {
  if (server_) server_->stop();
  server_.reset();
}

void RoutingWorld::settle() {
  // Quiet means: no timer due, no send due (per-chat rate limits delay some by
  // a second), and the providers have heard nothing new for a moment.
  auto now = std::to_string(clock_->now_ms());
  auto busy = [&] {
    return server_->db_int("SELECT (SELECT COUNT(*) FROM timers WHERE due_at <= " + now + ") + "
                           "(SELECT COUNT(*) FROM outbox WHERE state IN ('pending', 'sending') AND next_attempt_at <= " +
                           now + ")") > 0;
  };
  auto deadline = std::chrono::steady_clock::now() + 20s;
  std::size_t before = twilio_.request_count() + telegram_.request_count();
  for (int quiet = 0; quiet < 3 && std::chrono::steady_clock::now() < deadline;) {
    std::this_thread::sleep_for(50ms);
    auto sent_so_far = twilio_.request_count() + telegram_.request_count();
    quiet = sent_so_far == before && !busy() ? quiet + 1 : 0;
    before = sent_so_far;
  }
}

void RoutingWorld::advance(std::int64_t ms) {
  clock_->advance(ms);
  settle();
}

std::vector<std::string> RoutingWorld::texts_to(const std::string& recipient) {
  settle();
  std::vector<std::string> all;
  for (auto& [to, text] : sent(twilio_, telegram_)) {
    if (to == recipient) all.push_back(text);
  }
  auto& seen = seen_[recipient];
  std::vector<std::string> fresh(all.begin() + static_cast<std::ptrdiff_t>(std::min(seen, all.size())), all.end());
  seen = all.size();
  return fresh;
}

std::vector<std::string> RoutingWorld::sms_to(const std::string& number) { return texts_to("sms:" + number); }
std::vector<std::string> RoutingWorld::telegram_to(std::int64_t chat) { return texts_to("tg:" + std::to_string(chat)); }

std::vector<std::string> RoutingWorld::sms(const std::string& from, const std::string& text) {
  EXPECT_EQ(server_->sms(from, text, "SM-routing-" + std::to_string(++next_id_)).status, 200) << text;
  return sms_to(from);
}

std::vector<std::string> RoutingWorld::telegram(std::int64_t chat, const std::string& text) {
  int id = ++next_id_;
  json update = {{"update_id", 10'000 + id},
                 {"message", {{"message_id", id}, {"date", 1767225600},
                              {"from", {{"id", chat}, {"is_bot", false}, {"first_name", "Student"}}},
                              {"chat", {{"id", chat}, {"type", "private"}, {"first_name", "Student"}}},
                              {"text", text}}}};
  auto reply = http(server_->port(), "POST", "/hooks/tg", update.dump(),
                    {{"content-type", "application/json"}, {"x-telegram-bot-api-secret-token", telegram_secret}});
  EXPECT_EQ(reply.status, 200) << text;
  return telegram_to(chat);
}

std::vector<std::string> RoutingWorld::every_text_sent() const {
  std::vector<std::string> out;
  for (auto& [to, text] : sent(twilio_, telegram_)) out.push_back(text);
  return out;
}

std::vector<std::string> RoutingWorld::every_text_sent_to_telegram() const {
  std::vector<std::string> out;
  for (auto& [to, text] : sent(twilio_, telegram_)) {
    if (to.rfind("tg:", 0) == 0) out.push_back(text);
  }
  return out;
}

std::vector<std::string> RoutingWorld::every_text_sent_by_sms() const {
  std::vector<std::string> out;
  for (auto& [to, text] : sent(twilio_, telegram_)) {
    if (to.rfind("sms:", 0) == 0) out.push_back(text);
  }
  return out;
}

std::int64_t RoutingWorld::member_opens_request(const std::string& number) {
  // Welcome in Spanish, consent, the priorities poll...
  for (const char* text : {"Hola", "2", "si", "si", "1", "1", "nada"}) sms(number, text);
  // ...then the intake flow: every question answered; Spanish for the language.
  auto replies = sms(number, "SOLICITUD");
  for (int i = 0; i < 10 && !any_contains(replies, "Su solicitud es la #"); ++i) {
    bool language_question = any_contains(replies, "idioma");
    replies = sms(number, language_question ? "2" : "1");
  }
  for (const auto& reply : replies) {
    auto at = reply.find("Su solicitud es la #");
    if (at != std::string::npos) return std::stoll(reply.substr(at + std::string("Su solicitud es la #").size()));
  }
  ADD_FAILURE() << "no request number in " << joined(replies);
  return 0;
}

} // namespace stoop::testing
