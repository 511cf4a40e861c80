#include "flows/answers.hpp"

#include <algorithm>
#include <optional>

#include "core/text.hpp"
#include "flows/matching.hpp"

namespace stoop::flows::detail {
namespace {

// How well a choice matches: 0 = not at all, else the length in words of the
// longest of its phrases found in the answer.
struct ChoiceMatch {
  std::size_t index = 0;
  std::size_t strength = 0;
};

std::vector<ChoiceMatch> match_phrases(const Node& node, const PreparedText& answer, bool whole_answer) {
  std::vector<std::size_t> strength(node.choices.size(), 0);
  auto consider = [&](Node::PhraseRef ref) {
    const auto& phrase = node.choices[ref.choice].phrases[ref.phrase];
    bool found = whole_answer ? equals_phrase(answer, phrase) : !phrase.single_symbol && contains_phrase(answer, phrase);
    if (found) strength[ref.choice] = std::max(strength[ref.choice], phrase.tokens.size());
  };
  // Each list of phrases once, however often its first word comes up (an
  // answer has up to 2,000 bytes; the lists are one per first word).
  std::vector<const std::vector<Node::PhraseRef>*> tried;
  auto starting_with = [&](std::string_view word) {
    auto it = node.phrases_by_first_word.find(word);
    if (it == node.phrases_by_first_word.end()) return;
    if (std::find(tried.begin(), tried.end(), &it->second) != tried.end()) return;
    tried.push_back(&it->second);
    for (auto ref : it->second) consider(ref);
  };
  if (!node.phrases_indexed) {
    for (std::size_t i = 0; i < node.choices.size(); ++i) {
      for (std::size_t j = 0; j < node.choices[i].phrases.size(); ++j) consider({i, j});
    }
  } else if (whole_answer) {
    if (!answer.tokens.empty()) starting_with(answer.tokens.front());
  } else {
    for (const auto& word : answer.tokens) starting_with(word);
    for (auto ref : node.cjk_phrases) consider(ref);
  }
  std::vector<ChoiceMatch> matches;
  for (std::size_t i = 0; i < strength.size(); ++i) {
    if (strength[i] > 0) matches.push_back({i, strength[i]});
  }
  return matches;
}

// The single strongest match; none when two choices match equally well.
std::optional<std::size_t> strongest(const std::vector<ChoiceMatch>& matches) {
  if (matches.empty()) return std::nullopt;
  auto best = std::max_element(matches.begin(), matches.end(),
                               [](const ChoiceMatch& a, const ChoiceMatch& b) { return a.strength < b.strength; });
  auto ties = std::count_if(matches.begin(), matches.end(),
                            [&](const ChoiceMatch& m) { return m.strength == best->strength; });
  if (ties > 1) return std::nullopt;
  return best->index;
}

std::optional<std::size_t> by_number(const Node& node, std::string_view token) {
  auto number = small_number(token);
  if (!number || *number < 1 || static_cast<std::size_t>(*number) > node.choices.size()) return std::nullopt;
  return static_cast<std::size_t>(*number - 1);
}

std::vector<std::size_t> match_single(const Node& node, const PreparedText& answer) {
  if (answer.tokens.size() == 1 && small_number(answer.tokens[0])) {
    auto index = by_number(node, answer.tokens[0]);
    return index ? std::vector<std::size_t>{*index} : std::vector<std::size_t>{};
  }
  auto exact = strongest(match_phrases(node, answer, true));
  if (exact) return {*exact};
  auto contained = strongest(match_phrases(node, answer, false));
  if (contained) return {*contained};
  return {};
}

std::vector<std::size_t> match_multiple(const Node& node, const PreparedText& answer) {
  std::vector<bool> chosen(node.choices.size(), false);
  bool words_left = false;
  for (const auto& token : answer.tokens) {
    if (!small_number(token)) {
      words_left = true;
      continue;
    }
    auto index = by_number(node, token);
    if (!index) return {}; // "1, 12" with ten choices: do not guess
    chosen[*index] = true;
  }
  if (words_left) {
    auto matches = match_phrases(node, answer, true);
    if (matches.empty()) matches = match_phrases(node, answer, false);
    for (const auto& match : matches) chosen[match.index] = true;
  }
  std::vector<std::size_t> selected;
  for (std::size_t i = 0; i < chosen.size(); ++i) {
    if (chosen[i]) selected.push_back(i);
  }
  return selected;
}

Evaluation choice_answer(const Node& node, const PreparedText& answer, std::string_view payload) {
  std::vector<std::size_t> selected;
  for (std::size_t i = 0; i < node.choices.size() && !payload.empty(); ++i) {
    if (choice_payload(node, node.choices[i]) == payload || node.choices[i].id == payload) selected = {i};
  }
  if (selected.empty()) {
    selected = node.multiple ? match_multiple(node, answer) : match_single(node, answer);
  }
  Evaluation evaluation;
  if (selected.empty()) return evaluation;
  evaluation.valid = true;
  for (std::size_t index : selected) {
    const auto& choice = node.choices[index];
    evaluation.categories.push_back(choice.id);
    if (!evaluation.value.empty()) evaluation.value += ',';
    evaluation.value += choice.id;
  }
  // With several choices, the first one that has its own branch decides where to go.
  for (std::size_t index : selected) {
    if (node.choices[index].next != node_default) {
      evaluation.next = node.choices[index].next;
      break;
    }
  }
  return evaluation;
}

void apply_cases(const Node& node, std::string_view text, const PreparedText& prepared,
                 const std::set<std::string, std::less<>>& groups, Evaluation& evaluation) {
  if (node.cases.empty()) return;
  CaseInput input{text, prepared, groups};
  for (const auto& test_case : node.cases) {
    if (case_matches(test_case, input)) {
      evaluation.categories = {test_case.category};
      evaluation.next = test_case.next;
      return;
    }
  }
  evaluation.categories = {"other"};
}

} // namespace

void index_phrases(Node& node) {
  node.phrases_by_first_word.clear();
  node.cjk_phrases.clear();
  for (std::size_t i = 0; i < node.choices.size(); ++i) {
    const auto& phrases = node.choices[i].phrases;
    for (std::size_t j = 0; j < phrases.size(); ++j) {
      if (phrases[j].tokens.empty()) continue; // matches nothing
      node.phrases_by_first_word[phrases[j].tokens.front()].push_back({i, j});
      if (phrases[j].cjk) node.cjk_phrases.push_back({i, j});
    }
  }
  node.phrases_indexed = true;
}

std::vector<PreparedText> prepare_phrases(const ChoiceSpec& choice) {
  std::string id = choice.id;
  std::replace(id.begin(), id.end(), '_', ' ');
  std::vector<PreparedText> phrases{prepare(id)};
  if (choice.label.universal) phrases.push_back(prepare(*choice.label.universal));
  for (const auto& [language, translation] : choice.label.translations) phrases.push_back(prepare(translation.text));
  for (const auto& [language, words] : choice.synonyms) {
    for (const auto& word : words) phrases.push_back(prepare(word));
  }
  return phrases;
}

std::string choice_payload(const Node& node, const ChoiceSpec& choice) { return node.id + "/" + choice.id; }

bool payload_matches(const Node& node, std::string_view payload) {
  if (payload.empty()) return false;
  return std::any_of(node.choices.begin(), node.choices.end(), [&](const ChoiceSpec& choice) {
    return choice_payload(node, choice) == payload || choice.id == payload;
  });
}

Evaluation evaluate_answer(const Node& node, const AnswerText& answer, std::string_view payload,
                           const std::set<std::string, std::less<>>& groups) {
  // Spaces around the answer make no words, so `prepared` stands for the trimmed text too.
  std::string_view trimmed = trim(answer.raw);
  if (node.type == NodeType::ask && (node.answer == AnswerKind::choice || node.answer == AnswerKind::yes_no)) {
    return choice_answer(node, answer.prepared, payload);
  }
  Evaluation evaluation;
  if (node.type == NodeType::ask && node.answer == AnswerKind::number) {
    auto number = first_number(trimmed);
    if (!number || (node.min && *number < *node.min) || (node.max && *number > *node.max)) return evaluation;
    evaluation.value = format_number(*number);
  } else {
    // A free-text question needs some text; a bare wait takes any message.
    if (node.type == NodeType::ask && trimmed.empty()) return evaluation;
    evaluation.value = std::string(trimmed);
  }
  evaluation.valid = true;
  apply_cases(node, trimmed, answer.prepared, groups, evaluation);
  return evaluation;
}

} // namespace stoop::flows::detail
