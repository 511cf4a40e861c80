// Parsing one node of a flow, by type.
#include <algorithm>

#include "flows/answers.hpp"
#include "flows/builtin_texts.hpp"
#include "flows/parse.hpp"
#include "flows/templates.hpp"

namespace stoop::flows::detail {
namespace {

const std::vector<std::pair<std::string_view, NodeType>> node_types{
    {"send", NodeType::send},         {"ask", NodeType::ask},     {"wait", NodeType::wait},
    {"switch", NodeType::switch_on},  {"actions", NodeType::actions}, {"start_flow", NodeType::start_flow},
    {"end", NodeType::end},
};

const std::vector<std::pair<std::string_view, AnswerKind>> answer_kinds{
    {"choice", AnswerKind::choice}, {"yes_no", AnswerKind::yes_no}, {"number", AnswerKind::number},
    {"text", AnswerKind::text}};

std::vector<std::string_view> allowed_keys(NodeType type) {
  switch (type) {
    case NodeType::send: return {"id", "type", "text", "next"};
    case NodeType::ask:
      return {"id",   "type",  "text",   "answer",  "multiple", "choices",       "min",     "max",
              "cases", "result", "invalid", "retries", "after_retries", "timeout", "next"};
    case NodeType::wait: return {"id", "type", "timeout", "result", "cases", "next"};
    case NodeType::switch_on: return {"id", "type", "on", "cases", "default"};
    case NodeType::actions: return {"id", "type", "actions", "next"};
    case NodeType::start_flow: return {"id", "type", "flow", "return", "next"};
    case NodeType::end: return {"id", "type"};
  }
  return {};
}

// Reads an optional node reference at `key`; `fallback` when absent.
NodeIndex read_next(const Fields& fields, std::string_view key, NodeIndex fallback, std::string& name,
                    const FlowScope& scope) {
  auto next = fields.string(key);
  if (!next) return fallback;
  name = *next;
  return resolve_node(*next, fields.at(key), scope);
}

ChoiceSpec builtin_choice(std::string_view id) {
  ChoiceSpec choice;
  choice.id = std::string(id);
  auto text = id == "yes" ? BuiltinText::yes : BuiltinText::no;
  for (auto language : builtin_languages()) {
    choice.label.translations.emplace(std::string(language), Translation{builtin_text(text, language), false});
  }
  const auto& words = id == "yes" ? yes_words() : no_words();
  choice.synonyms[""] = std::vector<std::string>(words.begin(), words.end());
  return choice;
}

void read_synonyms(const Fields& fields, ChoiceSpec& choice) {
  const json* value = fields.get("synonyms");
  if (!value) return;
  auto read_list = [&](const json& list, const std::string& pointer, const std::string& language) {
    if (!list.is_array()) {
      fields.reporter().error(pointer, "must be an array of strings, not " + type_name(list));
      return;
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (!list[i].is_string() || list[i].get<std::string>().empty()) {
        fields.reporter().error(pointer_join(pointer, i), "must be a non-empty string");
      } else {
        choice.synonyms[language].push_back(list[i].get<std::string>());
      }
    }
  };
  if (value->is_array()) {
    read_list(*value, fields.at("synonyms"), "");
    return;
  }
  Fields by_language(*value, fields.at("synonyms"), "\"synonyms\"", fields.reporter());
  if (!by_language.ok()) return;
  for (const auto& [language, list] : value->items()) {
    if (!is_language_code(language)) {
      fields.reporter().error(by_language.at(language), "\"" + language + "\" is not a language code");
      continue;
    }
    read_list(list, by_language.at(language), language);
  }
}

std::optional<ChoiceSpec> parse_choice(const json& value, const std::string& pointer, bool label_required,
                                       const FlowScope& scope) {
  Fields fields(value, pointer, "a choice", scope.reporter);
  if (!fields.ok()) return std::nullopt;
  fields.allow_only({"id", "label", "synonyms", "next"});
  ChoiceSpec choice;
  choice.pointer = pointer;
  auto id = fields.string("id", true);
  if (!id) return std::nullopt;
  if (!is_valid_name(*id, NameKind::identifier)) {
    scope.reporter.error(fields.at("id"), "a choice id may only have " + name_rule(NameKind::identifier));
  }
  choice.id = *id;
  if (label_required) fields.require("label");
  if (const json* label = fields.get("label")) choice.label = parse_text(*label, fields.at("label"), scope);
  read_synonyms(fields, choice);
  choice.next = read_next(fields, "next", node_default, choice.next_name, scope);
  return choice;
}

std::vector<ChoiceSpec> parse_choices(const Fields& fields, bool label_required, const FlowScope& scope) {
  std::vector<ChoiceSpec> choices;
  const json* value = fields.get("choices");
  if (!value) return choices;
  if (!value->is_array()) {
    scope.reporter.error(fields.at("choices"), "must be an array of choices, not " + type_name(*value));
    return choices;
  }
  for (std::size_t i = 0; i < value->size(); ++i) {
    auto pointer = pointer_join(fields.at("choices"), i);
    auto choice = parse_choice((*value)[i], pointer, label_required, scope);
    if (!choice) continue;
    bool duplicate = std::any_of(choices.begin(), choices.end(), [&](const ChoiceSpec& c) { return c.id == choice->id; });
    if (duplicate) scope.reporter.error(pointer_join(pointer, "id"), "duplicate choice id \"" + choice->id + "\"");
    choices.push_back(std::move(*choice));
  }
  return choices;
}

// Yes/no questions have two built-in choices; the file may give them a branch,
// its own label or more synonyms.
std::vector<ChoiceSpec> yes_no_choices(const Fields& fields, const FlowScope& scope) {
  std::vector<ChoiceSpec> choices{builtin_choice("yes"), builtin_choice("no")};
  for (auto& given : parse_choices(fields, false, scope)) {
    auto it = std::find_if(choices.begin(), choices.end(), [&](const ChoiceSpec& c) { return c.id == given.id; });
    if (it == choices.end()) {
      scope.reporter.error(pointer_join(given.pointer, "id"), "a yes_no question has only the choices \"yes\" and \"no\"");
      continue;
    }
    if (!given.label.empty()) it->label = std::move(given.label);
    for (auto& [language, words] : given.synonyms) {
      it->synonyms[language].insert(it->synonyms[language].end(), words.begin(), words.end());
    }
    it->next = given.next;
    it->next_name = given.next_name;
    it->pointer = given.pointer;
  }
  return choices;
}

void parse_cases(const Fields& fields, bool needs_category, Node& node, const FlowScope& scope) {
  const json* value = fields.get("cases");
  if (!value) return;
  if (!value->is_array() || value->empty()) {
    scope.reporter.error(fields.at("cases"), "must be a non-empty array of cases");
    return;
  }
  for (std::size_t i = 0; i < value->size(); ++i) {
    if (auto test_case = parse_case((*value)[i], pointer_join(fields.at("cases"), i), needs_category, scope)) {
      node.cases.push_back(std::move(*test_case));
    }
  }
}

void parse_timeout(const Fields& fields, Node& node, const FlowScope& scope) {
  const json* value = fields.get("timeout");
  if (!value) return;
  Fields timeout_fields(*value, fields.at("timeout"), "\"timeout\"", scope.reporter);
  if (!timeout_fields.ok()) return;
  timeout_fields.allow_only({"after", "next"});
  timeout_fields.require("after");
  Timeout timeout;
  timeout.pointer = fields.at("timeout");
  if (const json* after = timeout_fields.get("after")) {
    timeout.after_ms = parse_duration_ms(*after, timeout_fields.at("after"), scope.reporter).value_or(0);
  }
  timeout.next = read_next(timeout_fields, "next", end_of_flow, timeout.next_name, scope);
  node.timeout = timeout;
}

void parse_result_name(const Fields& fields, Node& node) {
  auto result = fields.string("result");
  if (!result) return;
  if (!is_valid_name(*result, NameKind::identifier)) {
    fields.reporter().error(fields.at("result"), "a result name may only have " + name_rule(NameKind::identifier));
  }
  node.result = *result;
}

void reject_keys(const Fields& fields, const std::vector<std::string_view>& keys, const std::string& why) {
  for (auto key : keys) {
    if (fields.has(key)) fields.reporter().error(fields.at(key), "\"" + std::string(key) + "\" " + why);
  }
}

void parse_ask(const Fields& fields, Node& node, const FlowScope& scope) {
  fields.require("text");
  if (const json* text = fields.get("text")) node.text = parse_text(*text, fields.at("text"), scope);
  auto answer = fields.string("answer", true);
  if (answer) {
    auto kind = std::find_if(answer_kinds.begin(), answer_kinds.end(), [&](const auto& k) { return k.first == *answer; });
    if (kind == answer_kinds.end()) {
      scope.reporter.error(fields.at("answer"), "unknown answer \"" + *answer + "\" (use choice, yes_no, number or text)");
    } else {
      node.answer = kind->second;
    }
  }
  bool choice = node.answer == AnswerKind::choice;
  bool number = node.answer == AnswerKind::number;
  if (!choice) reject_keys(fields, {"multiple"}, "is only for choice answers");
  if (!choice && node.answer != AnswerKind::yes_no) reject_keys(fields, {"choices"}, "is only for choice and yes_no answers");
  if (!number) reject_keys(fields, {"min", "max"}, "is only for number answers");
  if (choice || node.answer == AnswerKind::yes_no) reject_keys(fields, {"cases"}, "is only for number and text answers; choices branch with their own \"next\"");
  node.multiple = fields.boolean("multiple").value_or(false);
  if (choice) {
    fields.require("choices");
    node.choices = parse_choices(fields, true, scope);
    if (fields.has("choices") && fields.get("choices")->is_array() && fields.get("choices")->empty()) {
      scope.reporter.error(fields.at("choices"), "a choice question needs at least one choice");
    }
  } else if (node.answer == AnswerKind::yes_no) {
    node.choices = yes_no_choices(fields, scope);
  }
  node.min = fields.number("min");
  node.max = fields.number("max");
  if (node.min && node.max && *node.min > *node.max) scope.reporter.error(fields.at("min"), "\"min\" is more than \"max\"");
  parse_cases(fields, true, node, scope);
  if (const json* invalid = fields.get("invalid")) node.invalid = parse_text(*invalid, fields.at("invalid"), scope);
  node.retries = static_cast<int>(fields.integer("retries", 0, 10).value_or(2));
  node.after_retries = read_next(fields, "after_retries", end_of_flow, node.after_retries_name, scope);
}

void parse_switch(const Fields& fields, Node& node, const FlowScope& scope) {
  auto on = fields.string("on", true);
  if (on && !is_valid_expression(*on)) {
    scope.reporter.error(fields.at("on"), "unknown value \"" + *on + "\" (use answer, contact.language, contact.groups, "
                                          "fields.NAME, results.NAME, results.NAME.category or results.NAME.text)");
  }
  node.on = on.value_or("answer");
  fields.require("cases");
  parse_cases(fields, false, node, scope);
  bool on_groups = node.on == "contact.groups";
  for (const auto& test_case : node.cases) {
    if ((test_case.test == CaseTest::in_group) != on_groups) {
      scope.reporter.error(test_case.pointer, on_groups ? "a switch on contact.groups only takes in_group tests"
                                                        : "in_group tests need \"on\": \"contact.groups\"");
    }
  }
}

void parse_actions(const Fields& fields, Node& node, const FlowScope& scope) {
  fields.require("actions");
  const json* value = fields.get("actions");
  if (!value) return;
  if (!value->is_array() || value->empty()) {
    scope.reporter.error(fields.at("actions"), "must be a non-empty array of actions");
    return;
  }
  for (std::size_t i = 0; i < value->size(); ++i) {
    if (auto action = parse_action((*value)[i], pointer_join(fields.at("actions"), i), scope)) {
      node.actions.push_back(std::move(*action));
    }
  }
}

void parse_start_flow(const Fields& fields, Node& node) {
  auto flow = fields.string("flow", true);
  if (flow && !is_valid_name(*flow, NameKind::flow)) {
    fields.reporter().error(fields.at("flow"), "a flow id may only have " + name_rule(NameKind::flow));
  }
  node.flow = flow.value_or("");
  node.returns = fields.boolean("return").value_or(false);
  if (!node.returns && fields.has("next")) {
    fields.reporter().error(fields.at("next"), "\"next\" needs \"return\": true (otherwise the other flow replaces this one)");
  }
}

} // namespace

Node parse_node(const json& value, const std::string& pointer, NodeIndex index, std::size_t node_count,
                const FlowScope& scope) {
  Node node;
  node.pointer = pointer;
  node.id = "#" + std::to_string(index); // replaced below; keeps diagnostics readable if the id is bad
  Fields fields(value, pointer, "a node", scope.reporter);
  if (!fields.ok()) return node;
  if (auto id = fields.string("id", true)) {
    if (!is_valid_name(*id, NameKind::node)) {
      scope.reporter.error(fields.at("id"), "a node id may only have " + name_rule(NameKind::node));
    }
    node.id = *id;
  }
  auto type = fields.string("type", true);
  if (!type) return node;
  auto known = std::find_if(node_types.begin(), node_types.end(), [&](const auto& t) { return t.first == *type; });
  if (known == node_types.end()) {
    scope.reporter.error(fields.at("type"), "unknown node type \"" + *type +
                                                "\" (use send, ask, wait, switch, actions, start_flow or end)");
    return node;
  }
  node.type = known->second;
  fields.allow_only(allowed_keys(node.type));
  // Without a "next", a node carries on with the one after it in the file.
  NodeIndex following = static_cast<std::size_t>(index) + 1 < node_count ? index + 1 : end_of_flow;
  switch (node.type) {
    case NodeType::send:
      fields.require("text");
      if (const json* text = fields.get("text")) node.text = parse_text(*text, fields.at("text"), scope);
      break;
    case NodeType::ask: parse_ask(fields, node, scope); break;
    case NodeType::wait: parse_cases(fields, true, node, scope); break;
    case NodeType::switch_on: parse_switch(fields, node, scope); break;
    case NodeType::actions: parse_actions(fields, node, scope); break;
    case NodeType::start_flow:
      parse_start_flow(fields, node);
      if (!node.returns) following = end_of_flow;
      break;
    case NodeType::end: following = end_of_flow; break;
  }
  if (node.waits()) {
    parse_result_name(fields, node);
    parse_timeout(fields, node, scope);
  }
  node.next = read_next(fields, node.type == NodeType::switch_on ? "default" : "next", following, node.next_name, scope);
  for (auto& choice : node.choices) choice.phrases = prepare_phrases(choice);
  index_phrases(node);
  return node;
}

} // namespace stoop::flows::detail
