#include "bot/store_thread.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "bot/metrics.hpp"
#include "core/log.hpp"

namespace stoop {
namespace {

constexpr auto writer_spin = std::chrono::microseconds(200);
// A background checkpoint copies again while its last round found more than
// this many new frames (about two groups under load), at most catch_up_rounds
// times in all.
constexpr int catch_up_frames = 100;
constexpr int catch_up_rounds = 8;

void pause_briefly() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#else
  std::this_thread::yield();
#endif
}

// One failure that fails several jobs (a commit or a sync) reaches each job as
// an exception of its own. A single object would be read by each job's waiter,
// on different threads, and freed by whichever lets go of it last, through a
// reference count kept inside libstdc++, where ThreadSanitizer cannot see it.
std::exception_ptr copy_for_one_job(const std::exception_ptr& failure) {
  try {
    std::rethrow_exception(failure);
  } catch (const std::exception& e) {
    return std::make_exception_ptr(std::runtime_error(e.what()));
  } catch (...) {
    return std::make_exception_ptr(std::runtime_error("unknown error"));
  }
}

void rollback_quietly(storage::Store& store) {
  try {
    store.rollback();
  } catch (...) {
  }
}

} // namespace

StoreThread::StoreThread(std::unique_ptr<storage::Store> writer, std::unique_ptr<storage::Store> reader,
                         int max_batch, Metrics* metrics, std::unique_ptr<storage::Store> checkpointer,
                         int checkpoint_pages, std::function<void()> sync_log)
    : checkpoint_pages_(checkpoint_pages), has_reader_(reader != nullptr),
      max_batch_(static_cast<std::size_t>(max_batch)), metrics_(metrics) {
  sync_log_ = sync_log ? std::move(sync_log) : writer->log_sync();
  writer_.store = std::move(writer);
  reader_.store = std::move(reader);
  checkpointer_.store = std::move(checkpointer);
  if (metrics_) {
    metrics_->describe("stoop_store_commits_total", "counter", "Transactions committed by the store's writer.");
    metrics_->describe("stoop_store_jobs_total", "counter", "Jobs run by the store's writer.");
    metrics_->describe("stoop_store_commit_seconds", "histogram", "Time to run and commit one group of jobs.");
    metrics_->describe("stoop_store_checkpoints_total", "counter",
                       "WAL checkpoints, by where they ran (background, writer tail, writer forced).");
    metrics_->describe("stoop_store_log_syncs_total", "counter",
                       "Syncs of the database log, each making every group committed before it durable.");
  }
  writer_.thread = std::thread([this] {
    name_this_thread("stoop-writer");
    writer_loop();
  });
  if (sync_log_) {
    sync_.thread = std::thread([this] {
      name_this_thread("stoop-sync");
      sync_loop();
    });
  }
  if (has_reader_) {
    reader_.thread = std::thread([this] {
      name_this_thread("stoop-reader");
      reader_loop();
    });
  }
  if (checkpointer_.store) {
    checkpointer_.thread = std::thread([this] {
      name_this_thread("stoop-ckpt");
      checkpoint_loop();
    });
  }
}

StoreThread::~StoreThread() { stop(); }

void StoreThread::stop() {
  auto stop_lane = [](auto& lane) {
    {
      std::lock_guard lock(lane.mutex);
      lane.stopping = true;
    }
    lane.wake.notify_all();
  };
  for (Lane* lane : {&writer_, &reader_, &checkpointer_}) stop_lane(*lane);
  if (writer_.thread.joinable()) writer_.thread.join();
  // Only now: the writer's last groups are queued for their sync.
  stop_lane(sync_);
  if (sync_.thread.joinable()) sync_.thread.join();
  if (reader_.thread.joinable()) reader_.thread.join();
  if (checkpointer_.thread.joinable()) checkpointer_.thread.join();
}

void StoreThread::submit(Job job, bool write) {
  Lane& lane = (write || !has_reader_) ? writer_ : reader_;
  {
    std::unique_lock lock(lane.mutex);
    if (!lane.stopping) {
      lane.queue.push_back(std::move(job));
      lane.queued.store(lane.queue.size(), std::memory_order_release);
      lock.unlock();
      lane.wake.notify_one();
      return;
    }
  }
  std::vector<Job> refused;
  refused.push_back(std::move(job));
  std::vector<std::exception_ptr> errors{std::make_exception_ptr(std::runtime_error("the store is shut down"))};
  finish(refused, errors);
}

void StoreThread::finish(std::vector<Job>& jobs, std::vector<std::exception_ptr>& errors) {
  std::vector<std::pair<asio::any_io_executor, std::function<void()>>> resumes;
  if (completion_executor_) resumes.reserve(jobs.size());
  for (size_t i = 0; i < jobs.size(); ++i) {
    // Moved, not copied: the thread that finishes a job keeps no hold on its error.
    auto resume = [done = std::move(jobs[i].done), error = std::move(errors[i])]() mutable { done(std::move(error)); };
    if (!jobs[i].executor) {
      resume();
    } else if (completion_executor_) {
      resumes.emplace_back(std::move(jobs[i].executor), std::move(resume));
    } else {
      asio::post(jobs[i].executor, std::move(resume));
    }
  }
  if (resumes.empty()) return;
  // One wake-up for the group; from an I/O thread the posts below are cheap.
  asio::post(*completion_executor_, [resumes = std::move(resumes)]() mutable {
    for (auto& [executor, resume] : resumes) asio::post(executor, std::move(resume));
  });
}

