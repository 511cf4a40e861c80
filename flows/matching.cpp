#include "flows/matching.hpp"

#include <algorithm>
#include <charconv>
#include <regex>

#include "core/text.hpp"

namespace stoop::flows {

// Defined here so that <regex> stays out of flow.hpp.
struct Pattern {
  std::regex regex;
};

namespace detail {
namespace {

// libstdc++'s regex matcher recurses per character; a bounded input keeps a
// hostile pattern/input pair from exhausting the stack.
constexpr std::size_t max_regex_input_bytes = 500;
constexpr std::size_t max_number_digits = 15;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool has_cjk(std::string_view text) {
  for (char32_t cp : decode_utf8(text)) {
    if ((cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
        (cp >= 0x20000 && cp <= 0x2FFFF)) {
      return true;
    }
  }
  return false;
}

void split_digit_runs(const std::string& word, std::vector<std::string>& out) {
  std::size_t start = 0;
  for (std::size_t i = 1; i <= word.size(); ++i) {
    if (i == word.size() || is_digit(word[i]) != is_digit(word[i - 1])) {
      out.push_back(word.substr(start, i - start));
      start = i;
    }
  }
}

bool token_present(const PreparedText& text, const PreparedText& argument, const std::string& token) {
  if (std::find(text.tokens.begin(), text.tokens.end(), token) != text.tokens.end()) return true;
  return argument.cjk && has_cjk(token) && text.joined.find(token) != std::string::npos;
}

bool any_word(const PreparedText& text, const PreparedText& argument) {
  return std::any_of(argument.tokens.begin(), argument.tokens.end(),
                     [&](const std::string& token) { return token_present(text, argument, token); });
}

bool all_words(const PreparedText& text, const PreparedText& argument) {
  return !argument.tokens.empty() &&
         std::all_of(argument.tokens.begin(), argument.tokens.end(),
                     [&](const std::string& token) { return token_present(text, argument, token); });
}

bool regex_search_bounded(const Pattern& pattern, std::string_view raw) {
  std::string input = shorten_utf8(raw, max_regex_input_bytes);
  try {
    return std::regex_search(input, pattern.regex);
  } catch (const std::exception&) {
    return false; // e.g. error_complexity: treat as no match rather than fail the step
  }
}

bool argument_matches(const Case& test_case, std::size_t index, const CaseInput& input) {
  const PreparedText& argument = test_case.prepared[index];
  switch (test_case.test) {
    case CaseTest::any_word: return any_word(input.prepared, argument);
    case CaseTest::all_words: return all_words(input.prepared, argument);
    case CaseTest::phrase: return contains_phrase(input.prepared, argument);
    case CaseTest::begins_with: return !argument.joined.empty() && input.prepared.joined.starts_with(argument.joined);
    case CaseTest::regex:
      return index < test_case.patterns.size() && test_case.patterns[index] &&
             regex_search_bounded(*test_case.patterns[index], input.raw);
    default: return false;
  }
}

} // namespace

PreparedText prepare(std::string_view text) {
  PreparedText prepared;
  for (const auto& word : words_for_matching(text)) split_digit_runs(word, prepared.tokens);
  for (const auto& token : prepared.tokens) {
    if (!prepared.joined.empty()) prepared.joined += ' ';
    prepared.joined += token;
  }
  prepared.cjk = has_cjk(prepared.joined);
  prepared.single_symbol = prepared.tokens.size() == 1 && decode_utf8(prepared.tokens[0]).size() == 1;
  return prepared;
}

bool contains_phrase(const PreparedText& text, const PreparedText& phrase) {
  if (phrase.tokens.empty()) return false;
  if (phrase.cjk) return text.joined.find(phrase.joined) != std::string::npos;
  auto it = std::search(text.tokens.begin(), text.tokens.end(), phrase.tokens.begin(), phrase.tokens.end());
  return it != text.tokens.end();
}

bool equals_phrase(const PreparedText& text, const PreparedText& phrase) {
  return !phrase.tokens.empty() && text.tokens == phrase.tokens;
}

std::optional<int> small_number(std::string_view token) {
  if (token.empty() || token.size() > 3 || !std::all_of(token.begin(), token.end(), is_digit)) return std::nullopt;
  int value = 0;
  std::from_chars(token.data(), token.data() + token.size(), value);
  return value;
}

std::optional<double> first_number(std::string_view text) {
  std::string folded = fold_for_matching(text);
  std::size_t i = 0;
  while (i < folded.size() && !is_digit(folded[i])) ++i;
  if (i == folded.size()) return std::nullopt;
  bool negative = i > 0 && folded[i - 1] == '-';
  std::size_t start = i;
  while (i < folded.size() && is_digit(folded[i])) ++i;
  if (i - start > max_number_digits) return std::nullopt;
  std::string number = folded.substr(start, i - start);
  if (i + 1 < folded.size() && (folded[i] == '.' || folded[i] == ',') && is_digit(folded[i + 1])) {
    std::size_t fraction = i + 1;
    i = fraction;
    while (i < folded.size() && is_digit(folded[i]) && i - fraction < max_number_digits) ++i;
    number += "." + folded.substr(fraction, i - fraction);
  }
  double value = 0;
  auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (error != std::errc()) return std::nullopt;
  return negative ? -value : value;
}

std::string format_number(double value) {
  if (value == static_cast<double>(static_cast<long long>(value)) && value > -1e15 && value < 1e15) {
    return std::to_string(static_cast<long long>(value));
  }
  char buffer[64];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return error == std::errc() ? std::string(buffer, end) : std::string("0");
}

std::shared_ptr<const Pattern> compile_pattern(const std::string& source, std::string& error) {
  try {
    return std::make_shared<const Pattern>(
        Pattern{std::regex(source, std::regex::ECMAScript | std::regex::icase)});
  } catch (const std::regex_error& failure) {
    error = failure.what();
    return nullptr;
  }
}

bool case_matches(const Case& test_case, const CaseInput& input) {
  switch (test_case.test) {
    case CaseTest::has_text: return !trim(input.raw).empty();
    case CaseTest::in_group: return input.groups.contains(test_case.group);
    case CaseTest::number_between: {
      auto number = first_number(input.raw);
      return number && *number >= test_case.min && *number <= test_case.max;
    }
    default:
      for (std::size_t i = 0; i < test_case.prepared.size(); ++i) {
        if (argument_matches(test_case, i, input)) return true;
      }
      return false;
  }
}

std::string shorten_utf8(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut));
}

std::string sanitize_utf8(std::string_view text) {
  if (is_valid_utf8(text)) return std::string(text);
  std::string out;
  for (char32_t cp : decode_utf8(text)) append_utf8(out, cp);
  return out;
}

} // namespace detail
} // namespace stoop::flows
