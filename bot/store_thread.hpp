// The store's own threads, reached from coroutines through awaitables, so no
// I/O thread ever blocks on disk.
//
// Writes: one writer thread owns the read-write connection. Jobs that queue
// while a commit is on disk are run together in the next transaction (group
// commit), each inside its own savepoint so one failing job rolls back alone.
// Repeatable jobs (write_repeatable) share one savepoint between failures:
// opening a savepoint makes SQLite copy every page a job first touches, which
// cost the inbound path a fifth of its writer's time, and webhooks almost
// never fail. When one does, the shared savepoint is rolled back and the jobs
// before it run again, each in its own. A span of them that opens the
// transaction (under load, nearly every group of webhooks) has no savepoint
// at all: rolling the transaction back undoes exactly that span.
// A job's awaitable completes only after its transaction is durable: an HTTP
// 200 sent after `co_await write(...)` means the work is on disk.
//
// Sync: when the writer's commits leave the log's sync to us (Store::log_sync,
// which the app asks for with synchronous "full"), a fourth thread makes each
// committed group durable and only then completes its jobs, while the writer
// already runs the next group. The disk's sync and the next group's work
// overlap instead of taking turns; one sync covers every group committed
// since the last. Nothing outside the store hears of a group before its sync:
// its awaiters, the after-group hook, and so the dispatcher, all wait for it.
//
// Reads: a second thread with a read-only connection (WAL lets it read while
// the writer writes), so dashboard queries never wait behind a commit.
//
// Checkpoints: with a checkpointer connection, commits never checkpoint (that
// stalls a whole group behind copying pages to the database). When the log
// passes checkpoint_pages a third thread copies it in the background (again
// while much was committed during its copy) and syncs the database file; the
// writer itself only copies the few frames committed meanwhile, between two
// groups, so the next group can restart the log from its beginning. A log
// that still reaches 8 × checkpoint_pages is checkpointed by the writer, so it
// never grows without bound under load that leaves no quiet moment.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>

#include "bot/asio.hpp"
#include "storage/store.hpp"

namespace stoop {

class Metrics;

class StoreThread {
 public:
  // reader may be null (an in-memory database): reads then go to the writer.
  // checkpointer may be null: the writer's own connection then checkpoints as SQLite does by default.
  // sync_log, when set, replaces the writer's own Store::log_sync (tests use it to hold a sync back).
  StoreThread(std::unique_ptr<storage::Store> writer, std::unique_ptr<storage::Store> reader, int max_batch,
              Metrics* metrics = nullptr, std::unique_ptr<storage::Store> checkpointer = nullptr,
              int checkpoint_pages = 1000, std::function<void()> sync_log = {});
  ~StoreThread();
  StoreThread(const StoreThread&) = delete;
  StoreThread& operator=(const StoreThread&) = delete;

  // Runs fn(store) inside a committed transaction; returns its result.
  template <class F>
  auto write(F fn) -> awaitable<std::invoke_result_t<F&, storage::Store&>> {
    return submit_awaitable(std::move(fn), true);
  }
  // Like write, for a job that may run more than once: when a later job of
  // its group fails, it runs again after the rollback, so whatever it does
  // outside the store must be harmless to repeat and its result comes from
  // the run that commits.
  template <class F>
  auto write_repeatable(F fn) -> awaitable<std::invoke_result_t<F&, storage::Store&>> {
    return submit_awaitable(std::move(fn), true, true);
  }
  template <class F>
  auto read(F fn) -> awaitable<std::invoke_result_t<F&, storage::Store&>> {
    return submit_awaitable(std::move(fn), false);
  }
  // Blocking forms, for the command line and for tests; never call from an I/O thread.
  template <class F>
  auto write_now(F fn) -> std::invoke_result_t<F&, storage::Store&> {
    return submit_blocking<F>(std::move(fn), true);
  }
  template <class F>
  auto read_now(F fn) -> std::invoke_result_t<F&, storage::Store&> {
    return submit_blocking<F>(std::move(fn), false);
  }

  // Completions of awaited jobs are handed to the I/O threads through this
  // executor, once per group rather than once per job: every post from the
  // store's thread can wake an I/O thread, and those wake-ups were the largest
  // cost per webhook after the TCP work. Without it, each job posts its own.
  void complete_on(asio::any_io_executor executor) { completion_executor_ = std::move(executor); }

  // Runs after each group, committed (and synced) or not, before the group's
  // awaiters resume (the outbox wakes the dispatcher from here). One thread
  // runs it: the writer's, or the sync thread's when there is one.
  void after_each_group(std::function<void()> hook);

  // Runs what is queued, then stops both threads. Later submissions fail.
  void stop();
  std::uint64_t commits() const { return commits_.load(); }

 private:
  struct Job {
    std::function<void(storage::Store&)> run;
    // With an executor, done resumes the waiting coroutine and must run there;
    // without one (blocking callers), it runs on the store's thread.
    std::function<void(std::exception_ptr)> done;
    asio::any_io_executor executor;
    bool repeatable = false;
  };
  struct Lane {
    std::unique_ptr<storage::Store> store;
    std::mutex mutex;
    std::condition_variable wake;
    std::deque<Job> queue;
    std::atomic<std::size_t> queued{0}; // queue.size(), readable without the mutex
    bool stopping = false;
    std::thread thread;
  };

