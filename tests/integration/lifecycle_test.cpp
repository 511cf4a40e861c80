// Restarts, kill -9, graceful shutdown, secrets in logs, and the command line.
#include <gtest/gtest.h>
#include <signal.h>

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fstream>

#include "bot/asio.hpp"
#include "core/log.hpp"
#include "tests/support/fake_provider.hpp"
#include "tests/support/process.hpp"
#include "tests/support/test_server.hpp"

namespace stoop::testing {
namespace {

using namespace std::chrono_literals;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

TEST(Lifecycle, OptOutSurvivesARestart) {
  TempDir dir;
  FakeProvider twilio;
  auto config = base_config(dir.path(), twilio.base_url());
  {
    TestServer server(config);
    server.start();
    ASSERT_EQ(server.sms("+16175550123", "STOP", "SM1").status, 200);
    ASSERT_TRUE(twilio.wait_for_requests(1, 5s));
    server.stop();
  }
  TestServer again(config);
  again.start();
  ASSERT_EQ(again.sms("+16175550123", "Hola", "SM2").status, 200);
  std::this_thread::sleep_for(400ms);
  EXPECT_EQ(twilio.request_count(), 1u); // only the STOP confirmation, ever
  EXPECT_EQ(again.db_int("SELECT opted_out FROM contacts"), 1);
}

TEST(Lifecycle, NewWebhooksGet503WhileShuttingDown) {
  TempDir dir;
  FakeProvider twilio;
  // The provider answers slowly, so a send is in flight when the shutdown starts
  // and the server stays in its draining phase for a while.
  twilio.set_handler([](const FakeProvider::Request&) {
    std::this_thread::sleep_for(1500ms);
    return FakeProvider::twilio_created("SMslow");
  });
  TestServer server(base_config(dir.path(), twilio.base_url()));
  server.start();
  ASSERT_EQ(server.sms("+16175550123", "Hola", "SM1").status, 200);
  ASSERT_TRUE(twilio.wait_for_requests(1, 5s));

  asio::io_context io;
  beast::tcp_stream stream(io);
  stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server.port()));
  auto exchange = [&](const std::string& target, const std::string& body,
                      const std::vector<Header>& headers) -> int {
    bhttp::request<bhttp::string_body> request{body.empty() ? bhttp::verb::get : bhttp::verb::post, target, 11};
    request.set(bhttp::field::host, "127.0.0.1");
    for (const auto& [n, v] : headers) request.set(n, v);
    request.body() = body;
    request.keep_alive(true);
    request.prepare_payload();
    stream.expires_after(5s);
    bhttp::write(stream, request);
    beast::flat_buffer buffer;
    bhttp::response<bhttp::string_body> response;
    bhttp::read(stream, buffer, response);
    return static_cast<int>(response.result_int());
  };
  ASSERT_EQ(exchange("/healthz", "", {}), 200);
  server.app().request_shutdown();
  std::this_thread::sleep_for(100ms);
  auto form = twilio_form(public_url, "/hooks/sms", twilio_token, {{"MessageSid", "SM2"}, {"From", "+16175550999"}});
  EXPECT_EQ(exchange("/hooks/sms", form.body, form.headers), 503);
  server.stop();
  EXPECT_EQ(query_int(dir.file("stoop.db"), "SELECT COUNT(*) FROM messages WHERE direction = 'in'"), 1);
  // The send that was in flight finished before the process stopped.
  EXPECT_EQ(query_int(dir.file("stoop.db"), "SELECT COUNT(*) FROM outbox WHERE state = 'done'"), 1);
}

