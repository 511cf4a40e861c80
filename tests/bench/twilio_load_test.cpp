#include "bench/tools/twilio_load.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace stoop::bench {
namespace {

std::vector<std::uint64_t> round_of(const WebhookSpec& spec, std::uint64_t round) {
  std::vector<std::uint64_t> senders;
  for (std::uint64_t i = 0; i < spec.numbers; ++i) senders.push_back(sender_of(spec, round * spec.numbers + i));
  return senders;
}

std::string field(const std::string& request, const std::string& name) {
  auto at = request.find("&" + name + "=");
  if (at == std::string::npos) return {};
  at += name.size() + 2;
  return request.substr(at, request.find('&', at) - at);
}

TEST(TwilioLoad, EverySenderOnceARoundInANewOrder) {
  WebhookSpec spec;
  spec.numbers = 1000;
  auto first = round_of(spec, 0), second = round_of(spec, 1);
  EXPECT_EQ(std::set<std::uint64_t>(first.begin(), first.end()).size(), 1000u);
  EXPECT_EQ(std::set<std::uint64_t>(second.begin(), second.end()).size(), 1000u);
  EXPECT_EQ(*std::max_element(first.begin(), first.end()), 999u);
  EXPECT_NE(first, second);
  // Not in number order: few neighbours in a row, as with random senders.
  int adjacent = 0;
  for (std::size_t i = 1; i < first.size(); ++i) adjacent += first[i] == first[i - 1] + 1;
  EXPECT_LT(adjacent, 10);
}

TEST(TwilioLoad, InTurnKeepsNumberOrder) {
  WebhookSpec spec;
  spec.numbers = 7;
  spec.in_turn = true;
  for (std::uint64_t i = 0; i < 20; ++i) EXPECT_EQ(sender_of(spec, i), i % 7);
  EXPECT_EQ(field(signed_webhook(spec, 12), "MessageSid"), "SMb12");
}

TEST(TwilioLoad, SidsAreUniqueAndSpreadOut) {
  WebhookSpec spec;
  spec.numbers = 10;
  std::set<std::string> sids;
  std::set<char> leading;
  for (std::uint64_t i = 0; i < 2000; ++i) {
    auto sid = field(signed_webhook(spec, i), "MessageSid");
    ASSERT_EQ(sid.size(), 3u + 32u) << sid;
    sids.insert(sid);
    leading.insert(sid[3]);
  }
  EXPECT_EQ(sids.size(), 2000u);
  EXPECT_EQ(leading.size(), 16u); // the first hex digit takes every value: the sids do not cluster
}

TEST(TwilioLoad, SenderIsTheFromField) {
  WebhookSpec spec;
  spec.numbers = 50;
  for (std::uint64_t i = 0; i < 100; ++i) {
    EXPECT_EQ(field(signed_webhook(spec, i), "From"), "%2B" + phone_number(sender_of(spec, i)).substr(1));
  }
}

} // namespace
} // namespace stoop::bench
