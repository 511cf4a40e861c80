#include "storage/sqlite/connection.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <set>
#include <stdexcept>

#include "core/crypto.hpp"
#include "core/log.hpp"
#include "storage/sqlite/log_vfs.hpp"
#include "storage/sqlite/migrations.hpp"
#include "storage/sqlite/page_cache.hpp"

namespace stoop::storage {
namespace {

// Before the first connection opens (SQLite reads its configuration once).
// Stoop never asks SQLite how much memory it holds, and keeping that count
// took a global mutex on every allocation: 8 % of the store writer's work.
// The page cache is SQLite's own, without a walk of the whole cache at
// commits after a page split (page_cache.hpp).
void configure_library() {
  static std::once_flag once;
  std::call_once(once, [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    install_page_cache();
  });
}

// Registering the log's VFS initialises SQLite, so the library is configured first.
std::string vfs_for(const SqliteOptions& options) {
  configure_library();
  return options.path == ":memory:" ? std::string() : std::string(log_gathering_vfs());
}

int open_flags(const SqliteOptions& options) {
  configure_library();
  if (options.read_only) return SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX;
  return SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX;
}

// The write-ahead log, synced through a descriptor of our own: on Linux a
// file's sync covers what any descriptor wrote to it. The log is looked up by
// name at each sync, in case SQLite deleted and created it again (it does so
// when the last connection closes). SQLite's POSIX locks are on the database
// and -shm files, never on the log, so opening and closing a descriptor of
// the log cannot drop one of them.
class LogFile {
 public:
  explicit LogFile(std::string path) : path_(std::move(path)) {}
  ~LogFile() {
    if (fd_ >= 0) ::close(fd_);
  }
  LogFile(const LogFile&) = delete;
  LogFile& operator=(const LogFile&) = delete;

  void sync() {
    std::lock_guard lock(mutex_);
    struct stat now {};
    if (::stat(path_.c_str(), &now) != 0) {
      // No log: SQLite removes it only once everything in it is in the database.
      if (errno == ENOENT) return;
      fail("cannot look up");
    }
    if (fd_ < 0 || now.st_ino != inode_ || now.st_dev != device_) {
      if (fd_ >= 0) ::close(fd_);
      fd_ = ::open(path_.c_str(), O_RDWR | O_CLOEXEC);
      struct stat opened {};
      if (fd_ < 0 || ::fstat(fd_, &opened) != 0) fail("cannot open");
      inode_ = opened.st_ino;
      device_ = opened.st_dev;
    }
    if (::fdatasync(fd_) != 0) fail("cannot sync");
  }

 private:
  [[noreturn]] void fail(const char* what) {
    throw std::runtime_error(std::string(what) + " the database log " + path_ + ": " + std::strerror(errno));
  }

