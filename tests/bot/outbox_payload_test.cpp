// The outbox row's payload: choices only, the text read from the message row;
// rows queued before that change still send the text their payload carries.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

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

} // namespace
} // namespace stoop
