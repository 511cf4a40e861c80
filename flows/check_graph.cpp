// Checks on the shape of one flow: every node reachable, every question with a
// way out, no loop that runs without ever waiting for the person.
#include <algorithm>

#include "flows/parse.hpp"

namespace stoop::flows::detail {
namespace {

NodeIndex or_default(NodeIndex next, const Node& node) { return next == node_default ? node.next : next; }

// Where a node can go next. end_of_flow stands for leaving the flow. The branch
// taken when retries run out is listed only with `with_retry_branch`: it is a
// failure path, not a way out of a question.
std::vector<NodeIndex> successors(const Node& node, bool with_retry_branch) {
  std::vector<NodeIndex> out;
  switch (node.type) {
    case NodeType::send:
    case NodeType::actions: out.push_back(node.next); break;
    case NodeType::switch_on:
      out.push_back(node.next);
      for (const auto& test_case : node.cases) out.push_back(or_default(test_case.next, node));
      break;
    case NodeType::ask:
    case NodeType::wait:
      if (node.choices.empty()) out.push_back(node.next);
      for (const auto& choice : node.choices) out.push_back(or_default(choice.next, node));
      for (const auto& test_case : node.cases) out.push_back(or_default(test_case.next, node));
      if (node.timeout) out.push_back(node.timeout->next);
      if (with_retry_branch) out.push_back(node.after_retries_name.empty() ? end_of_flow : node.after_retries);
      break;
    case NodeType::start_flow: out.push_back(node.returns ? node.next : end_of_flow); break;
    case NodeType::end: out.push_back(end_of_flow); break;
  }
  return out;
}

std::vector<bool> reachable_from_start(const Flow& flow) {
  std::vector<bool> seen(flow.nodes.size(), false);
  std::vector<NodeIndex> pending{0};
  seen[0] = true;
  while (!pending.empty()) {
    NodeIndex index = pending.back();
    pending.pop_back();
    for (NodeIndex next : successors(flow.nodes[static_cast<std::size_t>(index)], true)) {
      if (next >= 0 && !seen[static_cast<std::size_t>(next)]) {
        seen[static_cast<std::size_t>(next)] = true;
        pending.push_back(next);
      }
    }
  }
  return seen;
}

std::vector<bool> can_leave(const Flow& flow) {
  std::vector<bool> leaves(flow.nodes.size(), false);
  for (bool changed = true; changed;) {
    changed = false;
    for (std::size_t i = 0; i < flow.nodes.size(); ++i) {
      if (leaves[i]) continue;
      for (NodeIndex next : successors(flow.nodes[i], false)) {
        if (next < 0 || leaves[static_cast<std::size_t>(next)]) {
          leaves[i] = changed = true;
          break;
        }
      }
    }
  }
  return leaves;
}

// Depth-first search over nodes that do not wait; a back edge is a loop that
// would run until the engine's step limit cuts it.
class LoopFinder {
 public:
  LoopFinder(const Flow& flow, Reporter& reporter)
      : flow_(flow), reporter_(reporter), state_(flow.nodes.size(), State::unvisited) {}

  void run() {
    for (std::size_t i = 0; i < flow_.nodes.size(); ++i) {
      if (state_[i] == State::unvisited && !flow_.nodes[i].waits()) visit(static_cast<NodeIndex>(i));
    }
  }

 private:
  enum class State { unvisited, on_path, done };

  void visit(NodeIndex index) {
    state_[static_cast<std::size_t>(index)] = State::on_path;
    path_.push_back(index);
    for (NodeIndex next : successors(flow_.nodes[static_cast<std::size_t>(index)], false)) {
      if (next < 0 || flow_.nodes[static_cast<std::size_t>(next)].waits()) continue;
      auto& state = state_[static_cast<std::size_t>(next)];
      if (state == State::on_path) report(next);
      if (state == State::unvisited) visit(next);
    }
    path_.pop_back();
    state_[static_cast<std::size_t>(index)] = State::done;
  }

  void report(NodeIndex start) {
    auto from = std::find(path_.begin(), path_.end(), start);
    std::string cycle;
    for (auto it = from; it != path_.end(); ++it) cycle += flow_.nodes[static_cast<std::size_t>(*it)].id + " -> ";
    cycle += flow_.nodes[static_cast<std::size_t>(start)].id;
    reporter_.error(flow_.nodes[static_cast<std::size_t>(start)].pointer,
                    "these nodes loop forever without waiting for an answer: " + cycle);
  }

  const Flow& flow_;
  Reporter& reporter_;
  std::vector<State> state_;
  std::vector<NodeIndex> path_;
};

} // namespace

void check_flow_graph(const Flow& flow, Reporter& reporter) {
  auto reachable = reachable_from_start(flow);
  auto leaves = can_leave(flow);
  for (std::size_t i = 0; i < flow.nodes.size(); ++i) {
    const Node& node = flow.nodes[i];
    if (!reachable[i]) {
      reporter.error(node.pointer, "node \"" + node.id + "\" can never be reached");
      continue;
    }
    if (!node.waits() || leaves[i]) continue;
    if (!node.choices.empty()) {
      bool listed = node.answer == AnswerKind::choice; // yes_no choices may be built in, with no "choices" key
      reporter.error(listed ? pointer_join(node.pointer, "choices") : node.pointer,
                     "this choice list has no way out: every answer leads back to the question \"" + node.id + "\"");
    } else {
      reporter.error(node.pointer, "no way out: every answer leads back to \"" + node.id + "\"");
    }
  }
  LoopFinder(flow, reporter).run();
}

} // namespace stoop::flows::detail
