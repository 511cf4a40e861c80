#include "storage/sqlite/connection.hpp"

#include <stdexcept>

#include "core/log.hpp"
#include "storage/sqlite/migrations.hpp"

namespace stoop::storage {
namespace {

int open_flags(const SqliteOptions& options) {
  if (options.read_only) return SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX;
  return SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX;
}

} // namespace

Connection::Connection(const SqliteOptions& options)
    : database_(options.path, open_flags(options), options.busy_timeout_ms) {
  if (options.synchronous != "full" && options.synchronous != "normal") {
    throw std::runtime_error("storage.synchronous must be \"full\" or \"normal\"");
  }
  if (!options.read_only && options.path != ":memory:") database_.exec("PRAGMA journal_mode=WAL");
  database_.exec(options.synchronous == "full" ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
  database_.exec("PRAGMA foreign_keys=ON");
  database_.exec("PRAGMA temp_store=MEMORY");
}

Query Connection::query(std::string_view sql) {
  std::string key(sql);
  auto it = statements_.find(key);
  if (it == statements_.end()) {
    auto statement = std::make_unique<SQLite::Statement>(database_, key);
    it = statements_.emplace(std::move(key), std::move(statement)).first;
  }
  return Query(*it->second);
}

int Connection::schema_version() {
  return database_.execAndGet("PRAGMA user_version").getInt();
}

void Connection::migrate() {
  int current = schema_version();
  int newest = migrations().empty() ? 0 : migrations().back().version;
  if (current > newest) {
    throw std::runtime_error("the database schema (version " + std::to_string(current) +
                             ") is newer than this stoop (version " + std::to_string(newest) + ")");
  }
  for (const auto& migration : migrations()) {
    if (migration.version <= current) continue;
    database_.exec("BEGIN IMMEDIATE");
    try {
      database_.exec(std::string(migration.sql));
      database_.exec("PRAGMA user_version=" + std::to_string(migration.version));
      database_.exec("COMMIT");
    } catch (...) {
      database_.exec("ROLLBACK");
      throw;
    }
    log_info("storage", "applied migration ", migration.name);
  }
}

} // namespace stoop::storage
