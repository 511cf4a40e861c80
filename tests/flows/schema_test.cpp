// docs/flow.schema.json is for editors; the C++ checker is what decides. This
// keeps the two from drifting apart: the schema lists exactly the node types,
// case tests and actions the checker knows, and every node type in the schema
// loads.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "flows/flow.hpp"
#include "flows/loader.hpp"

namespace stoop::flows {
namespace {

nlohmann::json schema() {
  std::ifstream in(std::string(STOOP_SOURCE_DIR) + "/docs/flow.schema.json");
  std::stringstream text;
  text << in.rdbuf();
  return nlohmann::json::parse(text.str(), nullptr, false);
}

std::set<std::string> consts_of(const nlohmann::json& alternatives) {
  std::set<std::string> names;
  for (const auto& alternative : alternatives) {
    const auto& type = alternative["properties"]["type"];
    if (type.contains("const")) names.insert(type["const"].get<std::string>());
    if (type.contains("enum")) {
      for (const auto& name : type["enum"]) names.insert(name.get<std::string>());
    }
  }
  return names;
}

TEST(Schema, IsJsonAndListsWhatTheCheckerKnows) {
  auto document = schema();
  ASSERT_FALSE(document.is_discarded());
  const auto& defs = document["$defs"];
  EXPECT_EQ(consts_of(defs["node"]["oneOf"]),
            (std::set<std::string>{"send", "ask", "wait", "switch", "actions", "start_flow", "end"}));
  std::set<std::string> actions;
  for (auto type : {ActionType::set_field, ActionType::set_language, ActionType::add_to_group,
                    ActionType::remove_from_group, ActionType::record_consent, ActionType::open_request,
                    ActionType::save_result}) {
    actions.insert(std::string(to_string(type)));
  }
  EXPECT_EQ(consts_of(defs["action"]["oneOf"]), actions);
  std::set<std::string> tests;
  for (const auto& name : defs["case"]["properties"]["test"]["enum"]) {
    EXPECT_TRUE(parse_case_test(name.get<std::string>()).has_value()) << name;
    tests.insert(name.get<std::string>());
  }
  EXPECT_EQ(tests.size(), 8u);
}

TEST(Schema, EveryNodeTypeItListsLoads) {
  auto loaded = load_flow_sources({{"all.json", R"({"id": "all", "languages": ["en"], "nodes": [
    {"id": "s", "type": "send", "text": "hi"},
    {"id": "a", "type": "ask", "answer": "text", "text": "q"},
    {"id": "w", "type": "wait", "timeout": {"after": "1h"}},
    {"id": "sw", "type": "switch", "on": "answer", "cases": [{"test": "has_text"}]},
    {"id": "ac", "type": "actions", "actions": [{"type": "add_to_group", "group": "g"}]},
    {"id": "sf", "type": "start_flow", "flow": "all", "return": true},
    {"id": "e", "type": "end"}]})"}});
  for (const auto& diagnostic : loaded.diagnostics) ADD_FAILURE() << format_diagnostic(diagnostic);
}

} // namespace
} // namespace stoop::flows