  std::mutex mutex_;
  std::string path_;
  int fd_ = -1;
  ino_t inode_ = 0;
  dev_t device_ = 0;
};

void dedupe_key_function(sqlite3_context* context, int, sqlite3_value** args) {
  if (sqlite3_value_type(args[0]) == SQLITE_NULL || sqlite3_value_type(args[1]) == SQLITE_NULL) {
    sqlite3_result_null(context);
    return;
  }
  auto text = [](sqlite3_value* value) {
    const auto* bytes = reinterpret_cast<const char*>(sqlite3_value_text(value));
    return std::string_view(bytes, static_cast<std::size_t>(sqlite3_value_bytes(value)));
  };
  sqlite3_result_int64(context, inbound_dedupe_key(text(args[0]), text(args[1])));
}

} // namespace

std::int64_t inbound_dedupe_key(std::string_view channel_id, std::string_view provider_message_id) {
  std::string input;
  input.reserve(channel_id.size() + 1 + provider_message_id.size());
  input.append(channel_id).push_back('\0');
  input.append(provider_message_id);
  auto digest = sha256(input);
  std::uint64_t key = 0;
  for (int i = 0; i < 8; ++i) key = key << 8 | static_cast<unsigned char>(digest[static_cast<std::size_t>(i)]);
  return static_cast<std::int64_t>(key);
}

Connection::Connection(const SqliteOptions& options)
    : database_(options.path, open_flags(options), options.busy_timeout_ms, vfs_for(options)),
      auto_checkpoint_pages_(options.auto_checkpoint_pages) {
  if (options.synchronous != "full" && options.synchronous != "normal") {
    throw std::runtime_error("storage.synchronous must be \"full\" or \"normal\"");
  }
  bool log_file = !options.read_only && options.path != ":memory:";
  if (log_file) database_.exec("PRAGMA journal_mode=WAL");
  if (options.synchronous == "full" && options.sync_log_separately && log_file) {
    // In WAL mode NORMAL skips only the sync at commit; the log's header and
    // checkpoints are still synced. The commit's sync is log_sync_'s job.
    database_.exec("PRAGMA synchronous=NORMAL");
    auto file = std::make_shared<LogFile>(sqlite3_filename_wal(sqlite3_db_filename(database_.getHandle(), "main")));
    log_sync_ = [file] { file->sync(); };
  } else {
    database_.exec(options.synchronous == "full" ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
  }
  // What a write transaction knows of conversation rows ends with it, however
  // it was begun and ended (SQLite calls neither hook for a read).
  sqlite3_commit_hook(
      database_.getHandle(),
      [](void* self) {
        auto* connection = static_cast<Connection*>(self);
        ++connection->transactions_ended_;
        // A touch still held back means a COMMIT that did not come through
        // query(), which writes it first: the commit is refused (SQLite rolls
        // back) rather than made without it.
        if (connection->inbound_touch_) {
          connection->forget_transaction();
          return 1;
        }
        connection->forget_conversations();
        return 0; // commit
      },
      this);
  sqlite3_rollback_hook(
      database_.getHandle(),
      [](void* self) {
        auto* connection = static_cast<Connection*>(self);
        ++connection->transactions_ended_;
        connection->forget_transaction();
      },
      this);
  // Any change to the conversation row this transaction has a glance at, or
  // to a table the glance also read from, forgets the glance, whichever
  // statement, trigger or foreign key made it.
  sqlite3_update_hook(
      database_.getHandle(),
      [](void* self, int, const char*, const char* table, sqlite3_int64 rowid) {
        auto& glance = static_cast<Connection*>(self)->conversation_glance_;
        if (!glance) return;
        bool read = std::strcmp(table, "conversations") == 0
                        ? glance->contact_id == rowid
                        : std::strcmp(table, "crisis_cases") == 0 || std::strcmp(table, "requests") == 0 ||
                              std::strcmp(table, "users") == 0;
        if (read) glance.reset();
      },
      this);
  database_.exec("PRAGMA foreign_keys=ON");
  database_.exec("PRAGMA temp_store=MEMORY");
  database_.exec("PRAGMA cache_size=-" + std::to_string(options.cache_kib));
  sqlite3_create_function_v2(database_.getHandle(), "stoop_dedupe_key", 2,
                             SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY, nullptr, dedupe_key_function,
                             nullptr, nullptr, nullptr);
  if (!options.read_only && options.path != ":memory:") {
    // Our hook takes the place of SQLite's own wal_autocheckpoint hook: it
    // records the log's size for the store thread and, unless that is turned
    // off, checkpoints on the committing thread as SQLite's would.
    sqlite3_wal_hook(
        database_.getHandle(),
        [](void* self, sqlite3* db, const char* name, int frames) -> int {
          auto* connection = static_cast<Connection*>(self);
          connection->wal_frames_ = frames;
          if (connection->auto_checkpoint_pages_ > 0 && frames >= connection->auto_checkpoint_pages_) {
            sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
          }
          return SQLITE_OK;
        },
        this);
  }
}

std::int64_t Connection::data_version() {
  if (!data_version_) data_version_ = std::make_unique<SQLite::Statement>(database_, "PRAGMA data_version");
  data_version_->executeStep();
  auto version = data_version_->getColumn(0).getInt64();
  data_version_->reset();
  return version;
}

bool Connection::in_explicit_transaction() { return sqlite3_get_autocommit(database_.getHandle()) == 0; }

int Connection::checkpoint() {
  int log = 0, copied = 0;
  int rc = sqlite3_wal_checkpoint_v2(database_.getHandle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &log, &copied);
  if (rc == SQLITE_BUSY) return log > 0 ? log : 0; // another checkpoint runs: try again later
  if (rc != SQLITE_OK) throw std::runtime_error(std::string("checkpoint: ") + sqlite3_errmsg(database_.getHandle()));
  return log < 0 ? 0 : log;
}

void Connection::sync_database() {
  // Through SQLite's own handle of the file: a descriptor of ours, once
  // closed, would drop the POSIX locks SQLite holds on it.
  sqlite3_file* file = nullptr;
  auto* db = database_.getHandle();
  if (sqlite3_file_control(db, "main", SQLITE_FCNTL_FILE_POINTER, &file) != SQLITE_OK || file == nullptr ||
      file->pMethods == nullptr) {
    return; // an in-memory database: nothing on disk
  }
  int rc = file->pMethods->xSync(file, SQLITE_SYNC_NORMAL | SQLITE_SYNC_DATAONLY);
  if (rc != SQLITE_OK) throw std::runtime_error("cannot sync the database file: " + std::string(sqlite3_errstr(rc)));
}

namespace {

// Whether a statement could read or write a conversation row, or end the
// transaction or savepoint a held-back touch belongs to: all but the plain
// INSERT, UPDATE, DELETE and SELECT statements of other tables. (The tables'
// foreign keys to conversations only ask whether a row exists, which a touch
// never changes.)
bool may_see_conversations(std::string_view sql) {
  auto start = sql.find_first_not_of(" \t\n");
  if (start == std::string_view::npos) return true;
  std::string verb;
  for (std::size_t i = start; i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i])); ++i) {
    verb += static_cast<char>(std::toupper(static_cast<unsigned char>(sql[i])));
  }
  if (verb != "INSERT" && verb != "UPDATE" && verb != "DELETE" && verb != "SELECT") return true;
  std::string lower(sql);
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.find("conversations") != std::string::npos || lower.find("sessions") != std::string::npos;
}

} // namespace