TEST(Lifecycle, SecretsNeverReachTheLog) {
  std::vector<std::string> lines;
  std::mutex mutex;
  set_log_sink([&](std::string_view line) {
    std::lock_guard lock(mutex);
    lines.emplace_back(line);
  });
  set_log_level(LogLevel::debug);
  {
    TempDir dir;
    FakeProvider twilio;
    twilio.fail_next(2, 500);
    auto config = base_config(dir.path(), twilio.base_url());
    config["log_level"] = "debug";
    TestServer server(config);
    server.start();
    server.sms("+16175550123", "Hola", "SM1");
    auto bad = twilio_form(public_url, "/hooks/sms", "wrong", {{"MessageSid", "SM2"}, {"From", "+1"}});
    http(server.port(), "POST", "/hooks/sms", bad.body, bad.headers);
    for (int i = 0; i < 20 && twilio.accepted_keys().empty(); ++i) {
      server.clock().advance(60'000);
      std::this_thread::sleep_for(100ms);
    }
    // Log the whole configuration on purpose: the redaction must still hold.
    log_debug("test", "config was ", config.dump());
    server.stop();
  }
  set_log_sink(nullptr);
  set_log_level(LogLevel::warn);
  ASSERT_FALSE(lines.empty());
  bool saw_redaction = false;
  for (const auto& line : lines) {
    EXPECT_EQ(line.find(twilio_token), std::string::npos) << line;
    saw_redaction |= line.find("[redacted]") != std::string::npos;
  }
  EXPECT_TRUE(saw_redaction);
  clear_secrets();
}

// The real binary, killed with SIGKILL while replies wait in the outbox.
TEST(Lifecycle, QueuedRepliesAreSentOnceAfterKillNine) {
  TempDir dir;
  auto provider_port = free_port();
  auto server_port = free_port();
  auto config = base_config(dir.path(), "http://127.0.0.1:" + std::to_string(provider_port));
  config["server"]["listen"] = "127.0.0.1:" + std::to_string(server_port);
  config["log_level"] = "info";
  std::ofstream(dir.file("config.json")) << config.dump();

  constexpr int messages = 20;
  {
    // Nothing listens at the provider's address: every send fails and waits to retry.
    Child server({"serve", "--config", dir.file("config.json")}, dir.file("first.log"));
    ASSERT_FALSE(server.wait_for_log("listening on", 10s).empty());
    for (int i = 0; i < messages; ++i) {
      auto form = twilio_form(public_url, "/hooks/sms", twilio_token,
                              {{"MessageSid", "SMk" + std::to_string(i)}, {"From", "+1617555" + std::to_string(2000 + i)},
                               {"Body", "Hola"}});
      ASSERT_EQ(http(server_port, "POST", "/hooks/sms", form.body, form.headers).status, 200);
    }
    server.signal(SIGKILL);
    EXPECT_EQ(server.wait(), 128 + SIGKILL);
  }
  EXPECT_EQ(query_int(dir.file("stoop.db"), "SELECT COUNT(*) FROM outbox WHERE state <> 'done'"), messages);

  FakeProvider twilio(provider_port);
  Child server({"serve", "--config", dir.file("config.json")}, dir.file("second.log"));
  ASSERT_FALSE(server.wait_for_log("listening on", 10s).empty());
  // Backoff from the first run may hold some rows a while (on the real clock here).
  ASSERT_TRUE(twilio.wait_for_accepted(messages, 60s)) << twilio.accepted_keys().size();
  std::this_thread::sleep_for(300ms);
  for (const auto& [key, times] : twilio.accepted_keys()) EXPECT_EQ(times, 1) << key;
  server.signal(SIGTERM);
  EXPECT_EQ(server.wait(), 0);
  EXPECT_EQ(query_int(dir.file("stoop.db"), "SELECT COUNT(*) FROM outbox WHERE state = 'done'"), messages);
  EXPECT_EQ(query_int(dir.file("stoop.db"), "SELECT COUNT(*) FROM messages WHERE direction = 'in'"), messages);
}

TEST(CommandLine, HelpAndVersion) {
  auto help = run_stoop({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("stoop serve --config FILE"), std::string::npos);
  auto version = run_stoop({"--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out.rfind("stoop ", 0), 0u);
  // The allocator the build linked the server with (bot/CMakeLists.txt), and
  // with tcmalloc, the cap on its caches applied.
  std::string allocator = STOOP_SERVER_ALLOCATOR;
  if (allocator == "tcmalloc") allocator += ", thread caches up to 4 MB";
  EXPECT_NE(version.out.find("\nallocator: " + allocator + "\n"), std::string::npos) << version.out;
}

TEST(CommandLine, BadUsageIsOneLineAndExitTwo) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {}, {"frobnicate"}, {"serve"}, {"serve", "--bogus", "x"}, {"serve", "--config"},
           {"serve", "--config", "/nonexistent/stoop.json"}}) {
    auto result = run_stoop(args);
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  }
}

TEST(CommandLine, BadConfigNamesThePointer) {
  TempDir dir;
  auto config = base_config(dir.path());
  config["server"]["listn"] = "oops";
  std::ofstream(dir.file("bad.json")) << config.dump();
  auto result = run_stoop({"serve", "--config", dir.file("bad.json")});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("/server/listn: unknown key"), std::string::npos) << result.err;

  config = base_config(dir.path());
  config["server"]["threads"] = "two";
  std::ofstream(dir.file("bad2.json")) << config.dump();
  result = run_stoop({"serve", "--config", dir.file("bad2.json")});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("/server/threads: expected an integer"), std::string::npos) << result.err;
}

TEST(CommandLine, ChatWithoutServerIsOneLineError) {
  TempDir dir;
  auto config = base_config(dir.path());
  config["server"]["listen"] = "127.0.0.1:" + std::to_string(free_port());
  std::ofstream(dir.file("config.json")) << config.dump();
  auto result = run_stoop({"chat", "--config", dir.file("config.json")}, "Hola\n");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("no stoop server is running"), std::string::npos);
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1);
}

} // namespace
} // namespace stoop::testing
