// The pieces of the flow-file parser, shared between its source files.
// Internal to stoop_flows.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "flows/flow.hpp"
#include "flows/json_reader.hpp"
#include "flows/loader.hpp"

namespace stoop::flows::detail {

// What parsing a node needs to know about its flow.
struct FlowScope {
  const std::vector<std::string>& languages;
  const std::string& default_language;
  const std::map<std::string, NodeIndex, std::less<>>& node_ids;
  Reporter& reporter;
};

// One whole flow file; nullopt only when the document is not even an object.
std::optional<Flow> parse_flow(const json& document, Reporter& reporter);

// A localized text: a string (the same in every language) or {"en": ..., "es": ...},
// each translation a string or {"text": ..., "reviewed": true}.
LocalizedText parse_text(const json& value, const std::string& pointer, const FlowScope& scope);

void parse_nodes(const json& nodes, const std::string& pointer, Flow& flow, Reporter& reporter);
Node parse_node(const json& value, const std::string& pointer, NodeIndex index, std::size_t node_count,
                const FlowScope& scope);
std::optional<Case> parse_case(const json& value, const std::string& pointer, bool needs_category,
                               const FlowScope& scope);
std::optional<ActionSpec> parse_action(const json& value, const std::string& pointer, const FlowScope& scope);

// A node name as written to its index; reports a name that is no node.
NodeIndex resolve_node(const std::string& name, const std::string& pointer, const FlowScope& scope);

// Unreachable nodes, questions with no way out, loops that never wait.
void check_flow_graph(const Flow& flow, Reporter& reporter);

// Across files: duplicate flow ids, keywords used twice, start_flow naming no flow, two catch-alls.
void check_flow_set(const std::vector<Flow>& flows, FlowReferences references, std::vector<Diagnostic>& out);

} // namespace stoop::flows::detail
