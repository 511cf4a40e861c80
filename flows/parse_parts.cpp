// Parsing the parts nodes are made of: node references, cases and actions.
#include <algorithm>

#include "flows/matching.hpp"
#include "flows/parse.hpp"
#include "flows/templates.hpp"

namespace stoop::flows::detail {
namespace {

enum class ParamKind { identifier, text, truth };

struct ParamRule {
  std::string_view name;
  ParamKind kind;
  bool required;
};

struct ActionRule {
  ActionType type;
  std::vector<ParamRule> params;
};

const std::vector<ActionRule>& action_rules() {
  static const std::vector<ActionRule> rules{
      {ActionType::set_field, {{"field", ParamKind::identifier, true}, {"value", ParamKind::text, true}}},
      {ActionType::set_language, {{"language", ParamKind::text, true}}},
      {ActionType::add_to_group, {{"group", ParamKind::identifier, true}}},
      {ActionType::remove_from_group, {{"group", ParamKind::identifier, true}}},
      {ActionType::record_consent, {{"purpose", ParamKind::identifier, true}, {"granted", ParamKind::truth, true}}},
      {ActionType::open_request,
       {{"kind", ParamKind::identifier, false}, {"topic", ParamKind::text, false},
        {"urgency", ParamKind::text, false}, {"details", ParamKind::text, false},
        {"best_time", ParamKind::text, false}, {"language", ParamKind::text, false},
        {"neighbourhood", ParamKind::text, false}}},
      {ActionType::save_result,
       {{"name", ParamKind::identifier, true}, {"value", ParamKind::text, true}, {"category", ParamKind::text, false}}},
  };
  return rules;
}

std::string action_type_list() {
  std::string list;
  for (const auto& rule : action_rules()) list += (list.empty() ? "" : ", ") + std::string(to_string(rule.type));
  return list;
}

// A template string: reports a bad placeholder.
std::optional<std::string> read_template(const json& value, const std::string& pointer, Reporter& reporter) {
  if (!value.is_string()) {
    reporter.error(pointer, "must be a string, not " + type_name(value));
    return std::nullopt;
  }
  auto text = value.get<std::string>();
  if (auto problem = template_error(text)) {
    reporter.error(pointer, *problem);
    return std::nullopt;
  }
  return text;
}

void read_param(const Fields& fields, const ParamRule& rule, ActionSpec& action) {
  if (rule.required) fields.require(rule.name);
  const json* value = fields.get(rule.name);
  if (!value) return;
  auto pointer = fields.at(rule.name);
  if (rule.kind == ParamKind::truth && value->is_boolean()) {
    action.params[std::string(rule.name)] = value->get<bool>() ? "true" : "false";
    return;
  }
  auto text = read_template(*value, pointer, fields.reporter());
  if (!text) return;
  if (rule.kind == ParamKind::identifier && !is_valid_name(*text, NameKind::identifier)) {
    fields.reporter().error(pointer, "\"" + std::string(rule.name) + "\" may only have " + name_rule(NameKind::identifier));
    return;
  }
  action.params[std::string(rule.name)] = *text;
}

void read_extra(const Fields& fields, ActionSpec& action) {
  const json* extra = fields.get("extra");
  if (!extra) return;
  Fields items(*extra, fields.at("extra"), "\"extra\"", fields.reporter());
  if (!items.ok()) return;
  for (const auto& [name, value] : extra->items()) {
    if (!is_valid_name(name, NameKind::identifier)) {
      fields.reporter().error(items.at(name), "a name may only have " + name_rule(NameKind::identifier));
    } else if (auto text = read_template(value, items.at(name), fields.reporter())) {
      action.extra[name] = *text;
    }
  }
}

// "value" of a case: one string, or one per language.
std::vector<std::pair<std::string, std::string>> read_case_values(const Fields& fields) {
  std::vector<std::pair<std::string, std::string>> values; // (pointer, text)
  const json* value = fields.get("value");
  if (!value) return values;
  auto pointer = fields.at("value");
  if (value->is_string()) {
    values.emplace_back(pointer, value->get<std::string>());
  } else if (value->is_object()) {
    for (const auto& [language, item] : value->items()) {
      auto item_pointer = pointer_join(pointer, language);
      if (!is_language_code(language)) {
        fields.reporter().error(item_pointer, "\"" + language + "\" is not a language code");
      } else if (!item.is_string()) {
        fields.reporter().error(item_pointer, "must be a string, not " + type_name(item));
      } else {
        values.emplace_back(item_pointer, item.get<std::string>());
      }
    }
  } else {
    fields.reporter().error(pointer, "must be a string, or strings by language code, not " + type_name(*value));
  }
  return values;
}

void read_case_arguments(const Fields& fields, Case& result) {
  fields.require("value");
  for (auto& [pointer, text] : read_case_values(fields)) {
    auto prepared = prepare(text);
    if (prepared.tokens.empty() && result.test != CaseTest::regex) {
      fields.reporter().error(pointer, "needs at least one letter or digit to match");
      continue;
    }
    if (result.test == CaseTest::regex) {
      std::string error;
      auto pattern = compile_pattern(text, error);
      if (!pattern) {
        fields.reporter().error(pointer, "invalid regular expression: " + error);
        continue;
      }
      result.patterns.push_back(std::move(pattern));
    }
    result.arguments.push_back(std::move(text));
    result.prepared.push_back(std::move(prepared));
  }
}

void reject_unused(const Fields& fields, CaseTest test, const std::vector<std::string_view>& unused) {
  for (auto key : unused) {
    if (fields.has(key)) {
      fields.reporter().error(fields.at(key), "\"" + std::string(key) + "\" is not used by the test \"" +
                                                  std::string(to_string(test)) + "\"");
    }
  }
}

void read_case_test_parameters(const Fields& fields, Case& result) {
  switch (result.test) {
    case CaseTest::number_between: {
      reject_unused(fields, result.test, {"value", "group"});
      fields.require("min");
      fields.require("max");
      auto min = fields.number("min");
      auto max = fields.number("max");
      if (min && max && *min > *max) fields.reporter().error(fields.at("min"), "\"min\" is more than \"max\"");
      result.min = min.value_or(0);
      result.max = max.value_or(0);
      break;
    }
    case CaseTest::has_text: reject_unused(fields, result.test, {"value", "group", "min", "max"}); break;
    case CaseTest::in_group: {
      reject_unused(fields, result.test, {"value", "min", "max"});
      auto group = fields.string("group", true);
      if (group && !is_valid_name(*group, NameKind::identifier)) {
        fields.reporter().error(fields.at("group"), "a group may only have " + name_rule(NameKind::identifier));
      }
      result.group = group.value_or("");
      break;
    }
    default:
      reject_unused(fields, result.test, {"group", "min", "max"});
      read_case_arguments(fields, result);
      break;
  }
}

} // namespace

NodeIndex resolve_node(const std::string& name, const std::string& pointer, const FlowScope& scope) {
  auto it = scope.node_ids.find(name);
  if (it == scope.node_ids.end()) {
    scope.reporter.error(pointer, "no node with id \"" + name + "\" in this flow");
    return end_of_flow;
  }
  return it->second;
}

std::optional<Case> parse_case(const json& value, const std::string& pointer, bool needs_category,
                               const FlowScope& scope) {
  Fields fields(value, pointer, "a case", scope.reporter);
  if (!fields.ok()) return std::nullopt;
  fields.allow_only({"test", "value", "min", "max", "group", "category", "next"});
  Case result;
  result.pointer = pointer;
  auto test_name = fields.string("test", true);
  if (!test_name) return std::nullopt;
  auto test = parse_case_test(*test_name);
  if (!test) {
    std::string message = "unknown test \"" + *test_name +
                          "\" (use any_word, all_words, phrase, begins_with, regex, number_between, has_text or "
                          "in_group)";
    if (*test_name == "default") message += "; the branch for no match is the node's \"default\" or \"next\"";
    scope.reporter.error(fields.at("test"), message);
    return std::nullopt;
  }
  result.test = *test;
  read_case_test_parameters(fields, result);
  auto category = fields.string("category", needs_category);
  if (category && !is_valid_name(*category, NameKind::identifier)) {
    scope.reporter.error(fields.at("category"), "a category may only have " + name_rule(NameKind::identifier));
  }
  result.category = category.value_or("");
  if (auto next = fields.string("next")) {
    result.next_name = *next;
    result.next = resolve_node(*next, fields.at("next"), scope);
  }
  return result;
}

std::optional<ActionSpec> parse_action(const json& value, const std::string& pointer, const FlowScope& scope) {
  Fields fields(value, pointer, "an action", scope.reporter);
  if (!fields.ok()) return std::nullopt;
  auto type_name_text = fields.string("type", true);
  if (!type_name_text) return std::nullopt;
  auto rule = std::find_if(action_rules().begin(), action_rules().end(),
                           [&](const ActionRule& r) { return to_string(r.type) == *type_name_text; });
  if (rule == action_rules().end()) {
    scope.reporter.error(fields.at("type"), "unknown action \"" + *type_name_text + "\" (use " + action_type_list() + ")");
    return std::nullopt;
  }
  std::vector<std::string_view> allowed{"type"};
  for (const auto& param : rule->params) allowed.push_back(param.name);
  if (rule->type == ActionType::open_request) allowed.push_back("extra");
  fields.allow_only(allowed);
  ActionSpec action;
  action.type = rule->type;
  action.pointer = pointer;
  for (const auto& param : rule->params) read_param(fields, param, action);
  if (rule->type == ActionType::open_request) read_extra(fields, action);
  return action;
}

} // namespace stoop::flows::detail
