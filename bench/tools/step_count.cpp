// libstoop-stepcount.so: loaded into `stoop serve` with LD_PRELOAD by
// `bench/run.sh statements`, it counts the calls of sqlite3_step by statement
// text and, when the process exits, writes "count<TAB>statement" lines to the
// file named by STOOP_STEP_COUNT_OUT. A statement counts once per call: once
// per row read, and once more when a loop reads past the last row. For the
// bench only: it takes a lock on every step.
#include <dlfcn.h>
#include <sqlite3.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <unordered_map>

namespace {

using StepFunction = int (*)(sqlite3_stmt*);

struct Counts {
  std::mutex mutex;
  std::unordered_map<std::string, std::uint64_t> by_statement;

  ~Counts() {
    const char* path = std::getenv("STOOP_STEP_COUNT_OUT");
    if (!path || by_statement.empty()) return;
    if (std::FILE* out = std::fopen(path, "w")) {
      for (const auto& [sql, count] : by_statement) {
        std::fprintf(out, "%llu\t%s\n", static_cast<unsigned long long>(count), sql.c_str());
      }
      std::fclose(out);
    }
  }
};

Counts& counts() {
  static Counts instance;
  return instance;
}

StepFunction real_step() {
  static const auto step = reinterpret_cast<StepFunction>(dlsym(RTLD_NEXT, "sqlite3_step"));
  return step;
}

} // namespace

extern "C" int sqlite3_step(sqlite3_stmt* statement) {
  const char* sql = sqlite3_sql(statement);
  {
    auto& c = counts();
    std::lock_guard lock(c.mutex);
    ++c.by_statement[sql ? sql : "?"];
  }
  return real_step()(statement);
}
