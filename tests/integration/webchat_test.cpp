// The web chat channel and `stoop chat` against a real server process.
#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/support/process.hpp"
#include "tests/support/test_server.hpp"

namespace stoop::testing {
namespace {

using namespace std::chrono_literals;

TEST(Webchat, MessageAndHistory) {
  TempDir dir;
  TestServer server(base_config(dir.path()));
  server.start();
  const std::string visitor = "visitor-0123456789abcdef";
  auto reply = http(server.port(), "POST", "/hooks/web",
                    nlohmann::json{{"visitor", visitor}, {"id", "m1"}, {"text", "Hola"}}.dump());
  ASSERT_EQ(reply.status, 200);
  nlohmann::json history;
  for (int i = 0; i < 50; ++i) {
    auto page = http(server.port(), "GET", "/chat/api/web/messages?visitor=" + visitor);
    ASSERT_EQ(page.status, 200);
    history = nlohmann::json::parse(page.body);
    if (history["messages"].size() >= 2) break;
    std::this_thread::sleep_for(20ms);
  }
  ASSERT_EQ(history["messages"].size(), 2u);
  EXPECT_EQ(history["messages"][0]["direction"], "in");
  EXPECT_EQ(history["messages"][0]["text"], "Hola");
  EXPECT_EQ(history["messages"][1]["direction"], "out");
  // Another visitor sees nothing of it.
  auto other = http(server.port(), "GET", "/chat/api/web/messages?visitor=visitor-someone-else-0000");
  EXPECT_EQ(nlohmann::json::parse(other.body)["messages"].size(), 0u);
  EXPECT_EQ(http(server.port(), "GET", "/chat/api/web/messages?visitor=x").status, 400);
}

TEST(Webchat, StoopChatTalksToTheRunningServer) {
  TempDir dir;
  auto config = base_config(dir.path());
  config["server"]["listen"] = "127.0.0.1:" + std::to_string(free_port());
  config["log_level"] = "info";
  std::ofstream(dir.file("config.json")) << config.dump();
  Child server({"serve", "--config", dir.file("config.json")}, dir.file("server.log"));
  ASSERT_FALSE(server.wait_for_log("listening on", 10s).empty());

  auto first = run_stoop({"chat", "--config", dir.file("config.json"), "--as", "maria"}, "Hola\n");
  EXPECT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("stoop> Choose your language"), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("  2. Español"), std::string::npos) << first.out;

  auto second = run_stoop({"chat", "--config", dir.file("config.json"), "--as", "maria"}, "STOP\n");
  EXPECT_NE(second.out.find("unsubscribed"), std::string::npos) << second.out;
  // The same name is the same person: one contact, opted out.
  EXPECT_EQ(query_int(dir.file("stoop.db"), "SELECT COUNT(*) FROM contacts"), 1);
  EXPECT_EQ(query_int(dir.file("stoop.db"), "SELECT opted_out FROM contacts"), 1);
  server.signal(SIGTERM);
  EXPECT_EQ(server.wait(), 0);
}

} // namespace
} // namespace stoop::testing
