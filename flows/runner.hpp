// Runs nodes for one event. A Runner lives for a single Engine::handle or
// Engine::start call: it owns working copies of the session and the contact
// (so a language set by one node is the language of the next message), and
// collects the actions. Internal to stoop_flows.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "flows/engine.hpp"
#include "flows/flow.hpp"
#include "flows/templates.hpp"

namespace stoop::flows::detail {

class Runner {
 public:
  Runner(const FlowSet& flows, const EngineOptions& options, const ContactView& contact, std::int64_t now_ms);

  // `text` becomes the session's "answer" for templates and switches.
  void set_input(std::string text);
  // Takes over a session that Engine::is_valid accepted.
  void resume_session(Session session);

  bool has_session() const { return session_.has_value(); }
  // False when a flow on the stack is marked "interruptible": false.
  bool interruptible() const;
  const Node* waiting_node() const;
  const Flow* active_flow() const;

  void end_all(EndReason reason);
  // A fresh session running `flow`, with `inputs` as its first results; a running session ends first.
  void start(const Flow& flow, const std::map<std::string, std::string>& inputs = {});
  // Pauses the running flow under `flow`; its question is asked again when `flow` ends.
  void push(const Flow& flow);
  // `prepared` is `text` folded (detail::prepare).
  void answer(std::string_view text, std::string_view payload, const PreparedText& prepared);
  void time_out();

  Step finish(bool handled);

 private:
  void emit(Action action) { actions_.push_back(std::move(action)); }
  void problem(std::string message) { problems_.push_back(std::move(message)); }
  TemplateScope scope() const;

  void run(const Flow* flow, NodeIndex index, EndReason end_reason = EndReason::completed);
  bool finish_frame(EndReason reason, const Flow*& flow, NodeIndex& index);
  void start_child(const Node& node, const Flow*& flow, NodeIndex& index);
  NodeIndex route(const Node& node) const;
  void enter_wait(const Flow& flow, const Node& node);
  void reject_answer(const Flow& flow, const Node& node);
  void leave_wait();

  std::string language_for(const Flow& flow) const;
  std::string text_in(const LocalizedText& text, const Flow& flow) const;
  std::string invalid_text(const Flow& flow, const Node& node) const;
  void send_text(const Flow& flow, const Node& node);
  void send_question(const Flow& flow, const Node& node, const std::string& prefix);
  void save_result(const Flow& flow, const Node& node, std::string value, std::vector<std::string> categories,
                   std::string_view raw);
  void apply(const Flow& flow, const ActionSpec& action);
  void apply_set_language(const ActionSpec& action);
  void apply_open_request(const Flow& flow, const ActionSpec& action);

  const FlowSet& flows_;
  const EngineOptions& options_;
  ContactView contact_;
  std::int64_t now_ms_;
  std::string input_;
  std::optional<Session> session_;
  std::vector<Action> actions_;
  std::vector<std::string> problems_;
  int steps_ = 0;
};

} // namespace stoop::flows::detail
