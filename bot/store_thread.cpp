#include "bot/store_thread.hpp"

#include <chrono>
#include <stdexcept>

#include "bot/metrics.hpp"
#include "core/log.hpp"

namespace stoop {

StoreThread::StoreThread(std::unique_ptr<storage::Store> writer, std::unique_ptr<storage::Store> reader,
                         int max_batch, Metrics* metrics)
    : has_reader_(reader != nullptr), max_batch_(static_cast<std::size_t>(max_batch)), metrics_(metrics) {
  writer_.store = std::move(writer);
  reader_.store = std::move(reader);
  if (metrics_) {
    metrics_->describe("stoop_store_commits_total", "counter", "Transactions committed by the store's writer.");
    metrics_->describe("stoop_store_jobs_total", "counter", "Jobs run by the store's writer.");
    metrics_->describe("stoop_store_commit_seconds", "histogram", "Time to run and commit one group of jobs.");
  }
  writer_.thread = std::thread([this] { writer_loop(); });
  if (has_reader_) reader_.thread = std::thread([this] { reader_loop(); });
}

StoreThread::~StoreThread() { stop(); }

void StoreThread::stop() {
  for (Lane* lane : {&writer_, &reader_}) {
    {
      std::lock_guard lock(lane->mutex);
      lane->stopping = true;
    }
    lane->wake.notify_all();
  }
  if (writer_.thread.joinable()) writer_.thread.join();
  if (reader_.thread.joinable()) reader_.thread.join();
}

void StoreThread::submit(Job job, bool write) {
  Lane& lane = (write || !has_reader_) ? writer_ : reader_;
  {
    std::lock_guard lock(lane.mutex);
    if (!lane.stopping) {
      lane.queue.push_back(std::move(job));
      lane.wake.notify_one();
      return;
    }
  }
  job.done(std::make_exception_ptr(std::runtime_error("the store is shut down")));
}

void StoreThread::writer_loop() {
  std::vector<Job> batch;
  while (true) {
    {
      std::unique_lock lock(writer_.mutex);
      writer_.wake.wait(lock, [&] { return writer_.stopping || !writer_.queue.empty(); });
      if (writer_.queue.empty()) break; // stopping, and nothing left to run
      while (!writer_.queue.empty() && batch.size() < max_batch_) {
        batch.push_back(std::move(writer_.queue.front()));
        writer_.queue.pop_front();
      }
    }
    run_batch(batch);
    batch.clear();
  }
}

void StoreThread::run_batch(std::vector<Job>& batch) {
  auto started = std::chrono::steady_clock::now();
  storage::Store& store = *writer_.store;
  std::vector<std::exception_ptr> errors(batch.size());
  try {
    store.begin();
    for (size_t i = 0; i < batch.size(); ++i) {
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
    store.commit();
    commits_.fetch_add(1);
  } catch (...) {
    // BEGIN or COMMIT failed: nothing in this group is durable, so every job fails.
    auto failure = std::current_exception();
    try {
      store.rollback();
    } catch (...) {
    }
    for (auto& error : errors) {
      if (!error) error = failure;
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
  for (size_t i = 0; i < batch.size(); ++i) batch[i].done(errors[i]);
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
    }
    std::exception_ptr error;
    try {
      job.run(*reader_.store);
    } catch (...) {
      error = std::current_exception();
    }
    job.done(error);
  }
}

} // namespace stoop
