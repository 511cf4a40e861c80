// The outbox row's payload: choices only, the text read from the message row;
// rows queued before that change still send the text their payload carries.
// A reply's parts, segments and payload, worked out or remembered.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "adapters/choices.hpp"
#include "bot/outbox.hpp"

namespace stoop {
namespace {

storage::OutboxRecord row(std::string body, std::string payload) {
  storage::OutboxRecord r;
  r.body = std::move(body);
  r.payload_json = std::move(payload);
  return r;
}

TEST(OutboxPayload, HoldsTheChoicesAndNotTheText) {
  EXPECT_EQ(encode_payload({}), "{}");
  auto payload = encode_payload({Choice{"1", "Sí"}, Choice{"2", "say \"no\""}});
  EXPECT_EQ(payload, R"({"choices":[{"id":"1","label":"Sí"},{"id":"2","label":"say \"no\""}]})");
  EXPECT_TRUE(nlohmann::json::parse(payload).is_object());
}

TEST(OutboxPayload, TheTextComesFromTheMessage) {
  std::string text = "stale";
  std::vector<Choice> choices{Choice{"x", "stale"}};
  decode_payload(row("Hello", "{}"), text, choices);
  EXPECT_EQ(text, "Hello");
  EXPECT_TRUE(choices.empty());

  decode_payload(row("Which one?", encode_payload({Choice{"1", "Roxbury"}, Choice{"2", "Mission Hill"}})), text,
                 choices);
  EXPECT_EQ(text, "Which one?");
  ASSERT_EQ(choices.size(), 2u);
  EXPECT_EQ(choices[1].id, "2");
  EXPECT_EQ(choices[1].label, "Mission Hill");
}

TEST(OutboxPayload, ARowQueuedWithItsOwnCopyOfTheTextSendsThatCopy) {
  std::string text;
  std::vector<Choice> choices;
  decode_payload(row("", R"({"text":"Queued before","choices":[{"id":"1","label":"Yes"}]})"), text, choices);
  EXPECT_EQ(text, "Queued before");
  ASSERT_EQ(choices.size(), 1u);
  EXPECT_EQ(choices[0].label, "Yes");
}

TEST(OutboxPayload, AnUnreadablePayloadStillSendsTheText) {
  std::string text;
  std::vector<Choice> choices;
  decode_payload(row("Hello", "not json"), text, choices);
  EXPECT_EQ(text, "Hello");
  EXPECT_TRUE(choices.empty());
}


TEST(PreparedReplies, ALongTextIsSplitWithRoomForItsChoices) {
  std::vector<Choice> choices{Choice{"1", "Roxbury"}, Choice{"2", "Mission Hill"}};
  std::string text(1000, 'a');
  auto reply = work_out_reply(text, choices, 400);
  ASSERT_EQ(reply.parts.size(), 3u);
  std::size_t total = 0;
  for (const auto& part : reply.parts) {
    EXPECT_LE(part.size() + adapters::numbered_choices_characters(choices), 400u);
    total += part.size();
  }
  EXPECT_EQ(total, text.size());
  // 153 characters a segment once a text takes more than one.
  EXPECT_EQ(reply.segments, (std::vector<int>{3, 3, 2}));
  EXPECT_EQ(reply.payload, encode_payload(choices));

  auto empty = work_out_reply("", {}, 1600);
  EXPECT_EQ(empty.parts, std::vector<std::string>{""});
  EXPECT_EQ(empty.payload, "{}");
}

TEST(PreparedReplies, WhatIsRememberedIsWhatWouldBeWorkedOut) {
  // The same text with other choices, or for a channel that holds less, is another reply.
  const std::vector<std::string> texts{"Which neighbourhood?", "¿Qué barrio?", std::string(700, 'x') + " 🙂",
                                       "Which neighbourhood?\n"};
  const std::vector<std::vector<Choice>> choice_sets{
      {},
      {Choice{"1", "Roxbury"}, Choice{"2", "Mission Hill"}},
      {Choice{"1", "Roxbury"}, Choice{"2", "Jackson Square"}},
      {Choice{"1Roxbury", ""}, Choice{"2", "Mission Hill"}},
  };
  const std::vector<std::size_t> limits{160, 300, 1600};
  for (int round = 0; round < 2; ++round) { // the second round finds every reply remembered
    for (const auto& text : texts) {
      for (const auto& choices : choice_sets) {
        for (auto limit : limits) {
          auto expected = work_out_reply(text, choices, limit);
          const auto& got = prepare_reply(text, choices, limit);
          EXPECT_EQ(got.parts, expected.parts) << text << " " << limit;
          EXPECT_EQ(got.segments, expected.segments) << text << " " << limit;
          EXPECT_EQ(got.payload, expected.payload) << text << " " << limit;
        }
      }
    }
  }
}

} // namespace
} // namespace stoop
