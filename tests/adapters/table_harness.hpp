// One harness for every provider's table tests, in the manner of nyaruka/courier:
// each provider's cases are data under tests/adapters/<provider>/testdata/, and
// this code runs them all the same way.
//
//   channel.json   {"public_url", "channel": {...config object...}, "secrets": [keys]}
//   incoming.json  [{"label", "endpoint": "message"|"status"|"handshake", "method",
//                    "target", "headers": {}, "body" | "body_file", "channel": {patch},
//                    "status": 200|400|403, "messages": [], "statuses": [],
//                    "error": "substring", "reply": {"status", "content_type", "body"|"json"},
//                    "create_error": "substring"}]
//   outgoing.json  [{"label", "channel": {patch}, "message": {...},
//                    "refusal": {"outcome", "error"},
//                    "request": {"method", "url", "headers", "body"|"json"|"form"},
//                    "responses": [{"status", "headers", "body"|"json",
//                                   "result": {"outcome", "id", "retry_after_ms", "error"}}]}]
//
// Every case also checks that no secret of the channel (the keys its spec flags as
// secret) appears in any log line written while the case ran, nor in any error
// text the adapter returned, since the bot logs those.
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

namespace stoop::adapters::table {

struct CaseRef {
  std::string provider;
  std::string kind; // "incoming" or "outgoing"
  std::size_t index = 0;
  std::string label;
  std::string load_error; // set when the case file itself could not be read
};

// How gtest shows a case in failure messages.
void PrintTo(const CaseRef& ref, std::ostream* out);

// One CaseRef per case in <provider>/testdata/<kind>.json.
std::vector<CaseRef> load_cases(const std::string& provider, const std::string& kind);

// The gtest name of a case: its label with anything but letters and digits as '_'.
std::string case_name(const ::testing::TestParamInfo<CaseRef>& info);

// Checks the keys the provider's spec flags as secret against channel.json "secrets".
void expect_declared_secrets(const std::string& provider);

class IncomingCase : public ::testing::TestWithParam<CaseRef> {};
class OutgoingCase : public ::testing::TestWithParam<CaseRef> {};

} // namespace stoop::adapters::table

// Runs a provider's incoming and outgoing tables.
#define STOOP_ADAPTER_TABLES(Suite, provider)                                                              \
  INSTANTIATE_TEST_SUITE_P(Suite, IncomingCase, ::testing::ValuesIn(load_cases(provider, "incoming")),     \
                           case_name);                                                                       \
  INSTANTIATE_TEST_SUITE_P(Suite, OutgoingCase, ::testing::ValuesIn(load_cases(provider, "outgoing")),     \
                           case_name);                                                                       \
  TEST(Suite##Secrets, SpecDeclaresTheChannelSecrets) { expect_declared_secrets(provider); }
