#include "flows/flow.hpp"

#include <algorithm>

namespace stoop::flows {

const std::string* LocalizedText::find(std::string_view language, std::string_view fallback) const {
  if (universal) return &*universal;
  if (auto it = translations.find(language); it != translations.end()) return &it->second.text;
  if (auto it = translations.find(fallback); it != translations.end()) return &it->second.text;
  return nullptr;
}

namespace {

constexpr std::pair<CaseTest, std::string_view> case_test_names[] = {
    {CaseTest::any_word, "any_word"},       {CaseTest::all_words, "all_words"},
    {CaseTest::phrase, "phrase"},           {CaseTest::begins_with, "begins_with"},
    {CaseTest::regex, "regex"},             {CaseTest::number_between, "number_between"},
    {CaseTest::has_text, "has_text"},       {CaseTest::in_group, "in_group"},
};

void count_text(const LocalizedText& text, const Flow& flow, std::vector<TranslationCount>& counts) {
  if (text.universal || text.empty()) return;
  for (auto& count : counts) {
    if (count.language == flow.default_language) continue;
    ++count.texts;
    auto it = text.translations.find(count.language);
    if (it == text.translations.end()) continue;
    ++count.translated;
    if (it->second.reviewed) ++count.reviewed;
  }
}

} // namespace

std::string_view to_string(CaseTest test) {
  for (const auto& [value, name] : case_test_names) {
    if (value == test) return name;
  }
  return "?";
}

std::optional<CaseTest> parse_case_test(std::string_view name) {
  for (const auto& [value, known] : case_test_names) {
    if (known == name) return value;
  }
  return std::nullopt;
}

std::string_view to_string(NodeType type) {
  switch (type) {
    case NodeType::send: return "send";
    case NodeType::ask: return "ask";
    case NodeType::wait: return "wait";
    case NodeType::switch_on: return "switch";
    case NodeType::actions: return "actions";
    case NodeType::start_flow: return "start_flow";
    case NodeType::end: return "end";
  }
  return "?";
}

std::string_view to_string(ActionType type) {
  switch (type) {
    case ActionType::set_field: return "set_field";
    case ActionType::set_language: return "set_language";
    case ActionType::add_to_group: return "add_to_group";
    case ActionType::remove_from_group: return "remove_from_group";
    case ActionType::record_consent: return "record_consent";
    case ActionType::open_request: return "open_request";
    case ActionType::save_result: return "save_result";
  }
  return "?";
}

const std::string& ActionSpec::param(std::string_view name) const {
  static const std::string none;
  auto it = params.find(name);
  return it == params.end() ? none : it->second;
}

const Node* Flow::find_node(std::string_view node_id) const {
  NodeIndex index = index_of(node_id);
  return index < 0 ? nullptr : &nodes[static_cast<std::size_t>(index)];
}

NodeIndex Flow::index_of(std::string_view node_id) const {
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (nodes[i].id == node_id) return static_cast<NodeIndex>(i);
  }
  return end_of_flow;
}

const Flow* FlowSet::find(std::string_view flow_id) const {
  for (const auto& flow : flows) {
    if (flow.id == flow_id) return &flow;
  }
  return nullptr;
}

const Flow* FlowSet::catch_all() const {
  for (const auto& flow : flows) {
    if (flow.catch_all) return &flow;
  }
  return nullptr;
}

std::vector<TranslationCount> translation_counts(const Flow& flow) {
  std::vector<TranslationCount> counts;
  for (const auto& language : flow.languages) {
    if (language != flow.default_language) counts.push_back({language, 0, 0, 0});
  }
  for (const auto& node : flow.nodes) {
    count_text(node.text, flow, counts);
    count_text(node.invalid, flow, counts);
    for (const auto& choice : node.choices) count_text(choice.label, flow, counts);
  }
  return counts;
}

} // namespace stoop::flows
