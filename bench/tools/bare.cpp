// stoop-bare: the bound Stoop's inbound figure is compared with. A bare
// Boost.Beast server that stores each POST's body in SQLite with group commit
// and answers 200 once its transaction is on disk (WAL, synchronous=FULL),
// and does nothing else: no signature, no parsing of the form, no flow. It
// runs under the same load generator (`stoop-bench webhooks`) on the same
// machine, so the gap between the two is what Stoop's own work costs.
//
//   stoop-bare --port P --db PATH [--threads 2] [--max-batch 512] [--work-us 0] [--io-work-us 0]
//
// --work-us keeps the writer busy that many microseconds more per request,
// after its INSERT: how the bound falls as the writer does more per request
// (docs/performance.md, "The bound"). --io-work-us does the same on the I/O
// thread that read the request, before it is queued for the writer: whether
// the same work costs less throughput off the writer than on it.
//
// Prints "ready" once it listens; runs until SIGINT or SIGTERM.
#include <sqlite3.h>

#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/signal_set.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include "bench/tools/options.hpp"
#include "bot/asio.hpp"

namespace stoop::bench {
namespace {

namespace http = boost::beast::http;

// Keeps the calling thread's core busy for `span`, as real work would.
void busy_for(std::chrono::microseconds span) {
  auto until = std::chrono::steady_clock::now() + span;
  while (std::chrono::steady_clock::now() < until) {
  }
}

void check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    throw std::runtime_error(std::string(what) + ": " + sqlite3_errmsg(db));
  }
}

// One writer thread: what queues while a transaction commits goes into the next one.
class GroupCommitWriter {
 public:
  GroupCommitWriter(const std::string& path, std::size_t max_batch, std::chrono::microseconds work)
      : max_batch_(max_batch), work_(work) {
    check(sqlite3_open(path.c_str(), &db_), db_, "open");
    check(sqlite3_exec(db_,
                       "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                       "CREATE TABLE IF NOT EXISTS webhooks (id INTEGER PRIMARY KEY, body TEXT NOT NULL)",
                       nullptr, nullptr, nullptr),
          db_, "set up");
    check(sqlite3_prepare_v2(db_, "INSERT INTO webhooks (body) VALUES (?)", -1, &insert_, nullptr), db_, "prepare");
    check(sqlite3_prepare_v2(db_, "BEGIN IMMEDIATE", -1, &begin_, nullptr), db_, "prepare");
    check(sqlite3_prepare_v2(db_, "COMMIT", -1, &commit_, nullptr), db_, "prepare");
    thread_ = std::thread([this] { loop(); });
  }
  ~GroupCommitWriter() {
    stop();
    for (auto* statement : {insert_, begin_, commit_}) sqlite3_finalize(statement);
    sqlite3_close(db_);
  }

  // Runs what is queued, then stops the thread. Call it while the I/O
  // context that the answers are posted to still exists.
  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) thread_.join();
  }

  // Completes (with true when stored) on the caller's executor once the body is durable.
  awaitable<bool> store(std::string body) {
    auto initiate = [this](auto handler, std::string text) {
      auto executor = asio::get_associated_executor(handler);
      auto shared = std::make_shared<decltype(handler)>(std::move(handler));
      std::lock_guard lock(mutex_);
      queue_.push_back(
          Job{std::move(text), [executor, shared](bool ok) { asio::post(executor, [shared, ok] { (*shared)(ok); }); }});
      wake_.notify_one();
    };
    return asio::async_initiate<const asio::use_awaitable_t<>&, void(bool)>(initiate, use_awaitable, std::move(body));
  }

 private:
  struct Job {
    std::string body;
    std::function<void(bool)> done;
  };

  void loop() {
    std::vector<Job> batch;
    while (true) {
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;
        while (!queue_.empty() && batch.size() < max_batch_) {
          batch.push_back(std::move(queue_.front()));
          queue_.pop_front();
        }
      }
      bool ok = true;
      try {
        run(begin_);
        for (auto& job : batch) {
          sqlite3_bind_text(insert_, 1, job.body.data(), static_cast<int>(job.body.size()), SQLITE_STATIC);
          run(insert_);
          if (work_.count() > 0) busy_for(work_);
        }
        run(commit_); // synchronous=FULL: the log is synced before this returns
      } catch (const std::exception& e) {
        std::fprintf(stderr, "stoop-bare: %s\n", e.what());
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        ok = false;
      }
      for (auto& job : batch) job.done(ok);
      batch.clear();
    }
  }
  void run(sqlite3_stmt* statement) {
    int rc = sqlite3_step(statement);
    sqlite3_reset(statement);
    check(rc, db_, "step");
  }

  sqlite3* db_ = nullptr;
  sqlite3_stmt* insert_ = nullptr;
  sqlite3_stmt* begin_ = nullptr;
  sqlite3_stmt* commit_ = nullptr;
  std::size_t max_batch_;
  std::chrono::microseconds work_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

