#include "routing/crisis.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "core/text.hpp"

namespace stoop::routing {
namespace {

using json = nlohmann::json;

bool is_ideograph(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0x20000 && cp <= 0x2FFFF) || (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0xAC00 && cp <= 0xD7AF);
}

bool is_combining(char32_t cp) { return cp >= 0x0300 && cp <= 0x036F; }

// Letters and digits of any script; apostrophes and hyphens separate words,
// so "can't" is "can" "t" in the text and in the phrase alike.
bool is_word_character(char32_t cp) {
  if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
  if (cp >= 0x2000 && cp <= 0x206F) return false; // general punctuation (’ “ ” …)
  if (cp >= 0x3000 && cp <= 0x303F) return false; // CJK punctuation
  if (cp >= 0xFF00 && cp <= 0xFF0F) return false; // full-width punctuation
  if (cp >= 0xFF1A && cp <= 0xFF20) return false;
  if (cp == 0xA0 || cp == 0xA1 || cp == 0xBF || cp == 0xAB || cp == 0xBB || cp == 0xB7) return false;
  return true;
}

// Lower case that keeps accents, for the Latin letters the six languages use:
// Latin-1, Latin Extended-A, Vietnamese's horned letters and its block of
// precomposed letters, where upper and lower case alternate.
char32_t lower_keeping_accents(char32_t cp) {
  if (cp >= 'A' && cp <= 'Z') return cp + 32;
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 32;
  if (cp >= 0x100 && cp <= 0x137 && cp % 2 == 0) return cp + 1;
  if (cp >= 0x139 && cp <= 0x148 && cp % 2 == 1) return cp + 1;
  if (cp >= 0x14A && cp <= 0x177 && cp % 2 == 0) return cp + 1;
  if (cp == 0x1A0 || cp == 0x1AF) return cp + 1;
  if (cp >= 0x1EA0 && cp <= 0x1EF9 && cp % 2 == 0) return cp + 1;
  return cp;
}

bool starts_with(const std::string& s, const std::string& prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

} // namespace

std::vector<CrisisMatcher::Token> CrisisMatcher::tokenize(std::string_view text) {
  std::vector<Token> tokens;
  std::string word;
  auto flush = [&] {
    if (word.empty()) return;
    std::string lowered;
    for (char32_t cp : decode_utf8(word)) append_utf8(lowered, lower_keeping_accents(cp));
    tokens.push_back(Token{fold_for_matching(word), std::move(lowered)});
    word.clear();
  };
  for (char32_t cp : decode_utf8(text)) {
    if (is_ideograph(cp)) {
      flush();
      append_utf8(word, cp);
      flush();
    } else if (is_word_character(cp) || (is_combining(cp) && !word.empty())) {
      append_utf8(word, cp);
    } else {
      flush();
    }
  }
  flush();
  return tokens;
}

std::optional<CrisisMatcher::Pattern> CrisisMatcher::compile(std::string_view text, bool keep_accents) {
  Pattern pattern;
  auto trimmed = trim(text);
  if (!trimmed.empty() && trimmed.back() == '*') {
    pattern.prefix_last = true;
    trimmed.remove_suffix(1);
  }
  pattern.tokens = tokenize(trimmed);
  pattern.keep_accents = keep_accents;
  if (pattern.tokens.empty()) return std::nullopt;
  // A prefix shorter than four letters would catch far too much ("ki*").
  if (pattern.prefix_last && pattern.tokens.back().folded.size() < 4) return std::nullopt;
  return pattern;
}

bool CrisisMatcher::matches_at(const Pattern& pattern, const std::vector<Token>& tokens, std::size_t at) {
  if (at + pattern.tokens.size() > tokens.size()) return false;
  for (std::size_t i = 0; i < pattern.tokens.size(); ++i) {
    const auto& want = pattern.keep_accents ? pattern.tokens[i].lowered : pattern.tokens[i].folded;
    const auto& have = pattern.keep_accents ? tokens[at + i].lowered : tokens[at + i].folded;
    bool last = i + 1 == pattern.tokens.size();
    bool same = (last && pattern.prefix_last) ? starts_with(have, want) : have == want;
    if (!same) return false;
  }
  return true;
}

Expected<CrisisMatcher> CrisisMatcher::from_json(const json& document) {
  CrisisMatcher matcher;
  if (!document.is_object()) return make_error("/: expected an object");
  auto read_phrase = [](const json& item, const std::string& where, bool& keep_accents) -> Expected<std::string> {
    keep_accents = false;
    if (item.is_string()) return item.get<std::string>();
    if (!item.is_object() || !item.contains("text") || !item["text"].is_string()) {
      return make_error(where + ": expected a phrase, or {\"text\": ..., \"accents\": true}");
    }
    for (auto it = item.begin(); it != item.end(); ++it) {
      if (it.key() != "text" && it.key() != "accents") return make_error(where + "/" + it.key() + ": unknown key");
    }
    if (item.contains("accents")) {
      if (!item["accents"].is_boolean()) return make_error(where + "/accents: expected true or false");
      keep_accents = item["accents"].get<bool>();
    }
    return item["text"].get<std::string>();
  };
  auto add = [&](std::vector<Pattern>& into, const json& item, const std::string& where,
                 CrisisMatch meaning) -> std::optional<Error> {
    bool keep_accents = false;
    auto text = read_phrase(item, where, keep_accents);
    if (!text) return make_error(text.error());
    auto pattern = compile(*text, keep_accents);
    if (!pattern) return make_error(where + ": a phrase needs a word (and a prefix* at least four letters)");
    meaning.phrase = *text;
    pattern->meaning = std::move(meaning);
    into.push_back(std::move(*pattern));
    return std::nullopt;
  };
  for (auto it = document.begin(); it != document.end(); ++it) {
    const std::string& key = it.key();
    if (key == "$comment") continue;
    if (key != "phrases" && key != "exclusions") return make_error("/" + key + ": unknown key");
    if (!it->is_object()) return make_error("/" + key + ": expected an object of language → phrases");
    for (auto language = it->begin(); language != it->end(); ++language) {
      const std::string base = "/" + key + "/" + language.key();
      if (key == "exclusions") {
        if (!language->is_array()) return make_error(base + ": expected an array of phrases");
        for (std::size_t i = 0; i < language->size(); ++i) {
          if (auto error = add(matcher.exclusions_, (*language)[i], base + "/" + std::to_string(i),
                               CrisisMatch{language.key(), "", ""})) {
            return *error;
          }
        }
        continue;
      }
      if (!language->is_object()) return make_error(base + ": expected an object of category → phrases");
      for (auto category = language->begin(); category != language->end(); ++category) {
        const std::string where = base + "/" + category.key();
        if (!category->is_array()) return make_error(where + ": expected an array of phrases");
        for (std::size_t i = 0; i < category->size(); ++i) {
          if (auto error = add(matcher.phrases_, (*category)[i], where + "/" + std::to_string(i),
                               CrisisMatch{language.key(), category.key(), ""})) {
            return *error;
          }
        }
      }
    }
  }
  matcher.index_phrases();
  return matcher;
}

void CrisisMatcher::index_phrases() {
  for (std::uint32_t i = 0; i < phrases_.size(); ++i) {
    const auto& pattern = phrases_[i];
    if (pattern.prefix_last && pattern.tokens.size() == 1) {
      prefixes_.push_back(i);
      continue;
    }
    const auto& first = pattern.tokens.front();
    by_first_word_[pattern.keep_accents ? first.lowered : first.folded].push_back(i);
  }
}

bool CrisisMatcher::excluded(const std::vector<Token>& tokens, std::size_t at, std::size_t end) const {
  for (const auto& exclusion : exclusions_) {
    std::size_t length = exclusion.tokens.size();
    // Every placement of the exclusion that covers [at, end).
    std::size_t first = end >= length ? end - length : 0;
    for (std::size_t start = first; start <= at; ++start) {
      if (start + length >= end && matches_at(exclusion, tokens, start)) return true;
    }
  }
  return false;
}

std::optional<CrisisMatch> CrisisMatcher::match(std::string_view text) const {
  auto tokens = tokenize(text);
  std::vector<std::uint32_t> candidates;
  for (std::size_t at = 0; at < tokens.size(); ++at) {
    // The phrases that may start here, tried in the list's order.
    candidates = prefixes_;
    auto add = [&](const std::string& word) {
      if (auto found = by_first_word_.find(word); found != by_first_word_.end()) {
        candidates.insert(candidates.end(), found->second.begin(), found->second.end());
      }
    };
    add(tokens[at].folded);
    if (tokens[at].lowered != tokens[at].folded) add(tokens[at].lowered);
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    for (auto index : candidates) {
      const auto& pattern = phrases_[index];
      if (!matches_at(pattern, tokens, at)) continue;
      if (!excluded(tokens, at, at + pattern.tokens.size())) return pattern.meaning;
    }
  }
  return std::nullopt;
}

std::vector<std::string> CrisisMatcher::languages() const {
  std::set<std::string> seen;
  for (const auto& pattern : phrases_) seen.insert(pattern.meaning.language);
  return {seen.begin(), seen.end()};
}

} // namespace stoop::routing
