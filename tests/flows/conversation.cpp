#include "conversation.hpp"

#include <gtest/gtest.h>

#include <type_traits>
#include <variant>

namespace stoop::flows::testing {

std::shared_ptr<const FlowSet> load_or_fail(const std::vector<FlowSource>& sources) {
  auto loaded = load_flow_sources(sources);
  for (const auto& diagnostic : loaded.diagnostics) {
    if (diagnostic.severity == Severity::error) ADD_FAILURE() << format_diagnostic(diagnostic);
  }
  return loaded.flows;
}

std::shared_ptr<const FlowSet> load_one_or_fail(const std::string& json) {
  return load_or_fail({FlowSource{"test.json", json}});
}

std::shared_ptr<const FlowSet> default_flows() {
  static const auto flows = [] {
    auto loaded = load_flow_directory(std::string(STOOP_SOURCE_DIR) + "/config/flows");
    for (const auto& diagnostic : loaded.diagnostics) {
      if (diagnostic.severity == Severity::error) ADD_FAILURE() << format_diagnostic(diagnostic);
    }
    return loaded.flows;
  }();
  return flows;
}

Conversation::Conversation(std::shared_ptr<const FlowSet> flows, ContactView contact)
    : engine_(std::move(flows)), contact_(std::move(contact)) {}

const Step& Conversation::start(std::string_view flow, const std::map<std::string, std::string>& inputs) {
  return apply(engine_.start(flow, session_, contact_, now_ms_, inputs));
}

namespace {

std::vector<std::string> described(const Step& step) {
  std::vector<std::string> lines;
  for (const auto& action : step.actions) lines.push_back(describe(action));
  return lines;
}

} // namespace

const Step& Conversation::say(std::string text, std::string payload) {
  now_ms_ += 60'000;
  // The bot reads a message's text ahead, on another thread (read_message):
  // every message of every conversation checks that this changes nothing.
  auto read = engine_.read_message(text);
  auto event = Event::message(std::move(text), now_ms_, std::move(payload));
  auto unread = engine_.handle(session_, contact_, event);
  event.read = &read;
  auto step = engine_.handle(session_, contact_, event);
  EXPECT_EQ(described(step), described(unread)) << "read ahead, \"" << event.text << "\" did something else";
  EXPECT_EQ(step.session, unread.session) << "read ahead, \"" << event.text << "\" left another session";
  EXPECT_EQ(step.handled, unread.handled);
  EXPECT_EQ(step.problems, unread.problems);
  return apply(std::move(step));
}

const Step& Conversation::time_out() {
  if (!session_ || !session_->deadline_ms) {
    ADD_FAILURE() << "time_out(): the session is not waiting with a timeout (at " << waiting_at() << ")";
    return last_;
  }
  now_ms_ = *session_->deadline_ms;
  return apply(engine_.handle(session_, contact_, Event::timeout(*session_->deadline_ms, now_ms_)));
}

const Step& Conversation::stale_time_out() {
  std::int64_t deadline = session_ && session_->deadline_ms ? *session_->deadline_ms - 1 : now_ms_;
  return apply(engine_.handle(session_, contact_, Event::timeout(deadline, now_ms_)));
}

void Conversation::restart() {
  if (!session_) return;
  auto json = session_to_json(*session_);
  session_ = engine_.load_session(json);
  EXPECT_TRUE(session_.has_value()) << "a stored session did not load back: " << json;
}

void Conversation::drop_session() { session_.reset(); }

const Step& Conversation::apply(Step step) {
  session_ = step.session;
  for (const auto& action : step.actions) {
    std::visit(
        [this](const auto& a) {
          using T = std::decay_t<decltype(a)>;
          if constexpr (std::is_same_v<T, SetLanguage>) contact_.language = a.language;
          if constexpr (std::is_same_v<T, SetField>) contact_.fields[a.field] = a.value;
          if constexpr (std::is_same_v<T, AddToGroup>) contact_.groups.insert(a.group);
          if constexpr (std::is_same_v<T, RemoveFromGroup>) contact_.groups.erase(a.group);
        },
        action);
  }
  last_ = std::move(step);
  return last_;
}

std::vector<std::string> Conversation::replies() const {
  std::vector<std::string> texts;
  for (const auto& action : last_.actions) {
    if (const auto* send = std::get_if<SendMessage>(&action)) texts.push_back(send->text);
  }
  return texts;
}

std::vector<std::string> Conversation::described_actions() const {
  std::vector<std::string> described;
  for (const auto& action : last_.actions) {
    if (!std::holds_alternative<SendMessage>(action)) described.push_back(describe(action));
  }
  return described;
}

std::string Conversation::waiting_at() const {
  if (!session_) return "";
  return session_->stack.back().flow + "/" + session_->stack.back().node;
}

} // namespace stoop::flows::testing
