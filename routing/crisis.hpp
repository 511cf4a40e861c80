// Crisis language: phrases about suicide, self-harm, overdose, violence or an
// emergency, in every supported language, matched in any message a community
// member sends (in a flow, outside one, or in a relay).
//
// Matching is on whole words, case- and accent-insensitive ("SUICIDIO" and
// "suicidio" match, "killer deal" does not match "kill myself"). A last word
// ending in "*" matches any word it starts ("suicid*": suicide, suicidal,
// suicidio). Chinese has no spaces, so each ideograph is a word of its own and
// "自杀" matches inside "我想自杀". A phrase whose accents carry its meaning
// (Vietnamese "tự tử", suicide, folds to the same letters as "từ từ", slowly)
// can ask for its accents to be kept. Exclusions ("not an emergency") cancel a
// match they contain.
//
// The list lives in a JSON file (config/crisis.json):
//   {"phrases": {"en": {"suicide": ["kill myself", "suicid*"], ...}, "vi": {...}},
//    "exclusions": {"en": ["not an emergency"], ...}}
// where a phrase is a string or {"text": "tự tử", "accents": true}.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/expected.hpp"

namespace stoop::routing {

struct CrisisMatch {
  std::string language; // of the phrase list that matched
  std::string category; // "suicide", "self_harm", "overdose", "violence", "emergency"...
  std::string phrase;   // as written in the list
};

class CrisisMatcher {
 public:
  CrisisMatcher() = default; // matches nothing
  // Errors read "POINTER: message".
  static Expected<CrisisMatcher> from_json(const nlohmann::json& document);

  // The first phrase found in the text (in reading order), unless an exclusion covers it.
  std::optional<CrisisMatch> match(std::string_view text) const;
  std::size_t size() const { return phrases_.size(); }
  std::vector<std::string> languages() const;

 private:
  struct Token {
    std::string folded;  // lower case, accents stripped
    std::string lowered; // lower case, accents kept
  };
  struct Pattern {
    std::vector<Token> tokens;
    bool prefix_last = false; // the last word ended in "*"
    bool keep_accents = false;
    CrisisMatch meaning;
  };
  static std::vector<Token> tokenize(std::string_view text);
  static std::optional<Pattern> compile(std::string_view text, bool keep_accents);
  static bool matches_at(const Pattern& pattern, const std::vector<Token>& tokens, std::size_t at);
  void index_phrases();
  bool excluded(const std::vector<Token>& tokens, std::size_t at, std::size_t end) const;

  std::vector<Pattern> phrases_;
  std::vector<Pattern> exclusions_;
  // Which phrases can start at a word, so that a message is not compared with
  // every phrase at every word: phrases by their first word (as they compare
  // it), and the one-word prefixes ("suicid*"), which any word may start.
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_first_word_;
  std::vector<std::uint32_t> prefixes_;
};

} // namespace stoop::routing
