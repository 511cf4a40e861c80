// The store thread: group commit with a savepoint per job, answers only after
// the group's sync, and WAL checkpoints that keep the log bounded under load
// that never pauses.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>

#include "bot/metrics.hpp"
#include "bot/store_thread.hpp"
#include "tests/support/http.hpp"

namespace stoop {
namespace {

using testing::TempDir;

struct Stores {
  std::unique_ptr<storage::Store> writer, reader, checkpointer;
};

// background: checkpoints on their own connection, and the writer's commits
// synced by the store thread, as the app opens them.
Stores open_stores(const std::string& path, bool background) {
  storage::SqliteOptions options{path};
  options.auto_checkpoint_pages = background ? 0 : 1000;
  Stores stores;
  options.sync_log_separately = background;
  stores.writer = storage::open_sqlite_store(options);
  options.sync_log_separately = false;
  if (background) stores.checkpointer = storage::open_sqlite_store(options);
  options.read_only = true;
  stores.reader = storage::open_sqlite_store(options);
  return stores;
}

storage::ContactRecord contact(int n, std::size_t name_size = 10) {
  storage::ContactRecord c;
  c.uuid = "uuid-" + std::to_string(n);
  c.name = std::string(name_size, 'n');
  c.created_at = n;
  return c;
}

TEST(StoreThread, AFailingJobRollsBackAloneInItsGroup) {
  TempDir dir;
  auto stores = open_stores(dir.file("s.db"), true);
  StoreThread store(std::move(stores.writer), std::move(stores.reader), 512, nullptr, std::move(stores.checkpointer));
  std::vector<std::thread> threads;
  std::atomic<int> failed{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        int n = t * 1000 + i;
        try {
          store.write_now([n](storage::Store& s) {
            s.contacts().create(contact(n));
            if (n % 10 == 3) throw std::runtime_error("this job fails after writing");
          });
        } catch (const std::runtime_error&) {
          ++failed;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failed.load(), 40);
  EXPECT_EQ(store.read_now([](storage::Store& s) { return s.contacts().count(); }), 400 - 40);
  EXPECT_LT(store.commits(), 400u); // jobs were grouped
}

struct Outcome {
  int runs = 0;
  std::optional<std::int64_t> id;
  bool failed = false;
};

// A coroutine with its arguments in its own frame (a capturing lambda's would dangle).
awaitable<void> write_contact(StoreThread& store, int n, bool fail, Outcome& outcome, bool repeatable = true) {
  auto job = [n, fail, &outcome](storage::Store& s) {
    ++outcome.runs;
    auto id = s.contacts().create(contact(n)).id;
    if (fail) throw std::runtime_error("this job fails after writing");
    return id;
  };
  try {
    // Not a conditional expression: GCC 12 evaluates both co_awaits of one.
    if (repeatable) {
      outcome.id = co_await store.write_repeatable(job);
    } else {
      outcome.id = co_await store.write(job);
    }
  } catch (const std::runtime_error&) {
    outcome.failed = true;
  }
}

// Holds the writer until release() so that the jobs submitted meanwhile run as one group.
struct HeldWriter {
  explicit HeldWriter(StoreThread& store) {
    blocker = std::thread([&store, this, gate = released.get_future()]() mutable {
      store.write_now([&](storage::Store&) {
        started.set_value();
        gate.wait();
      });
    });
    started.get_future().wait();
  }
  void release() {
    released.set_value();
    blocker.join();
  }
  std::promise<void> started, released;
  std::thread blocker;
};

std::vector<int> runs_of(const std::vector<Outcome>& outcomes) {
  std::vector<int> runs;
  for (const auto& outcome : outcomes) runs.push_back(outcome.runs);
  return runs;
}

std::vector<bool> failures_of(const std::vector<Outcome>& outcomes) {
  std::vector<bool> failed;
  for (const auto& outcome : outcomes) failed.push_back(outcome.failed);
  return failed;
}

TEST(StoreThread, RepeatableJobsRunAgainWhenALaterJobOfTheirGroupFails) {
  TempDir dir;
  auto stores = open_stores(dir.file("s.db"), false);
  StoreThread store(std::move(stores.writer), std::move(stores.reader), 512);
  HeldWriter held(store); // so that the six repeatable jobs queue up and run as one group

  constexpr int jobs = 6;
  constexpr int failing = 3;
  std::vector<Outcome> outcomes(jobs);
  asio::io_context io;
  for (int i = 0; i < jobs; ++i) asio::co_spawn(io, write_contact(store, i, i == failing, outcomes[i]), asio::detached);
  io.poll(); // every coroutine has submitted its job and waits
  held.release();
  io.run();

  // The jobs before the failing one were rolled back with it and ran again; the later ones ran once.
  EXPECT_EQ(runs_of(outcomes), (std::vector<int>{2, 2, 2, 1, 1, 1}));
  EXPECT_EQ(failures_of(outcomes), (std::vector<bool>{false, false, false, true, false, false}));
  EXPECT_EQ(store.read_now([](storage::Store& s) { return s.contacts().count(); }), jobs - 1);
  for (int i = 0; i < jobs; ++i) {
    if (i == failing) continue;
    ASSERT_TRUE(outcomes[i].id) << i;
    auto stored = store.read_now([id = *outcomes[i].id](storage::Store& s) { return s.contacts().get(id); });
    ASSERT_TRUE(stored) << i;
    EXPECT_EQ(stored->uuid, "uuid-" + std::to_string(i)); // the result is the committed run's
  }
  EXPECT_EQ(store.commits(), 2u); // the blocker's group, then the six together
}

// A span of repeatable jobs that opens the transaction has no savepoint, and a
// failure in it rolls the whole transaction back; a span after another job
// must not take that job's work with it.
TEST(StoreThread, AFailingRepeatableJobTakesOnlyItsSpanWithIt) {
  TempDir dir;
  auto stores = open_stores(dir.file("s.db"), false);
  StoreThread store(std::move(stores.writer), std::move(stores.reader), 512);
  HeldWriter held(store);

  // A job on its own, a span whose second job fails, a job on its own, a span
  // whose first job fails (nothing before it to run again), one more job.
  struct Planned {
    bool repeatable, fail;
  };
  const std::vector<Planned> plan{{false, false}, {true, false}, {true, true},  {true, false},
                                  {false, false}, {true, true},  {true, false}};
  std::vector<Outcome> outcomes(plan.size());
  asio::io_context io;
  for (std::size_t i = 0; i < plan.size(); ++i) {
    asio::co_spawn(io, write_contact(store, static_cast<int>(i), plan[i].fail, outcomes[i], plan[i].repeatable),
                   asio::detached);
  }
  io.poll();
  held.release();
  io.run();

  EXPECT_EQ(runs_of(outcomes), (std::vector<int>{1, 2, 1, 1, 1, 1, 1}));
  EXPECT_EQ(failures_of(outcomes), (std::vector<bool>{false, false, true, false, false, true, false}));
  auto uuids = store.read_now([](storage::Store& s) {
    std::set<std::string> found;
    for (std::int64_t id = 1; id <= 20; ++id) {
      if (auto c = s.contacts().get(id)) found.insert(c->uuid);
    }
    return found;
  });
  EXPECT_EQ(uuids, (std::set<std::string>{"uuid-0", "uuid-1", "uuid-3", "uuid-4", "uuid-6"}));
  EXPECT_EQ(store.commits(), 2u);
}

std::int64_t contacts_in(StoreThread& store) {
  return store.read_now([](storage::Store& s) { return s.contacts().count(); });
}

TEST(StoreThread, AJobIsAnsweredOnlyOnceItsGroupIsSynced) {
  TempDir dir;
  auto stores = open_stores(dir.file("s.db"), false);
  std::promise<void> first_sync, release;
  std::shared_future<void> gate = release.get_future().share();
  std::atomic<int> syncs{0};
  auto hold_first_sync = [&] {
    if (syncs++ == 0) {
      first_sync.set_value();
      gate.wait();
    }
  };
  StoreThread store(std::move(stores.writer), std::move(stores.reader), 512, nullptr, nullptr, 1000,
                    hold_first_sync);
  std::atomic<int> answered{0};
  auto write = [&](int n) {
    store.write_now([n](storage::Store& s) { s.contacts().create(contact(n)); });
    ++answered;
  };
  std::thread first(write, 1);
  bool synced = first_sync.get_future().wait_for(std::chrono::seconds(10)) == std::future_status::ready;
  EXPECT_TRUE(synced) << "the group was never synced";
  EXPECT_EQ(contacts_in(store), 1); // committed, and visible to readers
  // While the first group waits for its sync, the writer commits the next.
  std::thread second(write, 2);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (contacts_in(store) < 2 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_EQ(contacts_in(store), 2);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(answered.load(), 0); // neither is answered before its sync
  release.set_value();
  first.join();
  second.join();
  EXPECT_EQ(answered.load(), 2);
  EXPECT_EQ(syncs.load(), 2); // the second group had its own sync after the first
}

// The names the process's threads carry (Linux: /proc/self/task/<tid>/comm).
std::set<std::string> thread_names() {
  std::set<std::string> names;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream comm(task.path() / "comm");
    std::string name;
    if (std::getline(comm, name)) names.insert(name);
  }
  return names;
}

TEST(StoreThread, ItsThreadsAreNamedForWhatTheyDo) {
  TempDir dir;
  auto stores = open_stores(dir.file("s.db"), true);
  auto sync = [] {};
  {
    StoreThread store(std::move(stores.writer), std::move(stores.reader), 512, nullptr, std::move(stores.checkpointer),
                      1000, sync);
    store.write_now([](storage::Store& s) { s.contacts().create(contact(1)); });
    // Each thread names itself when it starts, and on a busy machine the
    // reader and the checkpointer (which have had no work yet) may not have
    // started by now: give them a few seconds.
    const std::set<std::string> expected{"stoop-writer", "stoop-sync", "stoop-reader", "stoop-ckpt"};
    auto names = thread_names();
    auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    auto all_named = [&] {
      return std::all_of(expected.begin(), expected.end(), [&](const auto& name) { return names.count(name) > 0; });
    };
    while (!all_named() && std::chrono::steady_clock::now() < give_up) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      names = thread_names();
    }
    for (const auto& name : expected) EXPECT_TRUE(names.count(name)) << name << " is missing";
  }
  EXPECT_FALSE(thread_names().count("stoop-writer")) << "the writer outlived its store";
}

TEST(StoreThread, AFailedSyncFailsTheJobsItCovered) {
  TempDir dir;
  auto stores = open_stores(dir.file("s.db"), false);
  std::atomic<bool> disk_fails{true};
  StoreThread store(std::move(stores.writer), std::move(stores.reader), 512, nullptr, nullptr, 1000, [&] {
    if (disk_fails) throw std::runtime_error("the disk is gone");
  });
  try {
    store.write_now([](storage::Store& s) { s.contacts().create(contact(1)); });
    ADD_FAILURE() << "a job whose sync failed was answered as stored";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "the disk is gone");
  }
  disk_fails = false;
  EXPECT_NO_THROW(store.write_now([](storage::Store& s) { s.contacts().create(contact(2)); }));
}

TEST(StoreThread, OnlyASeparatelySyncedWriterHandsOverItsSync) {
  TempDir dir;
  EXPECT_FALSE(open_stores(dir.file("a.db"), false).writer->log_sync());
  auto stores = open_stores(dir.file("b.db"), true);
  auto sync = stores.writer->log_sync();
  ASSERT_TRUE(sync);
  stores.writer->begin();
  stores.writer->contacts().create(contact(1));
  stores.writer->commit();
  EXPECT_NO_THROW(sync());
}

TEST(StoreThread, BackgroundCheckpointsKeepTheLogBounded) {
  TempDir dir;
  auto path = dir.file("s.db");
  auto stores = open_stores(path, true);
  Metrics metrics;
  constexpr int pages = 100;
  StoreThread store(std::move(stores.writer), std::move(stores.reader), 512, &metrics, std::move(stores.checkpointer),
                    pages);
  std::atomic<bool> stop{false};
  std::atomic<int> written{0};
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; !stop; ++i) {
        int n = t * 1'000'000 + i;
        store.write_now([n](storage::Store& s) { s.contacts().create(contact(n, 600)); });
        ++written;
      }
    });
  }
  // Readers hold snapshots now and then, as the dashboard does.
  std::thread reader([&] {
    while (!stop) store.read_now([](storage::Store& s) { return s.contacts().count(); });
  });
  // Enough writes that the log, never checkpointed, would pass the bound many
  // times over; counted, not timed, so a busy machine only makes it slower.
  constexpr int enough = 4000;
  std::uintmax_t largest = 0;
  auto started = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::steady_clock::now() - started; };
  while ((written.load() < enough || elapsed() < std::chrono::seconds(3)) && elapsed() < std::chrono::seconds(120)) {
    std::error_code ec;
    largest = std::max(largest, std::filesystem::file_size(path + "-wal", ec));
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  stop = true;
  for (auto& t : writers) t.join();
  reader.join();
  EXPECT_GE(written.load(), enough);
  // Never past the forced checkpoint (8 × pages) plus one group's frames.
  EXPECT_LT(largest, 16u * pages * (4096 + 24)) << written.load() << " contacts written";
  EXPECT_GT(metrics.counter_value("stoop_store_checkpoints_total", {{"where", "background"}}), 0u);
  EXPECT_EQ(store.read_now([](storage::Store& s) { return s.contacts().count(); }), written.load());
}

} // namespace
} // namespace stoop
