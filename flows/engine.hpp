// The flow engine: a pure function from (session, contact, event) to (new
// session, actions). No clock, no randomness, no I/O: the time comes in the
// event, and everything the engine wants done comes out as actions. The same
// inputs always give the same step, so every flow is testable as a transcript.
//
// Invariants:
// - handle() and start() never throw on any text, payload or session; a session
//   that does not fit the loaded flows is treated as no session.
// - a returned session is always valid: its top frame waits on an ask or wait node.
// - one event runs at most EngineOptions::max_steps nodes (a loop between nodes
//   that never waits ends the session instead of hanging the bot).
// - consent words (STOP...) and crisis phrases are the pipeline's job, before the
//   engine is called.
// - an Engine has no mutable state: one instance may serve every thread.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "flows/actions.hpp"
#include "flows/flow.hpp"
#include "flows/session.hpp"

namespace stoop::flows {

struct FlowSet;

// What the engine may know about a contact. The bot builds it from the store.
struct ContactView {
  std::string language; // "" or a language a flow lacks: the flow's default language
  std::map<std::string, std::string, std::less<>> fields;
  std::set<std::string, std::less<>> groups;
  bool channel_has_buttons = false;
};

// A message's text as the engine reads it: made valid UTF-8 and cut to
// EngineOptions::max_text_bytes, folded into words, and looked up among the
// flows' keywords. None of it depends on a contact or a session, so
// Engine::read_message can work it out on any thread, ahead of handle().
struct MessageText {
  std::string text;
  PreparedText prepared;
  std::optional<std::size_t> keyword_leading; // the flow whose keyword starts the text
  std::optional<std::size_t> keyword_alone;   // the flow whose keyword is the whole text
};

struct Event {
  enum class Kind { message, timeout };

  Kind kind = Kind::message;
  std::string text;    // message: what the person wrote
  std::string payload; // message: the id of a button they tapped, if any
  std::int64_t deadline_ms = 0; // timeout: the deadline of the ScheduleTimeout that fired
  std::int64_t now_ms = 0;
  // message: `text` as read_message read it, if the caller already did (the
  // engine reads it itself otherwise). Not owned: it must outlive handle().
  const MessageText* read = nullptr;

  static Event message(std::string text, std::int64_t now_ms, std::string payload = {});
  static Event timeout(std::int64_t deadline_ms, std::int64_t now_ms);
};

struct Step {
  std::optional<Session> session; // store this (or delete the stored one when empty)
  std::vector<Action> actions;    // apply in order
  bool handled = false; // false: no flow wanted this event (no catch-all, stale timeout)
  std::vector<std::string> problems; // for the log: a loop cut short, a bad language code...
};

struct EngineOptions {
  int max_steps = 100;         // nodes run for one event
  int max_stack_depth = 5;     // flows started with "return" inside each other
  std::size_t max_text_bytes = 2000; // longer answers are shortened before they are saved
};

class Engine {
 public:
  explicit Engine(std::shared_ptr<const FlowSet> flows, EngineOptions options = {});

  // A message or a timeout for a contact. Keywords start their flow (mid-flow
  // only when sent on their own), the language keyword pauses the current flow,
  // an answer resumes the waiting question, and with no flow running the
  // catch-all flow answers.
  Step handle(const std::optional<Session>& session, const ContactView& contact, const Event& event) const;

  // Starts a flow from outside (welcome on first contact, feedback when a request
  // is done). A running flow is ended first. `inputs` become results of the new
  // session, readable as {{results.NAME}} (e.g. {"request_id": "14"} for feedback).
  Step start(std::string_view flow_id, const std::optional<Session>& session, const ContactView& contact,
             std::int64_t now_ms, const std::map<std::string, std::string>& inputs = {}) const;

  // What handle() makes of a message's text, worked out on its own.
  MessageText read_message(std::string_view text) const;

  // A stored session, or none when it is corrupted or no longer fits the flows.
  std::optional<Session> load_session(std::string_view json) const;
  bool is_valid(const Session& session) const;

  const FlowSet& flows() const { return *flows_; }

 private:
  struct Keyword {
    std::vector<std::string> words; // folded
    std::string joined;             // the words without spaces ("ketqua")
    std::size_t flow = 0;           // index in flows_->flows
  };

  const Keyword* match_keyword(const PreparedText& prepared, bool alone) const;
  Step handle_timeout(const Session& session, const ContactView& contact, const Event& event) const;
  Step handle_message(std::optional<Session> session, const ContactView& contact, const Event& event) const;

  std::shared_ptr<const FlowSet> flows_;
  EngineOptions options_;
  std::vector<Keyword> keywords_; // longest first, so "KẾT QUẢ" wins over a one-word keyword
};

} // namespace stoop::flows
