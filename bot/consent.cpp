#include "bot/consent.hpp"

#include <array>

#include "core/text.hpp"

namespace stoop {
namespace {

constexpr std::array<std::string_view, 8> opt_out_words{"stop", "stopall", "unsubscribe", "cancel",
                                                        "end",  "quit",    "revoke",      "optout"};
constexpr std::array<std::string_view, 2> opt_in_words{"start", "unstop"};
constexpr std::array<std::string_view, 2> help_words{"help", "info"};

template <std::size_t N>
bool is_one_of(std::string_view word, const std::array<std::string_view, N>& list) {
  for (auto candidate : list) {
    if (equals_ignore_case(word, candidate)) return true;
  }
  return false;
}

} // namespace

ConsentWord classify_consent(std::string_view text, bool sender_opted_out) {
  std::string_view word = trim(text);
  while (!word.empty() && (word.back() == '.' || word.back() == '!')) word.remove_suffix(1);
  word = trim(word);
  if (word.empty() || word.size() > 12) return ConsentWord::none;
  if (is_one_of(word, opt_out_words)) return ConsentWord::opt_out;
  if (is_one_of(word, opt_in_words)) return ConsentWord::opt_in;
  if (sender_opted_out && equals_ignore_case(word, "yes")) return ConsentWord::opt_in;
  if (is_one_of(word, help_words)) return ConsentWord::help;
  return ConsentWord::none;
}

} // namespace stoop
