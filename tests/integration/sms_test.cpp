// SMS end to end: a signed Twilio webhook in, a reply out through a fake
// Twilio on loopback, consent words, delivery reports and retries.
#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>

#include "storage/records.hpp"
#include "tests/support/fake_provider.hpp"
#include "tests/support/test_server.hpp"

namespace stoop::testing {
namespace {

using namespace std::chrono_literals;

class SmsTest : public ::testing::Test {
 protected:
  void SetUp() override { server_.start(); }

  // Lets the dispatcher send what is queued; returns the requests the fake got.
  std::vector<FakeProvider::Request> sent_after(std::size_t expected) {
    EXPECT_TRUE(twilio_.wait_for_requests(expected, 5s)) << "expected " << expected << " sends";
    std::this_thread::sleep_for(100ms); // nothing more should follow
    return twilio_.requests();
  }

  TempDir dir_;
  FakeProvider twilio_;
  TestServer server_{base_config(dir_.path(), twilio_.base_url())};
};

TEST_F(SmsTest, ReplyGoesOutThroughTwilio) {
  auto reply = server_.sms("+16175550123", "Hola", "SM0001");
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(reply.header("content-type"), "text/xml");
  EXPECT_NE(reply.body.find("<Response/>"), std::string::npos);

  auto sent = sent_after(1);
  ASSERT_EQ(sent.size(), 1u);
  const auto& request = sent[0];
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.target, std::string("/2010-04-01/Accounts/") + twilio_sid + "/Messages.json");
  EXPECT_EQ(request.form_field("To"), "+16175550123");
  EXPECT_EQ(request.form_field("From"), "+16175550100");
  // First contact starts the welcome flow: the language question, choices as a numbered list.
  EXPECT_NE(request.form_field("Body").find("Choose your language"), std::string::npos);
  EXPECT_NE(request.form_field("Body").find("\n2. Español"), std::string::npos);
  EXPECT_EQ(request.form_field("StatusCallback"), std::string(public_url) + "/hooks/sms/status");
  EXPECT_EQ(request.header("authorization").rfind("Basic ", 0), 0u);
  // The key: "stoop-", the time the reply was queued (ms, 12 hex digits), "-", 48 random bits.
  auto key = request.header("idempotency-key");
  ASSERT_EQ(key.size(), 31u) << key;
  EXPECT_EQ(key.substr(0, 6), "stoop-");
  EXPECT_EQ(key[18], '-');
  EXPECT_EQ(key.find_first_not_of("0123456789abcdef", 6), 18u) << key;
  EXPECT_EQ(key.find_first_not_of("0123456789abcdef", 19), std::string::npos) << key;
  EXPECT_EQ(std::stoll(key.substr(6, 12), nullptr, 16), server_.db_int("SELECT MIN(created_at) FROM outbox"));

