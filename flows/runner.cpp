#include "flows/runner.hpp"

#include <algorithm>

#include "core/text.hpp"
#include "flows/answers.hpp"
#include "flows/builtin_texts.hpp"
#include "flows/matching.hpp"

namespace stoop::flows::detail {
namespace {

bool means_yes(std::string_view value) {
  std::string folded = fold_for_matching(trim(value));
  return folded == "yes" || folded == "true" || folded == "1" || folded == "granted";
}

std::vector<std::string> split_categories(std::string_view text) {
  std::vector<std::string> categories;
  for (auto piece : split_any(text, ",")) {
    auto trimmed = trim(piece);
    if (!trimmed.empty()) categories.emplace_back(trimmed);
  }
  return categories;
}

std::string replace_all(std::string text, std::string_view from, const std::string& to) {
  for (auto pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
  return text;
}

} // namespace

Runner::Runner(const FlowSet& flows, const EngineOptions& options, const ContactView& contact, std::int64_t now_ms)
    : flows_(flows), options_(options), contact_(contact), now_ms_(now_ms) {}

void Runner::set_input(std::string text) {
  input_ = std::move(text);
  if (session_) session_->input = input_;
}

void Runner::resume_session(Session session) {
  session_ = std::move(session);
  session_->input = input_;
}

bool Runner::interruptible() const {
  if (!session_) return true;
  return std::all_of(session_->stack.begin(), session_->stack.end(), [&](const Frame& frame) {
    const Flow* flow = flows_.find(frame.flow);
    return !flow || flow->interruptible;
  });
}

const Flow* Runner::active_flow() const {
  return session_ ? flows_.find(session_->stack.back().flow) : nullptr;
}

const Node* Runner::waiting_node() const {
  const Flow* flow = active_flow();
  return flow ? flow->find_node(session_->stack.back().node) : nullptr;
}

TemplateScope Runner::scope() const {
  static const Session no_session;
  return TemplateScope{session_ ? *session_ : no_session, contact_};
}

Step Runner::finish(bool handled) {
  Step step;
  step.session = std::move(session_);
  step.actions = std::move(actions_);
  step.problems = std::move(problems_);
  step.handled = handled;
  return step;
}

void Runner::end_all(EndReason reason) {
  if (!session_) return;
  leave_wait();
  while (!session_->stack.empty()) {
    emit(FlowEnded{session_->stack.back().flow, reason});
    session_->stack.pop_back();
  }
  session_.reset();
}

void Runner::start(const Flow& flow, const std::map<std::string, std::string>& inputs) {
  end_all(EndReason::interrupted);
  session_ = Session{};
  session_->input = input_;
  for (const auto& [name, value] : inputs) {
    session_->results[name] = ResultValue{shorten_utf8(sanitize_utf8(value), options_.max_text_bytes), {}, "", flow.id};
  }
  session_->stack.push_back(Frame{flow.id, ""});
  emit(FlowStarted{flow.id});
  run(&flow, flow.nodes.empty() ? end_of_flow : 0);
}

void Runner::push(const Flow& flow) {
  if (!session_ || session_->stack.size() >= static_cast<std::size_t>(options_.max_stack_depth)) {
    start(flow);
    return;
  }
  leave_wait();
  if (session_->stack.back().flow == flow.id) {
    // The same menu again (LANGUAGE typed while choosing a language): start it over.
    emit(FlowEnded{flow.id, EndReason::interrupted});
    session_->stack.pop_back();
    if (session_->stack.empty()) {
      session_.reset();
      start(flow);
      return;
    }
  }
  session_->stack.push_back(Frame{flow.id, ""});
  emit(FlowStarted{flow.id});
  run(&flow, flow.nodes.empty() ? end_of_flow : 0);
}

void Runner::answer(std::string_view text, std::string_view payload, const PreparedText& prepared) {
  const Flow* flow = active_flow();
  const Node* node = waiting_node();
  if (!flow || !node) return;
  auto evaluation = evaluate_answer(*node, AnswerText{text, prepared}, payload, contact_.groups);
  if (!evaluation.valid) {
    reject_answer(*flow, *node);
    return;
  }
  leave_wait();
  if (!node->result.empty()) {
    save_result(*flow, *node, std::move(evaluation.value), std::move(evaluation.categories), text);
  }
  run(flow, evaluation.next == node_default ? node->next : evaluation.next);
}

void Runner::time_out() {
  const Flow* flow = active_flow();
  const Node* node = waiting_node();
  if (!flow || !node || !node->timeout) return;
  session_->deadline_ms.reset(); // it has fired: nothing to cancel
  session_->retries = 0;
  NodeIndex next = node->timeout->next;
  run(flow, next, next == end_of_flow ? EndReason::timed_out : EndReason::completed);
}

// The one loop that moves through nodes. It returns when a node waits for the
// person, when the last flow ends, or when the step limit cuts a loop short.
void Runner::run(const Flow* flow, NodeIndex index, EndReason end_reason) {
  while (session_) {
    if (++steps_ > options_.max_steps) {
      problem("flow \"" + flow->id + "\" ran " + std::to_string(options_.max_steps) +
              " nodes without waiting for an answer; ended it");
      end_all(EndReason::error);
      return;
    }
    if (index == end_of_flow) {
      if (!finish_frame(end_reason, flow, index)) return;
      end_reason = EndReason::completed;
      continue;
    }
    const Node& node = flow->nodes[static_cast<std::size_t>(index)];
    session_->stack.back().node = node.id;
    switch (node.type) {
      case NodeType::send:
        send_text(*flow, node);
        index = node.next;
        break;
      case NodeType::actions:
        for (const auto& action : node.actions) apply(*flow, action);
        index = node.next;
        break;
      case NodeType::switch_on: index = route(node); break;
      case NodeType::ask:
      case NodeType::wait: enter_wait(*flow, node); return;
      case NodeType::start_flow: start_child(node, flow, index); break;
      case NodeType::end: index = end_of_flow; break;
    }
  }
}

// Ends the top flow. Returns false when nothing is left to run; otherwise sets
// flow and index to where the flow below carries on.
bool Runner::finish_frame(EndReason reason, const Flow*& flow, NodeIndex& index) {
  emit(FlowEnded{session_->stack.back().flow, reason});
  session_->stack.pop_back();
  if (session_->stack.empty()) {
    session_.reset();
    return false;
  }
  const Frame& parent = session_->stack.back();
  flow = flows_.find(parent.flow);
  const Node* node = flow ? flow->find_node(parent.node) : nullptr;
  if (!node) {
    problem("flow \"" + parent.flow + "\" has no node \"" + parent.node + "\" to return to");
    end_all(EndReason::error);
    return false;
  }
  // Back from a sub-flow: after a start_flow node carry on; after a paused question ask it again.
  index = node->type == NodeType::start_flow ? node->next : flow->index_of(node->id);
  return true;
}

void Runner::start_child(const Node& node, const Flow*& flow, NodeIndex& index) {
  const Flow* target = flows_.find(node.flow);
  if (!target) {
    problem("start_flow: no flow \"" + node.flow + "\"");
    index = node.returns ? node.next : end_of_flow;
    return;
  }
  if (node.returns) {
    if (session_->stack.size() >= static_cast<std::size_t>(options_.max_stack_depth)) {
      problem("start_flow \"" + node.flow + "\": flows nested too deep; skipped");
      index = node.next;
      return;
    }
    session_->stack.push_back(Frame{target->id, ""});
  } else {
    emit(FlowEnded{session_->stack.back().flow, EndReason::completed});
    session_->stack.back() = Frame{target->id, ""};
  }
  emit(FlowStarted{target->id});
  flow = target;
  index = target->nodes.empty() ? end_of_flow : 0;
}

NodeIndex Runner::route(const Node& node) const {
  std::string value = node.on == "contact.groups" ? std::string() : evaluate(node.on, scope());
  auto prepared = prepare(value);
  CaseInput input{value, prepared, contact_.groups};
  for (const auto& test_case : node.cases) {
    if (case_matches(test_case, input)) return test_case.next == node_default ? node.next : test_case.next;
  }
  return node.next;
}

void Runner::enter_wait(const Flow& flow, const Node& node) {
  leave_wait();
  session_->waiting_since_ms = now_ms_;
  if (node.type == NodeType::ask) send_question(flow, node, "");
  if (node.timeout) {
    session_->deadline_ms = now_ms_ + node.timeout->after_ms;
    emit(ScheduleTimeout{*session_->deadline_ms});
  }
}

void Runner::reject_answer(const Flow& flow, const Node& node) {
  ++session_->retries;
  if (session_->retries <= node.retries) {
    send_question(flow, node, invalid_text(flow, node));
    return;
  }
  leave_wait();
  if (!node.after_retries_name.empty()) {
    run(&flow, node.after_retries);
    return;
  }
  emit(SendMessage{builtin_text(BuiltinText::retries_exhausted, language_for(flow)), {}, language_for(flow)});
  run(&flow, end_of_flow, EndReason::retries_exhausted);
}

void Runner::leave_wait() {
  if (!session_) return;
  if (session_->deadline_ms) emit(CancelTimeout{*session_->deadline_ms});
  session_->deadline_ms.reset();
  session_->retries = 0;
}

std::string Runner::language_for(const Flow& flow) const {
  bool known = std::find(flow.languages.begin(), flow.languages.end(), contact_.language) != flow.languages.end();
  return known ? contact_.language : flow.default_language;
}

std::string Runner::text_in(const LocalizedText& text, const Flow& flow) const {
  const std::string* found = text.find(language_for(flow), flow.default_language);
  return found ? render(*found, scope()) : std::string();
}

std::string Runner::invalid_text(const Flow& flow, const Node& node) const {
  if (!node.invalid.empty()) return text_in(node.invalid, flow);
  std::string language = language_for(flow);
  switch (node.answer) {
    case AnswerKind::choice:
      return builtin_text(node.multiple ? BuiltinText::invalid_multiple : BuiltinText::invalid_choice, language);
    case AnswerKind::yes_no: return builtin_text(BuiltinText::invalid_yes_no, language);
    case AnswerKind::number:
      if (node.min && node.max) {
        auto text = builtin_text(BuiltinText::invalid_number_range, language);
        return replace_all(replace_all(text, "{min}", format_number(*node.min)), "{max}", format_number(*node.max));
      }
      return builtin_text(BuiltinText::invalid_number, language);
    case AnswerKind::text: break;
  }
  return builtin_text(BuiltinText::invalid_text, language);
}

void Runner::send_text(const Flow& flow, const Node& node) {
  std::string text = text_in(node.text, flow);
  if (!trim(text).empty()) emit(SendMessage{std::move(text), {}, language_for(flow)});
}

void Runner::send_question(const Flow& flow, const Node& node, const std::string& prefix) {
  SendMessage message;
  message.language = language_for(flow);
  message.text = text_in(node.text, flow);
  if (!prefix.empty()) message.text = prefix + "\n\n" + message.text;
  for (const auto& choice : node.choices) {
    message.choices.push_back(Choice{choice_payload(node, choice), text_in(choice.label, flow)});
  }
  // A button answers with one choice; a question that takes several is written
  // out as a numbered list even where the channel has buttons.
  if (node.multiple && contact_.channel_has_buttons) {
    for (std::size_t i = 0; i < message.choices.size(); ++i) {
      message.text += "\n" + std::to_string(i + 1) + ". " + message.choices[i].label;
    }
    message.choices.clear();
  }
  emit(std::move(message));
}

void Runner::save_result(const Flow& flow, const Node& node, std::string value, std::vector<std::string> categories,
                         std::string_view raw) {
  SaveResult result{flow.id, node.result, shorten_utf8(value, options_.max_text_bytes), std::move(categories),
                    shorten_utf8(raw, options_.max_text_bytes), node.id};
  session_->results[result.name] = ResultValue{result.value, result.categories, result.raw, flow.id};
  emit(std::move(result));
}

void Runner::apply(const Flow& flow, const ActionSpec& action) {
  auto rendered = [&](std::string_view name) {
    return shorten_utf8(render(action.param(name), scope()), options_.max_text_bytes);
  };
  switch (action.type) {
    case ActionType::set_field: {
      SetField set{action.param("field"), rendered("value")};
      if (set.value.empty()) {
        contact_.fields.erase(set.field);
      } else {
        contact_.fields[set.field] = set.value;
      }
      emit(std::move(set));
      break;
    }
    case ActionType::set_language: apply_set_language(action); break;
    case ActionType::add_to_group:
      contact_.groups.insert(action.param("group"));
      emit(AddToGroup{action.param("group")});
      break;
    case ActionType::remove_from_group:
      contact_.groups.erase(action.param("group"));
      emit(RemoveFromGroup{action.param("group")});
      break;
    case ActionType::record_consent:
      emit(RecordConsent{action.param("purpose"), means_yes(rendered("granted"))});
      break;
    case ActionType::open_request: apply_open_request(flow, action); break;
    case ActionType::save_result: {
      SaveResult result{flow.id, action.param("name"), rendered("value"), split_categories(rendered("category")),
                        "", session_->stack.back().node};
      session_->results[result.name] = ResultValue{result.value, result.categories, result.raw, flow.id};
      emit(std::move(result));
      break;
    }
  }
}

void Runner::apply_set_language(const ActionSpec& action) {
  std::string language(trim(render(action.param("language"), scope())));
  bool known = std::any_of(flows_.flows.begin(), flows_.flows.end(), [&](const Flow& flow) {
    return std::find(flow.languages.begin(), flow.languages.end(), language) != flow.languages.end();
  });
  if (!known) {
    problem("set_language: \"" + shorten_utf8(language, 40) + "\" is not a language of any flow; ignored");
    return;
  }
  contact_.language = language;
  emit(SetLanguage{language});
}

void Runner::apply_open_request(const Flow& flow, const ActionSpec& action) {
  auto rendered = [&](std::string_view name) {
    return shorten_utf8(render(action.param(name), scope()), options_.max_text_bytes);
  };
  OpenRequest request;
  request.flow = flow.id;
  request.kind = rendered("kind");
  if (request.kind.empty()) request.kind = "help";
  request.topic = rendered("topic");
  request.urgency = rendered("urgency");
  request.details = rendered("details");
  request.best_time = rendered("best_time");
  request.language = rendered("language");
  request.neighbourhood = rendered("neighbourhood");
  for (const auto& [name, value] : action.extra) {
    request.extra[name] = shorten_utf8(render(value, scope()), options_.max_text_bytes);
  }
  emit(std::move(request));
}

} // namespace stoop::flows::detail
