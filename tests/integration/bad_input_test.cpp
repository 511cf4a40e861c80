// Every refusal of the HTTP contract, and proof that a refused request
// changes nothing in the store.
#include <gtest/gtest.h>

#include "tests/support/fake_provider.hpp"
#include "tests/support/test_server.hpp"

namespace stoop::testing {
namespace {

using namespace std::chrono_literals;

class BadInputTest : public ::testing::Test {
 protected:
  void SetUp() override { server_.start(); }

  void expect_store_untouched() {
    EXPECT_EQ(server_.db_int("SELECT COUNT(*) FROM messages"), 0);
    EXPECT_EQ(server_.db_int("SELECT COUNT(*) FROM contacts"), 0);
    EXPECT_EQ(server_.db_int("SELECT COUNT(*) FROM outbox"), 0);
  }

  Reply post_sms(const std::vector<std::pair<std::string, std::string>>& fields) {
    auto form = twilio_form(public_url, "/hooks/sms", twilio_token, fields);
    return http(server_.port(), "POST", "/hooks/sms", form.body, form.headers);
  }

  TempDir dir_;
  FakeProvider twilio_;
  TestServer server_{base_config(dir_.path(), twilio_.base_url())};
};

TEST_F(BadInputTest, SignedButMissingMessageSidIs400) {
  auto reply = post_sms({{"From", "+16175550123"}, {"Body", "Hola"}});
  EXPECT_EQ(reply.status, 400);
  EXPECT_NE(reply.body.find("MessageSid"), std::string::npos);
  expect_store_untouched();
}

TEST_F(BadInputTest, SignedButMissingFromIs400) {
  auto reply = post_sms({{"MessageSid", "SM1"}, {"Body", "Hola"}});
  EXPECT_EQ(reply.status, 400);
  EXPECT_NE(reply.body.find("From"), std::string::npos);
  expect_store_untouched();
}

TEST_F(BadInputTest, MalformedFormIs400) {
  std::string body = "MessageSid=SM1&From=%ZZ&Body=x";
  // Signed over what decodes; a broken escape never gets that far.
  auto reply = http(server_.port(), "POST", "/hooks/sms", body,
                    {{"content-type", "application/x-www-form-urlencoded"}, {"x-twilio-signature", "abc"}});
  EXPECT_TRUE(reply.status == 400 || reply.status == 403) << reply.status;
  expect_store_untouched();
}

TEST_F(BadInputTest, BadSignatureIs403) {
  auto form = twilio_form(public_url, "/hooks/sms", "not-the-token", {{"MessageSid", "SM1"}, {"From", "+1617"}});
  auto reply = http(server_.port(), "POST", "/hooks/sms", form.body, form.headers);
  EXPECT_EQ(reply.status, 403);
  expect_store_untouched();
}

TEST_F(BadInputTest, MissingSignatureIs403) {
  auto reply = http(server_.port(), "POST", "/hooks/sms", "MessageSid=SM1&From=%2B1617&Body=hi",
                    {{"content-type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(reply.status, 403);
  expect_store_untouched();
}

TEST_F(BadInputTest, SignatureOverAnotherUrlIs403) {
  // Signed for a different path: the Host header cannot help an attacker either.
  auto form = twilio_form(public_url, "/hooks/other", twilio_token, {{"MessageSid", "SM1"}, {"From", "+1617"}});
  auto headers = form.headers;
  headers.emplace_back("host", "bot.example.org");
  auto reply = http(server_.port(), "POST", "/hooks/sms", form.body, headers);
  EXPECT_EQ(reply.status, 403);
  expect_store_untouched();
}

TEST_F(BadInputTest, UnknownChannelIs404) {
  auto reply = http(server_.port(), "POST", "/hooks/nope", "x=1");
  EXPECT_EQ(reply.status, 404);
  EXPECT_EQ(http(server_.port(), "GET", "/hooks/nope").status, 404);
  expect_store_untouched();
}

TEST_F(BadInputTest, BodyOverTheLimitIs413) {
  std::string big(70 * 1024, 'a');
  auto reply = http(server_.port(), "POST", "/hooks/sms", "Body=" + big,
                    {{"content-type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(reply.status, 413);
  expect_store_untouched();
}

TEST_F(BadInputTest, OversizedHeadersAre431) {
  auto reply = http(server_.port(), "GET", "/healthz", "", {{"x-filler", std::string(20 * 1024, 'h')}});
  EXPECT_EQ(reply.status, 431);
}

TEST_F(BadInputTest, GarbageRequestLineIs400) {
  auto answer = raw_exchange(server_.port(), "HELLO THERE\r\n\r\n");
  EXPECT_EQ(answer.rfind("HTTP/1.1 400", 0), 0u) << answer;
}

TEST_F(BadInputTest, WebchatMalformedJsonIs400) {
  EXPECT_EQ(http(server_.port(), "POST", "/hooks/web", "{not json").status, 400);
  EXPECT_EQ(http(server_.port(), "POST", "/hooks/web", R"({"visitor":"short","id":"1","text":"hi"})").status, 400);
  EXPECT_EQ(http(server_.port(), "POST", "/hooks/web", R"({"visitor":"abcdefghijklmnopqrstu","id":"1"})").status, 400);
  expect_store_untouched();
}

TEST_F(BadInputTest, WebchatOverItsRateIs429AndStoresNothingMore) {
  int accepted = 0, limited = 0;
  for (int i = 0; i < 40; ++i) {
    auto body = R"({"visitor":"visitor-rate-0123456","id":"m)" + std::to_string(i) + R"(","text":"hi"})";
    int status = http(server_.port(), "POST", "/hooks/web", body).status;
    accepted += status == 200;
    limited += status == 429;
  }
  EXPECT_EQ(accepted, 30); // webchat_per_minute default
  EXPECT_EQ(limited, 10);
  EXPECT_EQ(server_.db_int("SELECT COUNT(*) FROM messages WHERE direction = 'in'"), 30);
}

TEST_F(BadInputTest, ApiWithoutSessionIs401) {
  for (std::string path : {"/api/conversations", "/api/contacts", "/api/requests", "/api/users",
                           "/api/reports/priorities"}) {
    EXPECT_EQ(http(server_.port(), "GET", path).status, 401) << path;
  }
}

TEST_F(BadInputTest, PathTraversalFindsNothing) {
  EXPECT_EQ(http(server_.port(), "GET", "/../CMakeLists.txt").status, 404);
  EXPECT_EQ(http(server_.port(), "GET", "/%2e%2e/CMakeLists.txt").status, 404);
  EXPECT_EQ(http(server_.port(), "GET", "/.hidden").status, 404);
}

} // namespace
} // namespace stoop::testing
