// The in-memory form of a flow file, as the loader builds it and the engine
// reads it. Flows are immutable once loaded: the engine holds a FlowSet by
// shared pointer, so a reload swaps the whole set and a running step never
// sees half of an edit.
//
// Node references are resolved to indexes at load time (a "next" that names no
// node is a load error), so the engine never looks a node up by name on the hot
// path and can never follow a dangling reference.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stoop::flows {

// The languages the office works in, in the order the language menu shows them.
inline constexpr std::string_view project_languages[] = {"en", "es", "ht", "kea", "zh", "vi"};

struct Translation {
  std::string text;
  // Whether a community member or staff translator has checked this text. Only
  // an explicit "reviewed": true in the file sets it; the default-language text
  // is the source and needs no review.
  bool reviewed = false;
};

// A text in several languages, or one text for every language (autonyms such
// as "Español", or plain numbers) when `universal` is set.
struct LocalizedText {
  std::map<std::string, Translation, std::less<>> translations;
  std::optional<std::string> universal;
  std::string pointer; // where it is in the file, for diagnostics

  bool empty() const { return translations.empty() && !universal; }
  // The text in `language`, else in `fallback`, else nullptr.
  const std::string* find(std::string_view language, std::string_view fallback) const;
};

// A node reference, resolved at load time.
using NodeIndex = int;
inline constexpr NodeIndex end_of_flow = -1;  // finishing here ends the flow
inline constexpr NodeIndex node_default = -2; // a choice or case without its own "next"

// A text folded for matching (core/text.hpp: case and accents ignored): its
// words, with runs of digits split from letters so "1和3" or "2b" still show
// their numbers. Flows hold their phrases in this form, prepared at load time,
// so answering a message folds only the message.
struct PreparedText {
  std::vector<std::string> tokens;
  std::string joined; // tokens joined by single spaces
  bool cjk = false;   // has Chinese, Japanese or Korean characters: matched as a substring
  bool single_symbol = false; // one word of one character ("1", "A", "是")
};

struct ChoiceSpec {
  std::string id; // also the result category
  LocalizedText label;
  std::map<std::string, std::vector<std::string>, std::less<>> synonyms; // by language
  std::vector<PreparedText> phrases; // every way of naming it: id, labels, synonyms
  NodeIndex next = node_default;
  std::string next_name; // as written, for diagnostics
  std::string pointer;
};

enum class CaseTest { any_word, all_words, phrase, begins_with, regex, number_between, has_text, in_group };

std::string_view to_string(CaseTest test);
std::optional<CaseTest> parse_case_test(std::string_view name);

struct Pattern; // a compiled regular expression (kept out of this header: <regex> is heavy)

struct Case {
  CaseTest test = CaseTest::any_word;
  std::vector<std::string> arguments; // the "value" in every language it was given in
  std::vector<PreparedText> prepared;  // the same, folded
  std::vector<std::shared_ptr<const Pattern>> patterns; // for regex, one per argument
  double min = 0;
  double max = 0;
  std::string group;
  std::string category;
  NodeIndex next = node_default;
  std::string next_name;
  std::string pointer;
};

enum class NodeType { send, ask, wait, switch_on, actions, start_flow, end };
enum class AnswerKind { choice, yes_no, number, text };

std::string_view to_string(NodeType type);

struct Timeout {
  std::int64_t after_ms = 0;
  NodeIndex next = end_of_flow;
  std::string next_name;
  std::string pointer;
};

enum class ActionType { set_field, set_language, add_to_group, remove_from_group, record_consent, open_request,
                        save_result };

std::string_view to_string(ActionType type);

// One action of an "actions" node. Its parameters are templates ("{{results.topic}}")
// rendered when the action runs.
struct ActionSpec {
  ActionType type = ActionType::set_field;
  std::map<std::string, std::string, std::less<>> params;
  std::map<std::string, std::string, std::less<>> extra; // open_request only: free-form named values
  std::string pointer;

  const std::string& param(std::string_view name) const;
};

// One node. A tagged struct rather than a variant: node types share most
// fields (text, next, result), and the engine switches on `type` in one place.
struct Node {
  std::string id;
  NodeType type = NodeType::send;
  std::string pointer;
  NodeIndex next = end_of_flow; // explicit "next", or the node after it in the file
  std::string next_name;

  LocalizedText text; // send, ask

  // ask and wait
  AnswerKind answer = AnswerKind::text;
  bool multiple = false;
  std::vector<ChoiceSpec> choices; // choice and yes_no (yes_no: built-in choices merged with these)
  // The choices' phrases by their first word: an answer that equals a phrase,
  // or holds it as whole words, holds its first word, so only those phrases
  // are tried (flows/answers.cpp). Chinese, Japanese and Korean phrases match
  // as substrings and are also listed apart. Built with the phrases
  // (index_phrases); a node without it has every phrase tried.
  struct PhraseRef {
    std::size_t choice = 0;
    std::size_t phrase = 0;
  };
  std::map<std::string, std::vector<PhraseRef>, std::less<>> phrases_by_first_word;
  std::vector<PhraseRef> cjk_phrases;
  bool phrases_indexed = false;
  std::optional<double> min;       // number
  std::optional<double> max;
  std::vector<Case> cases;         // text and number answers; switch
  std::string result;              // the result name the answer is saved as
  LocalizedText invalid;           // sent before re-asking; built-in text when empty
  int retries = 2;                 // re-asks allowed after an invalid answer
  NodeIndex after_retries = end_of_flow;
  std::string after_retries_name;
  std::optional<Timeout> timeout;

  std::string on; // switch: the value tested ("answer", "fields.x", "results.x.category", ...)

  std::vector<ActionSpec> actions; // actions

  std::string flow;     // start_flow: the flow to start
  bool returns = false; // start_flow: carry on at "next" when that flow ends

  bool waits() const { return type == NodeType::ask || type == NodeType::wait; }
};

struct Trigger {
  std::string language;
  std::string keyword;
  std::string pointer;
};

struct Flow {
  std::string id;
  std::string name;
  std::string file;
  std::string default_language = "en";
  std::vector<std::string> languages;
  std::vector<Trigger> triggers;
  bool catch_all = false;
  // When a keyword starts this flow in the middle of another, the other flow is
  // paused and its question asked again when this one ends (the language menu).
  bool resumes_interrupted_flow = false;
  // false: while this flow (or a flow it started) waits for an answer, other
  // flows' keywords are answers like any text, so nobody skips the consent
  // questions by accident. The language menu still opens.
  bool interruptible = true;
  // A session waiting this long for an answer is over: the next message is
  // treated as if no flow were running.
  std::int64_t expire_after_ms = 7LL * 24 * 3600 * 1000;
  std::vector<Node> nodes;

  const Node* find_node(std::string_view node_id) const;
  NodeIndex index_of(std::string_view node_id) const;
};

struct FlowSet {
  std::vector<Flow> flows;

  const Flow* find(std::string_view flow_id) const;
  const Flow* catch_all() const;
};

// How much of a flow is translated and reviewed, per language (for `flows check`
// and the dashboard's view of which translations community members have checked).
struct TranslationCount {
  std::string language;
  int texts = 0;      // texts that need a translation (universal texts do not)
  int translated = 0;
  int reviewed = 0;
};

std::vector<TranslationCount> translation_counts(const Flow& flow);

} // namespace stoop::flows