  // The reply is stored with the provider's id and a segment count.
  EXPECT_TRUE(eventually([&] {
    return server_.db_int("SELECT COUNT(*) FROM messages WHERE direction = 'out' AND provider_message_id = 'SM1' "
                          "AND status = 'sent' AND segments >= 1") == 1;
  }));
}

TEST_F(SmsTest, ProviderRetryOfTheSameMessageIsProcessedOnce) {
  ASSERT_EQ(server_.sms("+16175550123", "Hola", "SM0002").status, 200);
  ASSERT_EQ(server_.sms("+16175550123", "Hola", "SM0002").status, 200);
  sent_after(1);
  EXPECT_EQ(twilio_.request_count(), 1u);
  EXPECT_EQ(server_.db_int("SELECT COUNT(*) FROM messages WHERE direction = 'in'"), 1);
  EXPECT_EQ(server_.db_int("SELECT COUNT(*) FROM contacts"), 1);
  // Under the key the store's own function gives, worked out before the writer.
  EXPECT_EQ(server_.db_int("SELECT key FROM inbound_keys"), storage::inbound_dedupe_key("sms", "SM0002"));
}

TEST_F(SmsTest, StopConfirmsOnceAndSilencesEveryLaterMessage) {
  ASSERT_EQ(server_.sms("+16175550123", "Hola", "SM0010").status, 200);
  sent_after(1);
  ASSERT_EQ(server_.sms("+16175550123", "  stop ", "SM0011").status, 200);
  auto sent = sent_after(2);
  EXPECT_NE(sent[1].form_field("Body").find("unsubscribed"), std::string::npos);

  // Again STOP, and ordinary messages: nothing at all goes back.
  ASSERT_EQ(server_.sms("+16175550123", "STOP", "SM0012").status, 200);
  ASSERT_EQ(server_.sms("+16175550123", "hello?", "SM0013").status, 200);
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(twilio_.request_count(), 2u);
  EXPECT_EQ(server_.db_int("SELECT opted_out FROM contacts"), 1);
  // Everything they sent is still stored.
  EXPECT_EQ(server_.db_int("SELECT COUNT(*) FROM messages WHERE direction = 'in'"), 4);

  // HELP is answered even to someone opted out.
  ASSERT_EQ(server_.sms("+16175550123", "HELP", "SM0014").status, 200);
  sent = sent_after(3);
  EXPECT_NE(sent[2].form_field("Body").find("rates may apply"), std::string::npos);

  // YES from someone opted out opts them back in.
  ASSERT_EQ(server_.sms("+16175550123", "Yes", "SM0015").status, 200);
  sent = sent_after(4);
  EXPECT_NE(sent[3].form_field("Body").find("subscribed again"), std::string::npos);
  EXPECT_EQ(server_.db_int("SELECT opted_out FROM contacts"), 0);
}

// A message that changes nothing about the person leaves their contact row
// alone (each UPDATE is a page of the log); one that does change it writes
// it. Their last inbound time is their conversation's, in either case.
TEST_F(SmsTest, TheContactIsWrittenOnlyWhenAMessageChangesIt) {
  ASSERT_EQ(server_.sms("+16175550123", "Hola", "SM0020").status, 200);
  sent_after(1);
  {
    // The server may still be writing (the reply's status): wait for its lock.
    SQLite::Database db(server_.db_path(), SQLite::OPEN_READWRITE);
    db.setBusyTimeout(5000);
    db.exec("CREATE TABLE contact_writes (contact_id INTEGER, opted_out INTEGER)");
    db.exec("CREATE TRIGGER count_contact_writes AFTER UPDATE ON contacts BEGIN "
            "INSERT INTO contact_writes VALUES (NEW.id, NEW.opted_out); END");
  }
  server_.clock().advance(5000);
  ASSERT_EQ(server_.sms("+16175550123", "HELP", "SM0021").status, 200);
  sent_after(2);
  EXPECT_EQ(server_.db_int("SELECT COUNT(*) FROM contact_writes"), 0);
  EXPECT_EQ(server_.db_int("SELECT last_inbound_at FROM conversations"),
            server_.db_int("SELECT MAX(created_at) FROM messages WHERE direction = 'in'"));

  ASSERT_EQ(server_.sms("+16175550123", "STOP", "SM0022").status, 200);
  sent_after(3);
  EXPECT_EQ(server_.db_int("SELECT COUNT(*) FROM contact_writes"), 1);
  EXPECT_EQ(server_.db_int("SELECT opted_out FROM contact_writes"), 1);
}

TEST_F(SmsTest, TheNumbersLastInboundTimeIsKeptToTheMinute) {
  const std::string first_in = "SELECT MIN(created_at) FROM messages WHERE direction = 'in'";
  const std::string last_in = "SELECT MAX(created_at) FROM messages WHERE direction = 'in'";
  ASSERT_EQ(server_.sms("+16175550123", "Hola", "SM0020").status, 200);
  EXPECT_EQ(server_.db_int("SELECT last_inbound_at FROM identities"), server_.db_int(first_in));
  server_.clock().advance(59'000);
  ASSERT_EQ(server_.sms("+16175550123", "HELP", "SM0021").status, 200);
  EXPECT_EQ(server_.db_int("SELECT last_inbound_at FROM identities"), server_.db_int(first_in));   // not rewritten
  EXPECT_EQ(server_.db_int("SELECT last_inbound_at FROM conversations"), server_.db_int(last_in)); // exact
  server_.clock().advance(1'000);
  ASSERT_EQ(server_.sms("+16175550123", "HELP", "SM0022").status, 200);
  EXPECT_EQ(server_.db_int("SELECT last_inbound_at FROM identities"), server_.db_int(last_in)); // a minute on
  EXPECT_EQ(server_.db_int("SELECT COUNT(*) FROM messages WHERE direction = 'in'"), 3);
}

TEST_F(SmsTest, EveryOptOutWordWorks) {
  int n = 0;
  for (std::string word : {"STOP", "stopall", "Unsubscribe", "CANCEL", "end", "QUIT", "revoke", "OPTOUT"}) {
    std::string from = "+1617555" + std::to_string(1000 + n);
    ASSERT_EQ(server_.sms(from, word, "SMW" + std::to_string(n)).status, 200);
    ++n;
  }
  sent_after(8);
  EXPECT_EQ(server_.db_int("SELECT COUNT(*) FROM contacts WHERE opted_out = 1"), 8);
}

TEST_F(SmsTest, YesFromSomeoneSubscribedIsAnOrdinaryAnswer) {
  ASSERT_EQ(server_.sms("+16175550123", "Hola", "SM0020").status, 200);
  ASSERT_EQ(server_.sms("+16175550123", "1", "SM0021").status, 200);   // English
  auto sent = sent_after(3);                                           // language, thanks, consent notice...
  ASSERT_EQ(server_.sms("+16175550123", "YES", "SM0022").status, 200); // consent to service
  sent = sent_after(sent.size() + 1);
  std::this_thread::sleep_for(200ms);
  for (const auto& request : twilio_.requests()) {
    EXPECT_EQ(request.form_field("Body").find("subscribed again"), std::string::npos); // not an opt-in
  }
  EXPECT_EQ(server_.db_int("SELECT granted FROM consents WHERE purpose = 'service'"), 1); // the flow took it
}

TEST_F(SmsTest, ProviderDownThenBackIsRetriedWithBackoff) {
  twilio_.fail_next(3, 503);
  ASSERT_EQ(server_.sms("+16175550123", "Hola", "SM0030").status, 200);
  ASSERT_TRUE(twilio_.wait_for_requests(1, 5s));
  // Each retry waits its backoff on the injected clock; move time on until it lands.
  for (int i = 0; i < 40 && twilio_.accepted_keys().size() < 1; ++i) {
    server_.clock().advance(60'000);
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(twilio_.accepted_keys().size(), 1u);
  auto requests = twilio_.requests();
  ASSERT_EQ(requests.size(), 4u);
  // Every attempt carried the same idempotency key.
  for (const auto& r : requests) EXPECT_EQ(r.header("idempotency-key"), requests[0].header("idempotency-key"));
  EXPECT_TRUE(eventually([&] { return server_.db_int("SELECT COUNT(*) FROM outbox WHERE state = 'done'") == 1; }));
  EXPECT_EQ(server_.db_int("SELECT attempts FROM outbox"), 4);
}

TEST_F(SmsTest, GivesUpAfterMaxAttemptsAndCountsTheFailure) {
  twilio_.fail_next(100, 500);
  ASSERT_EQ(server_.sms("+16175550123", "Hola", "SM0031").status, 200);
  for (int i = 0; i < 60 && server_.db_int("SELECT COUNT(*) FROM outbox WHERE state = 'failed'") == 0; ++i) {
    server_.clock().advance(600'000);
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(twilio_.request_count(), 5u); // max_attempts in the test config
  EXPECT_EQ(server_.db_int("SELECT COUNT(*) FROM messages WHERE direction = 'out' AND status = 'failed'"), 1);
  // The counter moves just after the failure's commit, so the test waits for it as a scraper would.
  EXPECT_TRUE(eventually([&] {
    return http(server_.port(), "GET", "/metrics").body.find("stoop_send_failures_total{channel=\"sms\"} 1") !=
           std::string::npos;
  }));
}

TEST_F(SmsTest, Error21610OptsTheContactOutAndIsNotRetried) {
  twilio_.set_handler([](const FakeProvider::Request&) {
    ClientResponse r;
    r.status = 400;
    r.body = R"({"code":21610,"message":"Attempt to send to unsubscribed recipient","status":400})";
    return r;
  });
  ASSERT_EQ(server_.sms("+16175550123", "Hola", "SM0040").status, 200);
  ASSERT_TRUE(twilio_.wait_for_requests(1, 5s));
  server_.clock().advance(3'600'000);
  std::this_thread::sleep_for(400ms);
  EXPECT_EQ(twilio_.request_count(), 1u);
  EXPECT_TRUE(eventually([&] { return server_.db_int("SELECT COUNT(*) FROM outbox WHERE state = 'failed'") == 1; }));
  EXPECT_EQ(server_.db_int("SELECT opted_out FROM contacts"), 1);
}

TEST_F(SmsTest, StatusCallbacksUpdateButNeverGoBackwards) {
  ASSERT_EQ(server_.sms("+16175550123", "Hola", "SM0050").status, 200);
  sent_after(1);
  ASSERT_TRUE([&] {
    for (int i = 0; i < 50; ++i) {
      if (server_.db_int("SELECT COUNT(*) FROM messages WHERE provider_message_id = 'SM1'") == 1) return true;
      std::this_thread::sleep_for(20ms);
    }
    return false;
  }());
  auto status = [&](const std::string& value) {
    auto form = twilio_form(public_url, "/hooks/sms/status", twilio_token,
                            {{"MessageSid", "SM1"}, {"MessageStatus", value}, {"AccountSid", twilio_sid}});
    return http(server_.port(), "POST", "/hooks/sms/status", form.body, form.headers).status;
  };
  ASSERT_EQ(status("delivered"), 200);
  EXPECT_EQ(server_.db_int("SELECT COUNT(*) FROM messages WHERE provider_message_id = 'SM1' AND status = 'delivered'"), 1);
  ASSERT_EQ(status("sent"), 200); // late, out of order
  EXPECT_EQ(server_.db_int("SELECT COUNT(*) FROM messages WHERE provider_message_id = 'SM1' AND status = 'delivered'"), 1);
  ASSERT_EQ(status("read"), 200);
  EXPECT_EQ(server_.db_int("SELECT COUNT(*) FROM messages WHERE provider_message_id = 'SM1' AND status = 'read'"), 1);
}

TEST_F(SmsTest, OneContactsMessagesGoOutInOrder) {
  ASSERT_EQ(server_.sms("+16175550123", "Hola", "SM0060").status, 200); // welcome
  ASSERT_EQ(server_.sms("+16175550123", "HELP", "SM0061").status, 200);
  ASSERT_EQ(server_.sms("+16175550123", "STOP", "SM0062").status, 200);
  auto sent = sent_after(3);
  EXPECT_NE(sent[0].form_field("Body").find("Choose your language"), std::string::npos);
  EXPECT_NE(sent[1].form_field("Body").find("rates may apply"), std::string::npos);
  EXPECT_NE(sent[2].form_field("Body").find("unsubscribed"), std::string::npos);
}

TEST_F(SmsTest, MetricsCountMessagesByChannel) {
  ASSERT_EQ(server_.sms("+16175550123", "Hola", "SM0070").status, 200);
  sent_after(1);
  Reply metrics;
  EXPECT_TRUE(eventually([&] {
    metrics = http(server_.port(), "GET", "/metrics");
    return metrics.body.find("stoop_messages_outbound_total{channel=\"sms\",result=\"sent\"} 1") != std::string::npos;
  }));
  ASSERT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("stoop_messages_inbound_total{channel=\"sms\"} 1"), std::string::npos);
  EXPECT_NE(metrics.body.find("stoop_messages_outbound_total{channel=\"sms\",result=\"sent\"} 1"), std::string::npos);
  EXPECT_NE(metrics.body.find("stoop_http_requests_total{route=\"/hooks/{id}\",status=\"200\"} 1"), std::string::npos);
  EXPECT_NE(metrics.body.find("stoop_outbox_depth 0"), std::string::npos);
  EXPECT_NE(metrics.body.find("stoop_http_request_duration_seconds_bucket"), std::string::npos);
}

} // namespace
} // namespace stoop::testing