void StoreThread::writer_loop() {
  std::vector<Job> batch;
  std::function<void()> after_group; // the writer's copy: it runs the hook only without a sync thread
  while (true) {
    // Under load the next jobs arrive within microseconds of a commit. Looking
    // for them briefly before sleeping saves the sleep and the wake-up, which
    // on a virtual machine cost more than the wait.
    auto spin_until = std::chrono::steady_clock::now() + writer_spin;
    while (writer_.queued.load(std::memory_order_acquire) == 0 && std::chrono::steady_clock::now() < spin_until) {
      pause_briefly();
    }
    // Room for the group before taking the lock: a vector grown job by job
    // under it (six times for a group of 30) kept the I/O threads waiting.
    batch.reserve(std::min(max_batch_, std::max<std::size_t>(64, writer_.queued.load(std::memory_order_acquire))));
    {
      std::unique_lock lock(writer_.mutex);
      writer_.wake.wait(lock, [&] { return writer_.stopping || !writer_.queue.empty(); });
      if (writer_.queue.empty()) break; // stopping, and nothing left to run
      while (!writer_.queue.empty() && batch.size() < max_batch_) {
        batch.push_back(std::move(writer_.queue.front()));
        writer_.queue.pop_front();
      }
      writer_.queued.store(writer_.queue.size(), std::memory_order_release);
      if (!sync_log_ && !after_group && after_group_) after_group = after_group_;
    }
    auto group = run_batch(std::move(batch));
    batch.clear();
    if (sync_log_) {
      {
        std::lock_guard lock(sync_.mutex);
        sync_.groups.push_back(std::move(group));
      }
      sync_.wake.notify_one();
    } else {
      complete(group, after_group);
    }
    if (checkpointer_.store) after_commit();
  }
}

void StoreThread::sync_loop() {
  std::function<void()> after_group;
  std::deque<Group> groups;
  while (true) {
    {
      std::unique_lock lock(sync_.mutex);
      sync_.wake.wait(lock, [&] { return sync_.stopping || !sync_.groups.empty(); });
      if (sync_.groups.empty()) break; // stopping, and every group is answered
      groups.swap(sync_.groups);
    }
    if (!after_group) after_group = after_group_hook();
    // One sync for every group committed since the last; a group that did not
    // commit has nothing on disk to wait for.
    bool any_committed = std::any_of(groups.begin(), groups.end(), [](const Group& g) { return g.committed; });
    std::exception_ptr sync_failure;
    if (any_committed) {
      try {
        sync_log_();
        if (metrics_) metrics_->increment("stoop_store_log_syncs_total");
      } catch (const std::exception& e) {
        // Committed but perhaps not on disk: nobody is told it is stored.
        // Providers retry what got no 200, and the retry finds it if it is.
        sync_failure = std::current_exception();
        log_error("store", "the database log could not be synced: ", e.what());
      }
    }
    for (auto& group : groups) {
      if (sync_failure && group.committed) {
        for (auto& error : group.errors) {
          if (!error) error = copy_for_one_job(sync_failure);
        }
      }
      complete(group, after_group);
    }
    groups.clear();
  }
}

std::function<void()> StoreThread::after_group_hook() {
  std::lock_guard lock(writer_.mutex);
  return after_group_;
}

void StoreThread::complete(Group& group, const std::function<void()>& after_group) {
  if (after_group) {
    try {
      after_group();
    } catch (const std::exception& e) {
      log_error("store", "after a group: ", e.what());
    }
  }
  finish(group.jobs, group.errors);
}

void StoreThread::after_commit() {
  auto count = [this](const char* where) {
    if (metrics_) metrics_->increment("stoop_store_checkpoints_total", {{"where", where}});
  };
  try {
    if (tail_needed_.exchange(false)) {
      // The background copy is done; the frames committed meanwhile are few.
      writer_.store->checkpoint();
      count("writer tail");
      return;
    }
    int frames = writer_.store->wal_frames();
    if (frames >= 8 * checkpoint_pages_) {
      writer_.store->checkpoint();
      count("writer forced");
    } else if (frames >= checkpoint_pages_ && !checkpointing_.load()) {
      {
        std::lock_guard lock(checkpointer_.mutex);
        checkpoint_requested_ = true;
      }
      checkpointer_.wake.notify_one();
    }
  } catch (const std::exception& e) {
    log_warn("store", "checkpoint failed: ", e.what());
  }
}

