// Deciding what an answer to a waiting node means: which choice(s), which
// number, which case. Internal to stoop_flows.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "flows/flow.hpp"

namespace stoop::flows::detail {

struct Evaluation {
  bool valid = false;
  std::string value;
  std::vector<std::string> categories;
  NodeIndex next = node_default; // node_default: the node's own "next"
};

// An answer as written, and the same folded into words (prepare()).
struct AnswerText {
  std::string_view raw;
  const PreparedText& prepared;
};

Evaluation evaluate_answer(const Node& node, const AnswerText& answer, std::string_view payload,
                           const std::set<std::string, std::less<>>& groups);

// Every way of naming a choice (its id, its labels and synonyms in every
// language), folded: the loader stores them in ChoiceSpec::phrases.
std::vector<PreparedText> prepare_phrases(const ChoiceSpec& choice);

// Fills the node's index of its choices' phrases (Node::phrases_by_first_word).
void index_phrases(Node& node);

// Whether a button payload names one of this node's choices ("node/choice" or "choice").
bool payload_matches(const Node& node, std::string_view payload);

// The payload a button for this choice carries.
std::string choice_payload(const Node& node, const ChoiceSpec& choice);

} // namespace stoop::flows::detail
