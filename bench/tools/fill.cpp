// `stoop-bench fill`: a bench database made quickly. Creates the schema with
// Stoop's own migrations, then writes contacts (each with an SMS identity from
// phone_number(), so the load generator's senders are known contacts), a history
// of messages alternating in and out (the outbound ones sent, their outbox rows
// done), and optionally pending replies for the dispatcher to drain. One big
// transaction with synchronous=OFF: a bench fixture, not a durability test.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <chrono>
#include <cstdio>

#include "bench/tools/options.hpp"
#include "bench/tools/twilio_load.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/store.hpp"

namespace stoop::bench {

int run_fill(const Options& options) {
  auto path = options.get("db", "");
  if (path.empty()) throw std::runtime_error("fill needs --db PATH");
  auto contacts = options.get_int("contacts", 100'000);
  auto messages = options.get_int("messages", 1'000'000);
  auto pending = options.get_int("pending", 0);
  auto channel = options.get("channel", "sms");
  auto started = std::chrono::steady_clock::now();

  storage::open_sqlite_store(storage::SqliteOptions{path}); // creates and migrates
  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  db.exec("PRAGMA journal_mode=WAL");
  db.exec("PRAGMA synchronous=OFF");
  db.exec("PRAGMA cache_size=-200000");
  std::int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch()).count() - 86'400'000;
  std::int64_t first_contact = db.execAndGet("SELECT COALESCE(MAX(id), 0) FROM contacts").getInt64() + 1;
  std::int64_t first_message = db.execAndGet("SELECT COALESCE(MAX(id), 0) FROM messages").getInt64() + 1;

  SQLite::Transaction transaction(db);
  SQLite::Statement contact(db, "INSERT INTO contacts (id, uuid, language, created_at) VALUES (?, ?, 'en', ?)");
  SQLite::Statement identity(db, "INSERT INTO identities (contact_id, channel_id, address, created_at, "
                                 "last_inbound_at) VALUES (?, ?, ?, ?, ?)");
  for (std::uint64_t i = 0; i < contacts; ++i) {
    auto id = first_contact + static_cast<std::int64_t>(i);
    char uuid[40];
    std::snprintf(uuid, sizeof uuid, "bench%027lld", static_cast<long long>(id));
    contact.bind(1, id);
    contact.bind(2, uuid);
    contact.bind(3, now);
    contact.exec();
    contact.reset();
    identity.bind(1, id);
    identity.bind(2, channel);
    identity.bind(3, phone_number(i));
    identity.bind(4, now);
    identity.bind(5, now);
    identity.exec();
    identity.reset();
  }

  SQLite::Statement message(db, "INSERT INTO messages (id, contact_id, channel_id, direction, provider_message_id, "
                                "body, status, segments, author, created_at, updated_at) "
                                "VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)");
  SQLite::Statement key(db, "INSERT INTO inbound_keys (epoch, key, message_id) VALUES (?2 >> 18, ?1, ?2)");
  SQLite::Statement outbox(db, "INSERT INTO outbox (message_id, contact_id, channel_id, address, payload, kind, "
                               "idempotency_key, state, attempts, next_attempt_at, created_at) "
                               "VALUES (?, ?, ?, ?, ?, 'reply', ?, ?, ?, ?, ?)");
  const auto& texts = sample_texts();
  auto write = [&](std::uint64_t n, bool inbound, const char* status, const char* outbox_state) {
    auto id = first_message + static_cast<std::int64_t>(n);
    auto contact_index = n / 2 % contacts;
    auto contact_id = first_contact + static_cast<std::int64_t>(contact_index);
    const auto& text = inbound ? texts[n % texts.size()] : std::string("Thank you! We got your message.");
    message.bind(1, id);
    message.bind(2, contact_id);
    message.bind(3, channel);
    message.bind(4, inbound ? "in" : "out");
    auto provider_id = (inbound ? "SMfill" : "SMsent") + std::to_string(id);
    message.bind(5, provider_id);
    message.bind(6, text);
    message.bind(7, status);
    message.bind(8, inbound ? "contact" : "bot");
    message.bind(9, now + static_cast<std::int64_t>(n));
    message.bind(10, now + static_cast<std::int64_t>(n));
    message.exec();
    message.reset();
    if (inbound) {
      key.bind(1, stoop::storage::inbound_dedupe_key(channel, provider_id));
      key.bind(2, id);
      key.exec();
      key.reset();
      return;
    }
    outbox.bind(1, id);
    outbox.bind(2, contact_id);
    outbox.bind(3, channel);
    outbox.bind(4, phone_number(contact_index));
    outbox.bind(5, "{}"); // as Stoop writes it: the text stays in the message row
    outbox.bind(6, "fill-" + std::to_string(id));
    outbox.bind(7, outbox_state);
    outbox.bind(8, std::string(outbox_state) == "done" ? 1 : 0);
    outbox.bind(9, std::string(outbox_state) == "done" ? now : 0);
    outbox.bind(10, now + static_cast<std::int64_t>(n));
    outbox.exec();
    outbox.reset();
  };
  for (std::uint64_t n = 0; n < messages; ++n) write(n, n % 2 == 0, n % 2 == 0 ? "received" : "delivered", "done");
  // Pending replies: one per contact in turn (message numbers keep going, all outbound).
  for (std::uint64_t p = 0; p < pending; ++p) write(messages + 2 * p + 1, false, "queued", "pending");
  // The conversation rows the server keeps as it stores messages, written at once here.
  SQLite::Statement conversations(db, "INSERT OR IGNORE INTO conversations (contact_id, last_message_at, last_inbound_at, "
                                      "updated_at, recent_at) SELECT contact_id, MAX(created_at), MAX(CASE WHEN "
                                      "direction = 'in' THEN created_at END), MAX(created_at), MAX(created_at) "
                                      "FROM messages WHERE contact_id >= ? "
                                      "GROUP BY contact_id");
  conversations.bind(1, first_contact);
  conversations.exec();
  transaction.commit();
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("filled %s: %llu contacts, %llu messages, %llu pending replies in %.1f s\n", path.c_str(),
              static_cast<unsigned long long>(contacts), static_cast<unsigned long long>(messages),
              static_cast<unsigned long long>(pending), seconds);
  return 0;
}

} // namespace stoop::bench
