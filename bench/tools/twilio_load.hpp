// What the benches send and where: phone numbers shared by the load generator
// and the database filler (so a steady load hits contacts already stored), and
// signed Twilio webhooks built ahead of time.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace stoop::bench {

// The i-th bench phone number, E.164: +1857 followed by seven digits.
std::string phone_number(std::uint64_t index);

struct WebhookSpec {
  std::string public_url = "https://bot.example.org";
  std::string target = "/hooks/sms";
  std::string auth_token = "bench-auth-token-0123456789";
  std::string account_sid = "ACbench0123456789";
  std::uint64_t numbers = 10'000;  // distinct senders, each once a round
  bool in_turn = false;             // senders in number order and sequential sids, as before the eleventh round
  std::string sid_prefix = "SMb";  // distinct per run, so a second run is not all duplicates
};

// One whole HTTP/1.1 request: a Twilio inbound-SMS webhook as Twilio sends it
// (about twenty form fields), signed, keep-alive. `sequence` picks the sender
// and makes the MessageSid unique; the sid looks random, as Twilio's do.
std::string signed_webhook(const WebhookSpec& spec, std::uint64_t sequence);

// Which of the `numbers` senders sends the webhook `sequence`: every sender
// once in each round of `numbers` webhooks, in an order shuffled afresh each
// round, as when a neighbourhood answers a poll. With `in_turn`, in number
// order: contacts are stored in that order, so the webhooks a group commits
// then share the database's pages, which flatters the figure.
std::uint64_t sender_of(const WebhookSpec& spec, std::uint64_t sequence);

// The texts a sender cycles through: greetings, menu answers, free text.
const std::vector<std::string>& sample_texts();

} // namespace stoop::bench
