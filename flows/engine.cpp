#include "flows/engine.hpp"

#include <algorithm>

#include "flows/answers.hpp"
#include "flows/flow.hpp"
#include "flows/matching.hpp"
#include "flows/runner.hpp"

namespace stoop::flows {

Event Event::message(std::string text, std::int64_t now_ms, std::string payload) {
  Event event;
  event.kind = Kind::message;
  event.text = std::move(text);
  event.payload = std::move(payload);
  event.now_ms = now_ms;
  return event;
}

Event Event::timeout(std::int64_t deadline_ms, std::int64_t now_ms) {
  Event event;
  event.kind = Kind::timeout;
  event.deadline_ms = deadline_ms;
  event.now_ms = now_ms;
  return event;
}

Engine::Engine(std::shared_ptr<const FlowSet> flows, EngineOptions options)
    : flows_(flows ? std::move(flows) : std::make_shared<const FlowSet>()), options_(options) {
  for (std::size_t i = 0; i < flows_->flows.size(); ++i) {
    for (const auto& trigger : flows_->flows[i].triggers) {
      Keyword keyword;
      keyword.words = detail::prepare(trigger.keyword).tokens;
      if (keyword.words.empty()) continue;
      for (const auto& word : keyword.words) keyword.joined += word;
      keyword.flow = i;
      keywords_.push_back(std::move(keyword));
    }
  }
  std::stable_sort(keywords_.begin(), keywords_.end(),
                   [](const Keyword& a, const Keyword& b) { return a.words.size() > b.words.size(); });
}

// Outside a flow a keyword may start a longer message ("PRIORIDADES por favor");
// inside one it must stand alone, so that an answer such as "language access
// for seniors" is taken as an answer, not as the LANGUAGE keyword.
const Engine::Keyword* Engine::match_keyword(const PreparedText& prepared, bool alone) const {
  if (prepared.tokens.empty()) return nullptr;
  const auto& tokens = prepared.tokens;
  for (const auto& keyword : keywords_) {
    bool one_word = tokens[0] == keyword.joined && (!alone || tokens.size() == 1);
    bool exact = alone ? tokens == keyword.words
                       : tokens.size() >= keyword.words.size() &&
                             std::equal(keyword.words.begin(), keyword.words.end(), tokens.begin());
    if (one_word || exact) return &keyword;
  }
  return nullptr;
}

MessageText Engine::read_message(std::string_view text) const {
  MessageText read;
  read.text = detail::shorten_utf8(detail::sanitize_utf8(text), options_.max_text_bytes);
  read.prepared = detail::prepare(read.text);
  if (const Keyword* keyword = match_keyword(read.prepared, false)) read.keyword_leading = keyword->flow;
  if (const Keyword* keyword = match_keyword(read.prepared, true)) read.keyword_alone = keyword->flow;
  return read;
}

bool Engine::is_valid(const Session& session) const {
  if (session.stack.empty() || session.stack.size() > static_cast<std::size_t>(options_.max_stack_depth) ||
      session.retries < 0) {
    return false;
  }
  for (std::size_t i = 0; i < session.stack.size(); ++i) {
    const Flow* flow = flows_->find(session.stack[i].flow);
    const Node* node = flow ? flow->find_node(session.stack[i].node) : nullptr;
    if (!node) return false;
    bool top = i + 1 == session.stack.size();
    bool resumable = node->waits() || (node->type == NodeType::start_flow && node->returns);
    if (top ? !node->waits() : !resumable) return false;
  }
  return true;
}

std::optional<Session> Engine::load_session(std::string_view json) const {
  auto session = parse_session_json(json);
  if (!session || !is_valid(*session)) return std::nullopt;
  return session;
}

Step Engine::handle(const std::optional<Session>& session, const ContactView& contact, const Event& event) const {
  std::optional<Session> current;
  if (session && is_valid(*session)) current = session;
  bool dropped = session && !current;
  Step step;
  if (event.kind == Event::Kind::timeout) {
    step = current ? handle_timeout(*current, contact, event) : Step{};
  } else {
    step = handle_message(std::move(current), contact, event);
  }
  if (dropped) {
    step.problems.insert(step.problems.begin(), "the stored session no longer fits the flows; it was dropped");
  }
  return step;
}

// A timeout only counts if it is the one the current wait scheduled: a late or
// repeated timer (after an answer, or after a restart re-armed it) does nothing.
Step Engine::handle_timeout(const Session& session, const ContactView& contact, const Event& event) const {
  detail::Runner runner(*flows_, options_, contact, event.now_ms);
  runner.set_input(session.input);
  runner.resume_session(session);
  const Node* node = runner.waiting_node();
  if (!session.deadline_ms || *session.deadline_ms != event.deadline_ms || !node || !node->timeout) {
    return runner.finish(false);
  }
  runner.time_out();
  return runner.finish(true);
}

Step Engine::handle_message(std::optional<Session> session, const ContactView& contact, const Event& event) const {
  std::optional<MessageText> own;
  if (!event.read) own = read_message(event.text);
  const MessageText& read = event.read ? *event.read : *own;
  const std::string& text = read.text;
  std::string payload = detail::shorten_utf8(detail::sanitize_utf8(event.payload), 200);
  detail::Runner runner(*flows_, options_, contact, event.now_ms);
  runner.set_input(text);
  if (session) {
    const Flow* flow = flows_->find(session->stack.back().flow);
    bool expired = flow && event.now_ms - session->waiting_since_ms > flow->expire_after_ms;
    runner.resume_session(std::move(*session));
    if (expired) runner.end_all(EndReason::expired);
  }
  bool waiting = runner.has_session();
  // A tapped button belongs to the question on screen, even if its label is a keyword.
  if (waiting && detail::payload_matches(*runner.waiting_node(), payload)) {
    runner.answer(text, payload, read.prepared);
    return runner.finish(true);
  }
  auto keyword = waiting ? read.keyword_alone : read.keyword_leading;
  if (keyword && waiting && !flows_->flows[*keyword].resumes_interrupted_flow && !runner.interruptible()) {
    keyword.reset(); // an uninterruptible flow takes the keyword as an answer
  }
  if (keyword) {
    const Flow& flow = flows_->flows[*keyword];
    if (waiting && flow.resumes_interrupted_flow) {
      runner.push(flow);
    } else {
      runner.start(flow);
    }
    return runner.finish(true);
  }
  if (waiting) {
    runner.answer(text, payload, read.prepared);
    return runner.finish(true);
  }
  if (const Flow* catch_all = flows_->catch_all()) {
    runner.start(*catch_all);
    return runner.finish(true);
  }
  return runner.finish(false);
}

Step Engine::start(std::string_view flow_id, const std::optional<Session>& session, const ContactView& contact,
                   std::int64_t now_ms, const std::map<std::string, std::string>& inputs) const {
  detail::Runner runner(*flows_, options_, contact, now_ms);
  if (session && is_valid(*session)) runner.resume_session(*session);
  const Flow* flow = flows_->find(flow_id);
  if (!flow) {
    Step step = runner.finish(false);
    step.problems.push_back("start: no flow \"" + std::string(flow_id) + "\"");
    return step;
  }
  runner.start(*flow, inputs);
  return runner.finish(true);
}

} // namespace stoop::flows
