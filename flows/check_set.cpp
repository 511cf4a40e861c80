// Checks across all the flow files of a set: what no single file can know.
#include <map>

#include "flows/matching.hpp"
#include "flows/parse.hpp"

namespace stoop::flows::detail {
namespace {

// Words the pipeline answers before any flow sees a message (consent and
// reports). A trigger using one would never fire.
constexpr std::string_view reserved_keywords[] = {"stop", "stopall", "unsubscribe", "cancel", "end",    "quit",
                                                  "start", "unstop", "help",       "info",   "mydata", "delete"};

struct KeywordOwner {
  const Flow* flow;
  std::string keyword;
};

void check_flow_ids(const std::vector<Flow>& flows, std::vector<Diagnostic>& out) {
  std::map<std::string, const Flow*> seen;
  for (const auto& flow : flows) {
    if (flow.id.empty()) continue;
    auto [it, added] = seen.emplace(flow.id, &flow);
    if (!added) {
      Reporter(flow.file, out).error("/id", "flow id \"" + flow.id + "\" is already used by " + it->second->file);
    }
  }
}

void check_keywords(const std::vector<Flow>& flows, std::vector<Diagnostic>& out) {
  std::map<std::string, KeywordOwner> owners; // by folded keyword
  for (const auto& flow : flows) {
    Reporter reporter(flow.file, out);
    for (const auto& trigger : flow.triggers) {
      auto key = prepare(trigger.keyword).joined;
      for (auto reserved : reserved_keywords) {
        if (key == reserved) {
          reporter.warning(trigger.pointer, "\"" + trigger.keyword +
                                                "\" is a word the pipeline answers before any flow; this trigger never fires");
        }
      }
      auto [it, added] = owners.emplace(key, KeywordOwner{&flow, trigger.keyword});
      if (!added && it->second.flow != &flow) {
        reporter.error(trigger.pointer, "keyword \"" + trigger.keyword + "\" is also a trigger of flow \"" +
                                            it->second.flow->id + "\" (" + it->second.flow->file + ")");
      }
    }
  }
}

void check_catch_all(const std::vector<Flow>& flows, std::vector<Diagnostic>& out) {
  const Flow* first = nullptr;
  for (const auto& flow : flows) {
    if (!flow.catch_all) continue;
    if (first) {
      Reporter(flow.file, out).error("/catch_all", "flow \"" + first->id + "\" (" + first->file +
                                                       ") is already the catch-all; there can be only one");
    } else {
      first = &flow;
    }
  }
}

void check_references(const std::vector<Flow>& flows, FlowReferences references, std::vector<Diagnostic>& out) {
  for (const auto& flow : flows) {
    Reporter reporter(flow.file, out);
    for (const auto& node : flow.nodes) {
      if (node.type != NodeType::start_flow || node.flow.empty()) continue;
      bool found = false;
      for (const auto& other : flows) found = found || other.id == node.flow;
      if (found) continue;
      auto pointer = pointer_join(node.pointer, "flow");
      if (references == FlowReferences::must_resolve) {
        reporter.error(pointer, "no flow with id \"" + node.flow + "\"");
      } else {
        reporter.warning(pointer, "no flow with id \"" + node.flow + "\" among the files checked");
      }
    }
  }
}

} // namespace

void check_flow_set(const std::vector<Flow>& flows, FlowReferences references, std::vector<Diagnostic>& out) {
  check_flow_ids(flows, out);
  check_keywords(flows, out);
  check_catch_all(flows, out);
  check_references(flows, references, out);
}

} // namespace stoop::flows::detail