Query Connection::query(std::string_view sql) {
  // Fibonacci hashing of the address (literals sit a few bytes apart); its
  // top 8 bits pick one of the 256 slots.
  static_assert(std::tuple_size_v<decltype(recent_)> == 256);
  auto address = reinterpret_cast<std::uintptr_t>(sql.data());
  auto& recent = recent_[(address * 0x9E3779B97F4A7C15ULL) >> 56];
  Prepared* prepared = nullptr;
  if (recent.prepared && recent.sql == sql.data() && recent.prepared->statement->getQuery() == sql) {
    prepared = recent.prepared;
  } else {
    auto it = statements_.find(sql);
    if (it == statements_.end()) {
      std::string key(sql);
      Prepared fresh{std::make_unique<SQLite::Statement>(database_, key), may_see_conversations(sql)};
      it = statements_.emplace(std::move(key), std::move(fresh)).first;
    }
    prepared = &it->second;
    recent = Recent{sql.data(), prepared};
  }
  if (inbound_touch_ && prepared->may_see_conversations) run_inbound_touch();
  return Query(*prepared->statement);
}

void Connection::defer_inbound_touch(InboundTouch touch) {
  if (inbound_touch_) run_inbound_touch();
  if (sqlite3_get_autocommit(database_.getHandle()) != 0) {
    // Each statement its own transaction: nothing to hold it back for.
    inbound_touch_ = touch;
    run_inbound_touch();
    return;
  }
  if (touch.recent && conversation_glance_ && conversation_glance_->contact_id == touch.contact_id) {
    conversation_glance_->recent_at = touch.at;
  }
  inbound_touch_ = touch;
}

std::optional<Connection::InboundTouch> Connection::take_inbound_touch(std::int64_t contact_id) {
  if (!inbound_touch_ || inbound_touch_->contact_id != contact_id) return std::nullopt;
  auto touch = inbound_touch_;
  inbound_touch_.reset();
  return touch;
}

const std::string& Connection::inbound_touch_sql(bool recent, bool with_session) {
  auto text = [](bool moves_recent, bool sets_session) {
    return std::string("UPDATE conversations SET ") + (sets_session ? "session = ?3, " : "") +
           "last_message_at = MAX(last_message_at, ?2), last_inbound_at = ?2, status = 'open'" +
           (moves_recent ? ", recent_at = ?2" : "") + " WHERE contact_id = ?1";
  };
  // Built once: the statements are then found again by the texts' addresses.
  static const std::array<std::string, 4> texts{text(false, false), text(false, true), text(true, false),
                                                text(true, true)};
  return texts[2 * recent + with_session];
}

