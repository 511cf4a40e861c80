// The real binary under load, killed with SIGKILL at random moments, restarted
// each time. Afterwards: every webhook that got a 200 is stored exactly once,
// every queued reply was delivered and accepted once by the provider (by its
// idempotency key), and the database is intact. Short by default (CI); set
// STOOP_CRASH_ROUNDS for a longer run (scripts/crash.sh).
#include <gtest/gtest.h>
#include <signal.h>

#include <SQLiteCpp/Database.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "tests/support/fake_provider.hpp"
#include "tests/support/process.hpp"
#include "tests/support/test_server.hpp"

namespace stoop::testing {
namespace {

using namespace std::chrono_literals;

int rounds() {
  const char* value = std::getenv("STOOP_CRASH_ROUNDS");
  return value ? std::max(1, std::atoi(value)) : 3;
}

bool wait_ready(std::uint16_t port, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (http(port, "GET", "/readyz").status == 200) return true;
    std::this_thread::sleep_for(10ms);
  }
  return false;
}

// Webhooks from several threads until told to stop; remembers which got a 200.
class Load {
 public:
  Load(std::uint16_t port, int threads, std::atomic<std::uint64_t>& next_sid) : port_(port) {
    for (int t = 0; t < threads; ++t) {
      threads_.emplace_back([this, t, &next_sid] {
        std::mt19937 random(static_cast<unsigned>(t));
        while (!stop_) {
          auto n = next_sid++;
          auto sid = "SMcrash" + std::to_string(n);
          // A few hundred senders: new ones get a welcome reply, known ones are looked up.
          auto from = "+1617556" + std::to_string(1000 + random() % 400);
          auto form = twilio_form(public_url, "/hooks/sms", twilio_token,
                                  {{"MessageSid", sid}, {"From", from}, {"To", "+16175550100"}, {"Body", "Hola"}});
          int status = http(port_, "POST", "/hooks/sms", form.body, form.headers).status;
          if (status == 200) {
            std::lock_guard lock(mutex_);
            acknowledged_.insert(sid);
            // Now and then the provider retries an acknowledged webhook: it must not be stored twice.
            if (n % 7 == 0) {
              http(port_, "POST", "/hooks/sms", form.body, form.headers);
            }
          }
        }
      });
    }
  }
  ~Load() { stop(); }
  void stop() {
    stop_ = true;
    for (auto& t : threads_) {
      if (t.joinable()) t.join();
    }
  }
  std::set<std::string> acknowledged() {
    std::lock_guard lock(mutex_);
    return acknowledged_;
  }

 private:
  std::uint16_t port_;
  std::atomic<bool> stop_{false};
  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::set<std::string> acknowledged_;
};

TEST(Crash, KillNineUnderLoadLosesNothingAndSendsOnce) {
  TempDir dir;
  auto provider_port = free_port();
  auto server_port = free_port();
  auto config = base_config(dir.path(), "http://127.0.0.1:" + std::to_string(provider_port));
  config["server"]["listen"] = "127.0.0.1:" + std::to_string(server_port);
  config["outbox"]["backoff_initial_ms"] = 50;
  config["outbox"]["max_attempts"] = 100;
  config["log_level"] = "warn";
  std::ofstream(dir.file("config.json")) << config.dump();

  FakeProvider twilio(provider_port);
  std::atomic<std::uint64_t> next_sid{0};
  std::set<std::string> acknowledged;
  std::mt19937 random(std::random_device{}());
  for (int round = 0; round < rounds(); ++round) {
    Child server({"serve", "--config", dir.file("config.json")}, dir.file("server.log"));
    ASSERT_TRUE(wait_ready(server_port, 20s)) << "round " << round;
    {
      Load load(server_port, 4, next_sid);
      std::this_thread::sleep_for(std::chrono::milliseconds(150 + random() % 600));
      server.signal(SIGKILL);
      EXPECT_EQ(server.wait(), 128 + SIGKILL);
      load.stop();
      auto acked = load.acknowledged();
      acknowledged.insert(acked.begin(), acked.end());
    }
  }
  ASSERT_FALSE(acknowledged.empty());

  // A last, clean run delivers whatever is still queued.
  Child server({"serve", "--config", dir.file("config.json")}, dir.file("server.log"));
  ASSERT_TRUE(wait_ready(server_port, 20s));
  auto db_path = dir.file("stoop.db");
  auto deadline = std::chrono::steady_clock::now() + 60s;
  while (query_int(db_path, "SELECT COUNT(*) FROM outbox WHERE state IN ('pending', 'sending')") > 0 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(50ms);
  }
  server.signal(SIGTERM);
  EXPECT_EQ(server.wait(), 0);

  SQLite::Database db(db_path, SQLite::OPEN_READONLY);
  EXPECT_EQ(db.execAndGet("PRAGMA integrity_check").getString(), "ok");
  EXPECT_FALSE(SQLite::Statement(db, "PRAGMA foreign_key_check").executeStep());
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM sessions WHERE json_valid(state) = 0").getInt(), 0);

  // Every acknowledged webhook is stored exactly once.
  SQLite::Statement stored(db, "SELECT COUNT(*) FROM messages WHERE direction = 'in' AND provider_message_id = ?");
  for (const auto& sid : acknowledged) {
    stored.bind(1, sid);
    ASSERT_TRUE(stored.executeStep());
    EXPECT_EQ(stored.getColumn(0).getInt(), 1) << sid;
    stored.reset();
  }
  // Every queued reply was delivered, and the provider made one message per idempotency key.
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM outbox WHERE state <> 'done'").getInt(), 0);
  auto accepted = twilio.accepted_keys();
  SQLite::Statement keys(db, "SELECT idempotency_key FROM outbox");
  int replies = 0;
  while (keys.executeStep()) {
    ++replies;
    EXPECT_TRUE(accepted.count(keys.getColumn(0).getString())) << keys.getColumn(0).getString();
  }
  EXPECT_GT(replies, 0);
  EXPECT_EQ(db.execAndGet("SELECT COUNT(DISTINCT provider_message_id) FROM messages WHERE direction = 'out'").getInt(),
            replies);
  std::set<std::string> sids;
  for (const auto& request : twilio.requests()) sids.insert(request.header("idempotency-key"));
  EXPECT_EQ(sids.size(), static_cast<std::size_t>(replies)); // no send without a queued reply behind it
  std::cout << "crash test: " << rounds() << " kills, " << acknowledged.size() << " webhooks acknowledged, "
            << replies << " replies, " << twilio.request_count() << " sends\n";
}

} // namespace
} // namespace stoop::testing
