// Test support: a conversation with the engine that plays the bot's part —
// it stores the session, applies contact changes from the actions, keeps a
// clock and fires the timeouts the engine scheduled.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flows/engine.hpp"
#include "flows/flow.hpp"
#include "flows/loader.hpp"

namespace stoop::flows::testing {

inline constexpr std::int64_t start_ms = 1'767'225'600'000; // 2026-01-01

// Loads flows from JSON texts; a test that gets an error diagnostic fails.
std::shared_ptr<const FlowSet> load_or_fail(const std::vector<FlowSource>& sources);
std::shared_ptr<const FlowSet> load_one_or_fail(const std::string& json);

// config/flows, loaded once per test binary.
std::shared_ptr<const FlowSet> default_flows();

class Conversation {
 public:
  explicit Conversation(std::shared_ptr<const FlowSet> flows, ContactView contact = {});

  const Step& start(std::string_view flow, const std::map<std::string, std::string>& inputs = {});
  const Step& say(std::string text, std::string payload = {});
  const Step& time_out();       // the deadline the current wait scheduled
  const Step& stale_time_out(); // a deadline that is not the current one
  void restart();               // the session goes through its stored JSON form and back
  void drop_session();          // what the pipeline does on STOP
  void advance(std::int64_t ms) { now_ms_ += ms; }

  const Step& last() const { return last_; }
  std::vector<std::string> replies() const;
  std::vector<std::string> described_actions() const; // every action but sends
  std::string waiting_at() const;                      // "flow/node", or "" with no session
  const std::optional<Session>& session() const { return session_; }
  ContactView& contact() { return contact_; }
  const Engine& engine() const { return engine_; }
  std::int64_t now() const { return now_ms_; }

 private:
  const Step& apply(Step step);

  Engine engine_;
  ContactView contact_;
  std::optional<Session> session_;
  Step last_;
  std::int64_t now_ms_ = start_ms;
};

} // namespace stoop::flows::testing
