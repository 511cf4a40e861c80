#include "routing/commands.hpp"

#include <array>
#include <utility>

#include "core/text.hpp"

namespace stoop::routing {
namespace {

struct Word {
  const char* word;
  CommandKind kind;
  bool takes_number; // false: the word must stand alone
};

// Longer words first where one is a prefix of another.
constexpr std::array<Word, 14> words{{
    {"accept", CommandKind::accept, true},
    {"pass", CommandKind::pass, true},
    {"done", CommandKind::done, true},
    {"mine", CommandKind::mine, false},
    {"my", CommandKind::mine, false},
    {"away", CommandKind::away, false},
    {"back", CommandKind::back, false},
    {"yes", CommandKind::yes, true},
    {"no", CommandKind::no, true},
    {"clear", CommandKind::clear, true},
    {"commands", CommandKind::commands, false},
    {"menu", CommandKind::commands, false},
    {"?", CommandKind::commands, false},
    {"/start", CommandKind::commands, false}, // Telegram's first message
}};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view strip_trailing_punctuation(std::string_view s) {
  while (!s.empty() && (s.back() == '.' || s.back() == '!' || is_space(s.back()))) s.remove_suffix(1);
  return s;
}

// Reads up to 12 digits at the start of s; advances s past them.
std::optional<std::int64_t> read_number(std::string_view& s) {
  std::size_t i = 0;
  std::int64_t value = 0;
  while (i < s.size() && i < 13 && s[i] >= '0' && s[i] <= '9') value = value * 10 + (s[i++] - '0');
  if (i == 0 || i > 12) return std::nullopt;
  s.remove_prefix(i);
  return value;
}

std::string_view skip(std::string_view s, std::string_view characters) {
  while (!s.empty() && characters.find(s.front()) != std::string_view::npos) s.remove_prefix(1);
  return s;
}

std::optional<Command> parse_relay(std::string_view s) {
  // "#14 text", "# 14: text", "#14- text"
  if (s.empty() || s.front() != '#') return std::nullopt;
  s = skip(s.substr(1), " \t");
  auto number = read_number(s);
  if (!number) return std::nullopt;
  if (!s.empty() && !is_space(s.front()) && s.front() != ':' && s.front() != '-' && s.front() != ',') {
    return std::nullopt; // "#14th" is not a request number
  }
  s = skip(s, " \t\r\n:-,");
  return Command{CommandKind::relay, number, std::string(trim(s))};
}

std::optional<Command> parse_answer(std::string_view s) {
  constexpr std::string_view word = "answer";
  if (!starts_with_ignore_case(s, word)) return std::nullopt;
  auto rest = s.substr(word.size());
  if (!rest.empty() && !is_space(rest.front()) && rest.front() != ':') return std::nullopt;
  rest = skip(rest, " \t\r\n:");
  return Command{CommandKind::answer, std::nullopt, std::string(trim(rest))};
}

std::optional<Command> parse_word(std::string_view s) {
  s = strip_trailing_punctuation(s);
  for (const auto& entry : words) {
    std::string_view word = entry.word;
    if (!starts_with_ignore_case(s, word)) continue;
    auto rest = skip(s.substr(word.size()), " \t:#");
    if (rest.empty()) return Command{entry.kind, std::nullopt, {}};
    if (!entry.takes_number) continue;
    if (rest.size() == s.size() - word.size() && !(rest.front() >= '0' && rest.front() <= '9')) continue;
    auto number = read_number(rest);
    if (number && skip(rest, " \t").empty()) return Command{entry.kind, number, {}};
  }
  return std::nullopt;
}

} // namespace

Command parse_command(std::string_view message) {
  auto s = trim(message);
  if (auto relay = parse_relay(s)) return *relay;
  if (auto answer = parse_answer(s)) return *answer;
  if (auto word = parse_word(s)) return *word;
  return Command{CommandKind::text, std::nullopt, std::string(s)};
}

std::string_view to_string(CommandKind kind) {
  switch (kind) {
    case CommandKind::accept: return "accept";
    case CommandKind::pass: return "pass";
    case CommandKind::done: return "done";
    case CommandKind::mine: return "my";
    case CommandKind::away: return "away";
    case CommandKind::back: return "back";
    case CommandKind::relay: return "relay";
    case CommandKind::yes: return "yes";
    case CommandKind::no: return "no";
    case CommandKind::clear: return "clear";
    case CommandKind::answer: return "answer";
    case CommandKind::commands: return "commands";
    case CommandKind::text: return "text";
  }
  return "text";
}

} // namespace stoop::routing