void Connection::run_inbound_touch() {
  auto touch = *inbound_touch_;
  inbound_touch_.reset(); // before the statement below, which would run it again
  // The row's glance stays: the touch changes none of the fields it holds
  // (recent_at it was given when the touch was held back).
  auto glance = take_conversation_glance(touch.contact_id);
  query(inbound_touch_sql(touch.recent, false)).bind(touch.contact_id, touch.at).run();
  if (glance) glance_at_conversation(std::move(*glance));
}

void Connection::mark_conversation(std::int64_t contact_id, std::int64_t at) {
  if (sqlite3_get_autocommit(database_.getHandle()) != 0) {
    conversation_mark_.reset(); // each statement its own transaction: another connection may write in between
    return;
  }
  conversation_mark_ = ConversationMark{contact_id, at};
}

const Connection::ConversationGlance* Connection::conversation_glance(std::int64_t contact_id) const {
  if (!conversation_glance_ || conversation_glance_->contact_id != contact_id) return nullptr;
  // A transaction ended some way other than through the store's calls.
  if (sqlite3_get_autocommit(database_.getHandle()) != 0) return nullptr;
  return &*conversation_glance_;
}

const Connection::ConversationGlance* Connection::sender_glance(std::string_view channel_id,
                                                                 std::string_view address) const {
  if (!conversation_glance_ || conversation_glance_->channel_id != channel_id ||
      conversation_glance_->address != address) {
    return nullptr;
  }
  return conversation_glance(conversation_glance_->contact_id);
}

std::optional<Connection::ConversationGlance> Connection::take_conversation_glance(std::int64_t contact_id) {
  if (!conversation_glance(contact_id)) return std::nullopt;
  auto glance = std::move(conversation_glance_);
  conversation_glance_.reset();
  return glance;
}

void Connection::glance_at_conversation(ConversationGlance glance) {
  if (sqlite3_get_autocommit(database_.getHandle()) != 0) {
    conversation_glance_.reset();
    return;
  }
  conversation_glance_ = std::move(glance);
}

int Connection::schema_version() {
  return database_.execAndGet("PRAGMA user_version").getInt();
}

// Applied versions are recorded one by one (not only as a high-water mark), so a
// migration that was written in parallel with a later-numbered one still gets
// applied to a database that already has the later one.
void Connection::migrate() {
  database_.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                 "applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)");
  std::set<int> applied;
  {
    SQLite::Statement q(database_, "SELECT version FROM schema_migrations");
    while (q.executeStep()) applied.insert(q.getColumn(0).getInt());
  }
  int legacy = schema_version();
  if (applied.empty() && legacy > 0) {
    // A database from before schema_migrations existed: user_version said how far it was.
    for (const auto& m : migrations()) {
      if (m.version <= legacy) applied.insert(m.version);
    }
  }
  std::set<int> known;
  for (const auto& m : migrations()) known.insert(m.version);
  for (int version : applied) {
    if (!known.count(version)) {
      throw std::runtime_error("the database has migration " + std::to_string(version) +
                               ", which this stoop does not know: it was written by a newer stoop");
    }
  }
  for (const auto& migration : migrations()) {
    if (applied.count(migration.version)) continue;
    database_.exec("BEGIN IMMEDIATE");
    try {
      database_.exec(std::string(migration.sql));
      SQLite::Statement record(database_, "INSERT INTO schema_migrations (version, name) VALUES (?, ?)");
      record.bind(1, migration.version);
      record.bind(2, std::string(migration.name));
      record.exec();
      database_.exec("PRAGMA user_version=" + std::to_string(std::max(migration.version, schema_version())));
      database_.exec("COMMIT");
    } catch (...) {
      database_.exec("ROLLBACK");
      throw;
    }
    log_info("storage", "applied migration ", migration.name);
  }
  // Databases that predate the table get their history written down once.
  for (int version : applied) {
    SQLite::Statement record(database_, "INSERT OR IGNORE INTO schema_migrations (version, name) VALUES (?, 'earlier')");
    record.bind(1, version);
    record.exec();
  }
}

} // namespace stoop::storage
