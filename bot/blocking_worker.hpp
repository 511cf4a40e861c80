// A thread for slow, blocking work that must not run on an I/O thread:
// password hashing (PBKDF2 at 600k iterations takes a good fraction of a
// second) and reading flow files. Jobs run one at a time, in order; a flood
// of sign-in attempts queues here instead of stalling every connection.
#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>

#include "bot/asio.hpp"

namespace stoop {

class BlockingWorker {
 public:
  BlockingWorker();
  ~BlockingWorker(); // runs what is queued, then joins
  BlockingWorker(const BlockingWorker&) = delete;
  BlockingWorker& operator=(const BlockingWorker&) = delete;

  // Runs fn() on the worker thread and resumes the caller on its own executor
  // with the result. Not a coroutine itself, so fn never lives in a coroutine
  // frame (see StoreThread::submit_awaitable for why that matters on g++ 12).
  template <class F>
  auto run(F fn) {
    using Result = std::invoke_result_t<F&>;
    static_assert(std::is_default_constructible_v<Result>, "worker results must be default-constructible");
    auto initiate = [this](auto handler, F job) {
      auto executor = asio::prefer(asio::get_associated_executor(handler), asio::execution::outstanding_work.tracked);
      auto shared_handler = std::make_shared<decltype(handler)>(std::move(handler));
      submit([executor, shared_handler, job = std::move(job)]() mutable {
        std::exception_ptr error;
        Result result{};
        try {
          result = job();
        } catch (...) {
          error = std::current_exception();
        }
        asio::post(executor, [shared_handler, error, result = std::move(result)]() mutable {
          (*shared_handler)(error, std::move(result));
        });
      });
    };
    return asio::async_initiate<const asio::use_awaitable_t<>&, void(std::exception_ptr, Result)>(
        std::move(initiate), use_awaitable, std::move(fn));
  }

 private:
  void submit(std::function<void()> job);
  void loop();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

} // namespace stoop