void StoreThread::checkpoint_loop() {
  while (true) {
    {
      std::unique_lock lock(checkpointer_.mutex);
      checkpointer_.wake.wait(lock, [&] { return checkpointer_.stopping || checkpoint_requested_; });
      if (checkpointer_.stopping) break;
      checkpoint_requested_ = false;
    }
    checkpointing_ = true;
    try {
      // Groups committed while it copied are not in the database yet, and the
      // log only restarts once everything is: the writer copies that tail
      // between two groups, and every webhook queued meanwhile waits for it.
      // So the copy is repeated while the tail is long; each round has only
      // the previous round's commits to copy, so the rounds get short.
      int copied_to = checkpointer_.store->checkpoint();
      for (int round = 1; round < catch_up_rounds && !checkpointer_stopping(); ++round) {
        int log = checkpointer_.store->checkpoint(); // copies what the last round left
        bool few = log - copied_to <= catch_up_frames;
        copied_to = log;
        if (few) break; // this round was short, so the tail it leaves is too
      }
      checkpointer_.store->sync_database();
      if (metrics_) metrics_->increment("stoop_store_checkpoints_total", {{"where", "background"}});
      tail_needed_ = true;
    } catch (const std::exception& e) {
      log_warn("store", "background checkpoint failed: ", e.what());
    }
    checkpointing_ = false;
  }
}

bool StoreThread::checkpointer_stopping() {
  std::lock_guard lock(checkpointer_.mutex);
  return checkpointer_.stopping;
}

void StoreThread::after_each_group(std::function<void()> hook) {
  std::lock_guard lock(writer_.mutex);
  after_group_ = std::move(hook);
}

StoreThread::Group StoreThread::run_batch(std::vector<Job> batch) {
  auto started = std::chrono::steady_clock::now();
  storage::Store& store = *writer_.store;
  std::vector<std::exception_ptr> errors(batch.size());
  bool committed = false;
  try {
    store.begin();
    // The repeatable jobs from `shared_from` on run together, inside one open
    // savepoint; a span that opens the transaction needs none, since rolling
    // the whole transaction back undoes exactly that span.
    bool shared_open = false;
    bool shared_bare = false; // the open span has no savepoint of its own
    bool transaction_empty = true;
    std::size_t shared_from = 0;
    auto close_shared = [&] {
      if (shared_open && !shared_bare) store.release_savepoint();
      shared_open = false;
    };
    for (std::size_t i = 0; i < batch.size(); ++i) {
      if (!batch[i].repeatable) {
        close_shared();
        run_alone(batch, errors, i);
        transaction_empty = false;
        continue;
      }
      if (!shared_open) {
        shared_bare = transaction_empty;
        if (!shared_bare) store.savepoint();
        shared_open = true;
        shared_from = i;
        transaction_empty = false;
      }
      try {
        batch[i].run(store);
      } catch (...) {
        // Undo the shared span, run the jobs before this one again, each on
        // its own, and leave this one out.
        errors[i] = std::current_exception();
        if (shared_bare) {
          rollback_quietly(store); // an error SQLite rolled back itself leaves nothing to roll back
          store.begin();
          transaction_empty = true;
        } else {
          store.rollback_to_savepoint();
          store.release_savepoint();
        }
        shared_open = false;
        for (std::size_t j = shared_from; j < i; ++j) {
          run_alone(batch, errors, j);
          transaction_empty = false;
        }
      }
    }
    close_shared();
    store.commit();
    committed = true;
    commits_.fetch_add(1);
  } catch (...) {
    // BEGIN or COMMIT failed: nothing in this group is durable, so every job fails.
    auto failure = std::current_exception();
    rollback_quietly(store);
    for (auto& error : errors) {
      if (!error) error = copy_for_one_job(failure);
    }
    try {
      std::rethrow_exception(failure);
    } catch (const std::exception& e) {
      log_error("store", "a transaction of ", batch.size(), " jobs failed: ", e.what());
    } catch (...) {
    }
  }
  if (metrics_) {
    metrics_->increment("stoop_store_commits_total");
    metrics_->increment("stoop_store_jobs_total", {}, batch.size());
    metrics_->observe("stoop_store_commit_seconds", {},
                      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  }
  return Group{std::move(batch), std::move(errors), committed};
}

void StoreThread::run_alone(std::vector<Job>& batch, std::vector<std::exception_ptr>& errors, std::size_t i) {
  storage::Store& store = *writer_.store;
  store.savepoint();
  try {
    batch[i].run(store);
    store.release_savepoint();
  } catch (...) {
    errors[i] = std::current_exception();
    store.rollback_to_savepoint();
    store.release_savepoint();
  }
}

void StoreThread::reader_loop() {
  while (true) {
    Job job;
    {
      std::unique_lock lock(reader_.mutex);
      reader_.wake.wait(lock, [&] { return reader_.stopping || !reader_.queue.empty(); });
      if (reader_.queue.empty()) break;
      job = std::move(reader_.queue.front());
      reader_.queue.pop_front();
      reader_.queued.store(reader_.queue.size(), std::memory_order_release);
    }
    std::vector<std::exception_ptr> errors(1);
    try {
      job.run(*reader_.store);
    } catch (...) {
      errors[0] = std::current_exception();
    }
    std::vector<Job> one;
    one.push_back(std::move(job));
    finish(one, errors);
  }
}

} // namespace stoop
