#include <gtest/gtest.h>

#include "routing/commands.hpp"

namespace stoop::routing {
namespace {

void expect(const char* text, CommandKind kind, std::optional<std::int64_t> number = std::nullopt,
            const std::string& rest = "") {
  auto command = parse_command(text);
  EXPECT_EQ(to_string(command.kind), to_string(kind)) << '"' << text << '"';
  EXPECT_EQ(command.number, number) << '"' << text << '"';
  if (kind == CommandKind::relay || kind == CommandKind::answer) {
    EXPECT_EQ(command.text, rest) << text;
  }
}

TEST(Commands, WordsWithNumbersInAnyCaseAndSpacing) {
  expect("ACCEPT 14", CommandKind::accept, 14);
  expect("accept 14", CommandKind::accept, 14);
  expect("  Accept   14 ", CommandKind::accept, 14);
  expect("accept14", CommandKind::accept, 14);
  expect("ACCEPT #14", CommandKind::accept, 14);
  expect("accept: 14.", CommandKind::accept, 14);
  expect("PASS 14", CommandKind::pass, 14);
  expect("pass", CommandKind::pass);
  expect("DONE 14!", CommandKind::done, 14);
  expect("YES 7", CommandKind::yes, 7);
  expect("yes", CommandKind::yes);
  expect("No 7", CommandKind::no, 7);
  expect("CLEAR 3", CommandKind::clear, 3);
}

TEST(Commands, WordsThatStandAlone) {
  expect("MY", CommandKind::mine);
  expect("my.", CommandKind::mine);
  expect("mine", CommandKind::mine);
  expect("AWAY", CommandKind::away);
  expect("back", CommandKind::back);
  expect("commands", CommandKind::commands);
  expect("?", CommandKind::commands);
  expect("/start", CommandKind::commands);
}

TEST(Commands, RelayWithARequestNumber) {
  expect("#14 Hola Maria, soy Ana", CommandKind::relay, 14, "Hola Maria, soy Ana");
  expect("# 14: see you at 3", CommandKind::relay, 14, "see you at 3");
  expect("#14- ok", CommandKind::relay, 14, "ok");
  expect("#14", CommandKind::relay, 14, "");
  expect("#14\nline two", CommandKind::relay, 14, "line two");
}

TEST(Commands, AnswersToPrompts) {
  expect("ANSWER I learned to listen", CommandKind::answer, std::nullopt, "I learned to listen");
  expect("answer: more time", CommandKind::answer, std::nullopt, "more time");
}

TEST(Commands, EverythingElseIsPlainText) {
  for (const char* text : {"no problem, see you then", "now I see", "myself", "acceptable", "backup plan",
                           "yes 7 and 8", "#14th street", "#hashtag", "accept fourteen", "done with 14 soon",
                           "answering now", "", "passenger", "nothing", "clearly"}) {
    auto command = parse_command(text);
    EXPECT_EQ(to_string(command.kind), "text") << '"' << text << '"';
  }
  EXPECT_EQ(parse_command("  hello there  ").text, "hello there");
}

TEST(Commands, HugeNumbersAreNotNumbers) {
  EXPECT_EQ(to_string(parse_command("ACCEPT 9999999999999999999").kind), "text");
  EXPECT_EQ(parse_command("ACCEPT 999999999999").number, 999'999'999'999);
}

} // namespace
} // namespace stoop::routing
