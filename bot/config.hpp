// The configuration file: one JSON object, ${NAME} in any string replaced from
// the environment, validated before anything starts. Unknown keys and wrong
// types are refused with the JSON pointer of the bad value.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "bot/routing_config.hpp"
#include "core/expected.hpp"
#include "core/log.hpp"

namespace stoop {

struct ServerConfig {
  std::string listen_host = "127.0.0.1";
  std::uint16_t listen_port = 8080; // 0: any free port (tests)
  std::string public_url;           // no trailing slash
  int threads = 2;
  std::size_t webhook_body_limit = 64 * 1024;
  std::size_t api_body_limit = 256 * 1024;
  std::size_t header_limit = 8 * 1024;
  int read_timeout_ms = 10'000; // to read one request, headers and body, from its first byte
  int idle_timeout_ms = 30'000; // from one answer to the next request's first byte (keep-alive)
  int max_connections = 10'000;
  int shutdown_grace_ms = 10'000;
  std::string dashboard_dir = "dashboard";
};

struct StorageConfig {
  std::string sqlite = "data/stoop.db";
  std::string synchronous = "full";
  int max_batch = 512; // most jobs grouped into one commit
  // "background": WAL checkpoints run on their own thread and connection, off
  // the commit path; "commit": SQLite's default, on the committing thread.
  std::string checkpoint = "background";
  int checkpoint_pages = 65536; // WAL size that starts a checkpoint (256 MB of 4 KB pages)
  int cache_kib = 2048;        // SQLite page cache of the reader and the checkpointer
  // The writer's page cache: every message reads its provider id's, its
  // sender's and its conversation's pages at random places in the database.
  int writer_cache_kib = 32768;
};

struct OutboxConfig {
  int max_attempts = 10;
  int backoff_initial_ms = 1'000;
  int backoff_max_ms = 10 * 60'000;
  int concurrency = 16; // sends in flight per channel
  int request_timeout_ms = 15'000;
};

struct RateLimitConfig {
  double webchat_per_minute = 30;             // per visitor and per address
  double api_per_minute = 600;                // per signed-in user or address
  double signin_per_minute = 10;              // sign-in attempts per address
  double inbound_per_contact_per_minute = 30; // processing, not storage, is throttled
};

// Dashboard sign-in (docs/configuration.md, "auth").
struct AuthConfig {
  int pbkdf2_iterations = 600'000; // PBKDF2-HMAC-SHA256, OWASP's 2023 figure
  int min_password_length = 12;
  int session_idle_minutes = 12 * 60; // a session unused this long ends
  int session_max_hours = 7 * 24;     // and none lasts longer than this
  int max_failed_signins = 5;         // consecutive failures before the account locks
  int lockout_minutes = 15;
};

// Results back to the community and data rights (docs/transparency.md).
struct TransparencyConfig {
  std::string poll = "priorities";   // the flow whose answers RESULTS and /community show
  std::string result = "priorities"; // its several-choice result
  std::string neighbourhood_result = "neighbourhood";
  int results_top = 3;             // priorities listed by RESULTS, per area
  int delete_confirm_minutes = 15; // DELETE must be repeated within this
  int broadcast_batch = 50;        // recipients queued per store transaction
  int broadcast_pause_ms = 1'000;  // between batches
  // Representativeness: expected share (0..1) of each group, by dimension
  // ("neighbourhood", "language", "age_band"); a group below flag_below times
  // its share among respondents is flagged under-represented.
  std::map<std::string, std::map<std::string, double>> baselines;
  double flag_below = 0.8;
  std::string age_band_result = "age_band";
};

struct RetentionConfig {
  int message_days = 365; // message bodies older than this are emptied; 0 keeps them
  int check_minutes = 60; // how often the retention job runs
};

struct ChannelEntry {
  std::string id;
  std::string type;
  std::shared_ptr<const nlohmann::json> settings; // the channel's object, env-expanded
};

struct Config {
  std::string path; // the file it came from
  ServerConfig server;
  StorageConfig storage;
  std::string flows_dir = "config/flows";
  std::string messages_file = "config/messages.json";
  std::string default_language = "en";
  std::vector<std::string> languages{"en", "es", "ht", "kea", "zh", "vi"};
  OutboxConfig outbox;
  RateLimitConfig rate_limits;
  AuthConfig auth;
  TransparencyConfig transparency;
  RetentionConfig retention;
  LogLevel log_level = LogLevel::info;
  std::vector<ChannelEntry> channels;
  RoutingConfig routing;                     // "routing", "teams", "people", "prompts"
  std::shared_ptr<const nlohmann::json> raw; // the whole expanded document

  const ChannelEntry* channel(std::string_view id) const;
};

// Reads, expands and validates. The error is one line: "POINTER: reason".
Expected<Config> load_config_file(const std::string& path);
Expected<Config> parse_config(std::string_view text, const std::string& path_for_messages,
                              const std::function<const char*(const char*)>& getenv_fn);

// Every channel secret the adapters declare, as configured (for log redaction).
std::vector<std::string> config_secrets(const Config& config);

} // namespace stoop