  // A group the writer has run, on its way to its awaiters.
  struct Group {
    std::vector<Job> jobs;
    std::vector<std::exception_ptr> errors; // one per job
    bool committed = false;
  };
  struct SyncLane {
    std::mutex mutex;
    std::condition_variable wake;
    std::deque<Group> groups;
    bool stopping = false;
    std::thread thread;
  };

  void submit(Job job, bool write);
  void writer_loop();
  void reader_loop();
  void checkpoint_loop();
  void sync_loop();
  Group run_batch(std::vector<Job> batch);
  void complete(Group& group, const std::function<void()>& after_group);
  std::function<void()> after_group_hook(); // a copy, taken under the writer's mutex
  // Runs batch[i] inside its own savepoint; a failure rolls back that job alone.
  void run_alone(std::vector<Job>& batch, std::vector<std::exception_ptr>& errors, std::size_t i);
  void finish(std::vector<Job>& jobs, std::vector<std::exception_ptr>& errors);
  void after_commit(); // on the writer thread, between groups
  bool checkpointer_stopping();

  // Not a coroutine itself: it returns the awaitable that async_initiate makes,
  // so the job never lives in a coroutine frame of ours (g++ 12 mishandles
  // lambdas moved out of coroutine parameters).
  template <class F>
  auto submit_awaitable(F fn, bool write, bool repeatable = false) {
    using Result = std::invoke_result_t<F&, storage::Store&>;
    if constexpr (std::is_void_v<Result>) {
      auto initiate = [this, write, repeatable](auto handler, F job_fn) {
        auto executor = asio::prefer(asio::get_associated_executor(handler), asio::execution::outstanding_work.tracked);
        auto shared_handler = std::make_shared<decltype(handler)>(std::move(handler));
        Job job;
        job.repeatable = repeatable;
        job.run = [job_fn = std::move(job_fn)](storage::Store& store) mutable { job_fn(store); };
        job.done = [shared_handler](std::exception_ptr error) { (*shared_handler)(std::move(error)); };
        job.executor = executor;
        submit(std::move(job), write);
      };
      return asio::async_initiate<const asio::use_awaitable_t<>&, void(std::exception_ptr)>(
          std::move(initiate), use_awaitable, std::move(fn));
    } else {
      static_assert(std::is_default_constructible_v<Result>, "store job results must be default-constructible");
      auto initiate = [this, write, repeatable](auto handler, F job_fn) {
        auto executor = asio::prefer(asio::get_associated_executor(handler), asio::execution::outstanding_work.tracked);
        auto shared_handler = std::make_shared<decltype(handler)>(std::move(handler));
        auto slot = std::make_shared<std::optional<Result>>();
        Job job;
        job.repeatable = repeatable;
        job.run = [slot, job_fn = std::move(job_fn)](storage::Store& store) mutable { slot->emplace(job_fn(store)); };
        job.done = [shared_handler, slot](std::exception_ptr error) {
          auto result = (error || !*slot) ? Result{} : std::move(**slot);
          (*shared_handler)(std::move(error), std::move(result));
        };
        job.executor = executor;
        submit(std::move(job), write);
      };
      return asio::async_initiate<const asio::use_awaitable_t<>&, void(std::exception_ptr, Result)>(
          std::move(initiate), use_awaitable, std::move(fn));
    }
  }

  template <class F>
  auto submit_blocking(F fn, bool write) -> std::invoke_result_t<F&, storage::Store&> {
    using Result = std::invoke_result_t<F&, storage::Store&>;
    std::mutex mutex;
    std::condition_variable finished;
    bool done = false;
    std::exception_ptr failure;
    std::conditional_t<std::is_void_v<Result>, bool, std::optional<Result>> slot{};
    Job job;
    job.run = [&](storage::Store& store) {
      if constexpr (std::is_void_v<Result>) {
        fn(store);
      } else {
        slot.emplace(fn(store));
      }
    };
    job.done = [&](std::exception_ptr error) {
      std::lock_guard lock(mutex);
      failure = std::move(error); // the store's thread keeps no hold on it (store_thread.cpp)
      done = true;
      finished.notify_one();
    };
    submit(std::move(job), write);
    std::unique_lock lock(mutex);
    finished.wait(lock, [&] { return done; });
    if (failure) std::rethrow_exception(failure);
    if constexpr (!std::is_void_v<Result>) return std::move(*slot);
  }

  Lane writer_;
  Lane reader_;
  Lane checkpointer_; // its queue stays empty: `requested` wakes it
  SyncLane sync_;
  std::function<void()> sync_log_; // empty: each commit is durable when it returns
  bool checkpoint_requested_ = false;    // guarded by checkpointer_.mutex
  std::atomic<bool> checkpointing_{false};
  std::atomic<bool> tail_needed_{false}; // frames were committed while the background copy ran
  int checkpoint_pages_;
  bool has_reader_;
  std::size_t max_batch_;
  Metrics* metrics_;
  std::optional<asio::any_io_executor> completion_executor_;
  std::function<void()> after_group_; // guarded by writer_.mutex
  std::atomic<std::uint64_t> commits_{0};
};

} // namespace stoop
