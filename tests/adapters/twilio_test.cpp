#include <nlohmann/json.hpp>

#include "adapters/twilio/twilio_adapter.hpp"
#include "tests/adapters/adapter_fixture.hpp"
#include "tests/adapters/table_harness.hpp"

namespace stoop::adapters::table {
namespace {

STOOP_ADAPTER_TABLES(Twilio, "twilio")

// Twilio's own example from its security documentation, checked directly.
TEST(TwilioSignature, MatchesTwilioPublishedExample) {
  std::vector<std::pair<std::string, std::string>> fields{{"CallSid", "CA1234567890ABCDE"},
                                                          {"Caller", "+14158675310"},
                                                          {"Digits", "1234"},
                                                          {"From", "+14158675310"},
                                                          {"To", "+18005551212"}};
  EXPECT_EQ(TwilioAdapter::compute_signature("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", fields),
            "GvWf1cFY/Q7PnoempGyD5oXAezc=");
}

TEST(TwilioLimits, DefaultIsALongCodeAndConfigOverridesIt) {
  nlohmann::json settings{{"id", "sms"}, {"type", "twilio"}, {"account_sid", "AC1"},
                          {"auth_token", "token-value"}, {"number", "+16175550100"}};
  auto adapter = make_adapter(settings);
  ASSERT_NE(adapter, nullptr);
  EXPECT_DOUBLE_EQ(adapter->limits().overall.per_second, 1.0);
  settings["rate_per_second"] = 10;
  settings["burst"] = 20;
  adapter = make_adapter(settings);
  ASSERT_NE(adapter, nullptr);
  EXPECT_DOUBLE_EQ(adapter->limits().overall.per_second, 10.0);
  EXPECT_DOUBLE_EQ(adapter->limits().overall.burst, 20.0);
}

} // namespace
} // namespace stoop::adapters::table