awaitable<void> serve_connection(boost::beast::tcp_stream stream, GroupCommitWriter& writer,
                                 std::chrono::microseconds io_work) {
  boost::beast::flat_buffer buffer;
  while (true) {
    http::request<http::string_body> request;
    boost::system::error_code ec;
    co_await http::async_read(stream, buffer, request, asio::redirect_error(use_awaitable, ec));
    if (ec) co_return;
    if (io_work.count() > 0) busy_for(io_work);
    bool stored = co_await writer.store(std::move(request.body()));
    http::response<http::string_body> response{stored ? http::status::ok : http::status::internal_server_error,
                                               request.version()};
    response.set(http::field::content_type, "text/xml");
    response.body() = "<Response/>";
    response.keep_alive(request.keep_alive());
    response.prepare_payload();
    co_await http::async_write(stream, response, asio::redirect_error(use_awaitable, ec));
    if (ec || !response.keep_alive()) co_return;
  }
}

awaitable<void> accept_loop(tcp::acceptor& acceptor, GroupCommitWriter& writer, std::chrono::microseconds io_work) {
  while (true) {
    auto socket = co_await acceptor.async_accept(use_awaitable);
    socket.set_option(tcp::no_delay(true));
    auto executor = socket.get_executor();
    asio::co_spawn(executor, serve_connection(boost::beast::tcp_stream(std::move(socket)), writer, io_work), asio::detached);
  }
}

int run_bare(const Options& options) {
  auto port = static_cast<unsigned short>(options.get_int("port", 0));
  auto threads = static_cast<int>(options.get_int("threads", 2));
  auto max_batch = options.get_int("max-batch", 512);
  if (max_batch == 0) throw std::runtime_error("--max-batch must be at least 1");
  auto work = std::chrono::microseconds(options.get_int("work-us", 0));
  auto io_work = std::chrono::microseconds(options.get_int("io-work-us", 0));
  GroupCommitWriter writer(options.get("db", "bare.sqlite"), max_batch, work);
  asio::io_context io(threads);
  tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), port});
  asio::co_spawn(io, accept_loop(acceptor, writer, io_work), asio::detached);
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](auto, int) { io.stop(); });
  std::printf("ready on port %u\n", acceptor.local_endpoint().port());
  std::fflush(stdout);
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back([&] { io.run(); });
  io.run();
  for (auto& thread : pool) thread.join();
  writer.stop(); // its last answers go to the stopped context, not to a destroyed one
  return 0;
}

} // namespace
} // namespace stoop::bench

int main(int argc, char** argv) {
  try {
    std::vector<std::string> args(argv + 1, argv + argc);
    return stoop::bench::run_bare(stoop::bench::Options(args, {"port", "db", "threads", "max-batch", "work-us", "io-work-us"}));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stoop-bare: %s\n", e.what());
    return 2;
  }
}
