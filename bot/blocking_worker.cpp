#include "bot/blocking_worker.hpp"

#include "core/log.hpp"

namespace stoop {

BlockingWorker::BlockingWorker()
    : thread_([this] {
        name_this_thread("stoop-blocking");
        loop();
      }) {}

BlockingWorker::~BlockingWorker() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void BlockingWorker::submit(std::function<void()> job) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(job));
  }
  wake_.notify_one();
}

void BlockingWorker::loop() {
  while (true) {
    std::function<void()> job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return; // stopping, and nothing left
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    job(); // catches its own exceptions (see run)
  }
}

} // namespace stoop
