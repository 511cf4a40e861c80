// Parsing a flow file's top level and its localized texts.
#include <algorithm>

#include "core/text.hpp"
#include "flows/parse.hpp"
#include "flows/templates.hpp"

namespace stoop::flows::detail {
namespace {

bool contains(const std::vector<std::string>& items, const std::string& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

std::vector<std::string> parse_languages(const Fields& top) {
  const json* value = top.get("languages");
  if (!value) return {std::begin(project_languages), std::end(project_languages)};
  std::vector<std::string> languages;
  if (!value->is_array() || value->empty()) {
    top.reporter().error(top.at("languages"), "must be a non-empty array of language codes");
    return {std::begin(project_languages), std::end(project_languages)};
  }
  for (std::size_t i = 0; i < value->size(); ++i) {
    const auto& item = (*value)[i];
    auto pointer = pointer_join(top.at("languages"), i);
    if (!item.is_string() || !is_language_code(item.get<std::string>())) {
      top.reporter().error(pointer, "must be a language code such as \"en\" or \"kea\"");
    } else if (contains(languages, item.get<std::string>())) {
      top.reporter().error(pointer, "\"" + item.get<std::string>() + "\" is listed twice");
    } else {
      languages.push_back(item.get<std::string>());
    }
  }
  return languages;
}

void parse_keyword(const json& item, const std::string& pointer, const std::string& language, Flow& flow,
                   Reporter& reporter) {
  if (!item.is_string()) {
    reporter.error(pointer, "a keyword must be a string, not " + type_name(item));
    return;
  }
  auto keyword = item.get<std::string>();
  if (words_for_matching(keyword).empty()) {
    reporter.error(pointer, "a keyword needs at least one letter or digit");
    return;
  }
  flow.triggers.push_back(Trigger{language, keyword, pointer});
}

void parse_triggers(const Fields& top, Flow& flow) {
  const json* value = top.get("triggers");
  if (!value) return;
  Fields triggers(*value, top.at("triggers"), "\"triggers\"", top.reporter());
  if (!triggers.ok()) return;
  for (const auto& [language, keywords] : value->items()) {
    auto pointer = triggers.at(language);
    if (!contains(flow.languages, language)) {
      top.reporter().error(pointer, "\"" + language + "\" is not one of the flow's languages");
      continue;
    }
    if (keywords.is_string()) {
      parse_keyword(keywords, pointer, language, flow, top.reporter());
    } else if (keywords.is_array()) {
      for (std::size_t i = 0; i < keywords.size(); ++i) {
        parse_keyword(keywords[i], pointer_join(pointer, i), language, flow, top.reporter());
      }
    } else {
      top.reporter().error(pointer, "must be a keyword or an array of keywords, not " + type_name(keywords));
    }
  }
}

std::optional<Translation> parse_translation(const json& value, const std::string& pointer, Reporter& reporter) {
  Translation translation;
  if (value.is_string()) {
    translation.text = value.get<std::string>();
  } else if (value.is_object()) {
    Fields fields(value, pointer, "a translation", reporter);
    fields.allow_only({"text", "reviewed", "note"});
    auto text = fields.string("text", true);
    if (!text) return std::nullopt;
    translation.text = *text;
    translation.reviewed = fields.boolean("reviewed").value_or(false);
    fields.string("note");
  } else {
    reporter.error(pointer, "must be a string or {\"text\": ..., \"reviewed\": ...}, not " + type_name(value));
    return std::nullopt;
  }
  if (trim(translation.text).empty()) {
    reporter.error(pointer, "must not be empty");
    return std::nullopt;
  }
  if (auto problem = template_error(translation.text)) {
    reporter.error(pointer, *problem);
    return std::nullopt;
  }
  return translation;
}

void check_languages_present(const LocalizedText& text, const FlowScope& scope) {
  if (!text.translations.contains(scope.default_language)) {
    scope.reporter.error(text.pointer, "missing text in the default language \"" + scope.default_language + "\"");
  }
  std::string missing;
  for (const auto& language : scope.languages) {
    if (language == scope.default_language || text.translations.contains(language)) continue;
    missing += (missing.empty() ? "" : ", ") + language;
  }
  if (!missing.empty()) scope.reporter.warning(text.pointer, "missing translation: " + missing);
}

} // namespace

LocalizedText parse_text(const json& value, const std::string& pointer, const FlowScope& scope) {
  LocalizedText text;
  text.pointer = pointer;
  if (value.is_string()) {
    if (auto translation = parse_translation(value, pointer, scope.reporter)) text.universal = translation->text;
    return text;
  }
  if (!value.is_object()) {
    scope.reporter.error(pointer, "must be a text (a string, or translations by language code), not " +
                                      type_name(value));
    return text;
  }
  for (const auto& [language, item] : value.items()) {
    auto item_pointer = pointer_join(pointer, language);
    if (!is_language_code(language)) {
      scope.reporter.error(item_pointer, "\"" + language + "\" is not a language code (such as \"en\" or \"kea\")");
      continue;
    }
    if (!contains(scope.languages, language)) {
      scope.reporter.warning(item_pointer, "\"" + language + "\" is not one of the flow's languages; never shown");
    }
    if (auto translation = parse_translation(item, item_pointer, scope.reporter)) {
      text.translations.emplace(language, std::move(*translation));
    }
  }
  check_languages_present(text, scope);
  return text;
}

std::optional<Flow> parse_flow(const json& document, Reporter& reporter) {
  Fields top(document, "", "a flow file", reporter);
  if (!top.ok()) return std::nullopt;
  top.allow_only({"$schema", "id", "name", "description", "default_language", "languages", "triggers", "catch_all",
                  "resumes_interrupted_flow", "interruptible", "expire_after", "nodes"});
  Flow flow;
  flow.file = reporter.file();
  if (auto id = top.string("id", true)) {
    if (is_valid_name(*id, NameKind::flow)) {
      flow.id = *id;
    } else {
      reporter.error(top.at("id"), "a flow id may only have " + name_rule(NameKind::flow));
    }
  }
  flow.name = top.string("name").value_or(flow.id);
  top.string("description");
  top.string("$schema");
  flow.languages = parse_languages(top);
  flow.default_language = top.string("default_language").value_or(flow.languages.empty() ? "en" : flow.languages[0]);
  if (!contains(flow.languages, flow.default_language)) {
    reporter.error(top.has("default_language") ? top.at("default_language") : "/languages",
                   "the default language \"" + flow.default_language + "\" must be one of \"languages\"");
  }
  parse_triggers(top, flow);
  flow.catch_all = top.boolean("catch_all").value_or(false);
  flow.resumes_interrupted_flow = top.boolean("resumes_interrupted_flow").value_or(false);
  flow.interruptible = top.boolean("interruptible").value_or(true);
  if (const json* expire = top.get("expire_after")) {
    if (auto ms = parse_duration_ms(*expire, top.at("expire_after"), reporter)) flow.expire_after_ms = *ms;
  }
  top.require("nodes");
  if (const json* nodes = top.get("nodes")) parse_nodes(*nodes, top.at("nodes"), flow, reporter);
  if (!flow.nodes.empty()) check_flow_graph(flow, reporter);
  return flow;
}

void parse_nodes(const json& nodes, const std::string& pointer, Flow& flow, Reporter& reporter) {
  if (!nodes.is_array() || nodes.empty()) {
    reporter.error(pointer, "must be a non-empty array of nodes");
    return;
  }
  // First pass: every id, so that a "next" may name a node further down.
  std::map<std::string, NodeIndex, std::less<>> ids;
  std::map<std::string, std::string> first_seen;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const auto& node = nodes[i];
    if (!node.is_object() || !node.contains("id") || !node["id"].is_string()) continue;
    auto id = node["id"].get<std::string>();
    auto id_pointer = pointer_join(pointer_join(pointer, i), "id");
    if (auto [it, added] = ids.emplace(id, static_cast<NodeIndex>(i)); !added) {
      reporter.error(id_pointer, "duplicate node id \"" + id + "\" (also at " + first_seen[id] + ")");
    } else {
      first_seen[id] = id_pointer;
    }
  }
  FlowScope scope{flow.languages, flow.default_language, ids, reporter};
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    flow.nodes.push_back(parse_node(nodes[i], pointer_join(pointer, i), static_cast<NodeIndex>(i), nodes.size(), scope));
  }
}

} // namespace stoop::flows::detail
